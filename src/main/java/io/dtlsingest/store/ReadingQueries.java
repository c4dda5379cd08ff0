package io.dtlsingest.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Reads readings back, newest first, through the (device, time) and (device, name) indexes. */
@Component
public class ReadingQueries {

    private static final String SELECT_READINGS =
            "select name, time, num_value, str_value, bool_value, data_value, sum_value, unit,"
                    + " received_at from readings";

    private final JdbcClient jdbc;

    ReadingQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Readings of one device, newest first.
     *
     * @param name only readings of this name, when not null
     * @param from only readings taken at or after this time, when not null
     * @param to only readings taken before this time, when not null
     * @param limit readings returned at most
     */
    public List<StoredReading> latest(
            String deviceId,
            @Nullable String name,
            @Nullable Instant from,
            @Nullable Instant to,
            int limit) {
        StringBuilder sql = new StringBuilder(SELECT_READINGS).append(" where device_id = ?");
        List<Object> params = new ArrayList<>();
        params.add(deviceId);
        if (name != null) {
            sql.append(" and name = ?");
            params.add(name);
        }
        if (from != null) {
            sql.append(" and time >= ?");
            params.add(Timestamp.from(from));
        }
        if (to != null) {
            sql.append(" and time < ?");
            params.add(Timestamp.from(to));
        }
        sql.append(" order by time desc limit ?");
        params.add(limit);

        return jdbc.sql(sql.toString()).params(params).query(ReadingQueries::reading).list();
    }

    private static StoredReading reading(ResultSet rs, int row) throws SQLException {
        String type = null;
        Object value = null;
        double number = rs.getDouble("num_value");
        if (!rs.wasNull()) {
            type = "number";
            value = number;
        } else if (rs.getString("str_value") != null) {
            type = "string";
            value = rs.getString("str_value");
        } else if (rs.getObject("bool_value") != null) {
            type = "boolean";
            value = rs.getBoolean("bool_value");
        } else if (rs.getBytes("data_value") != null) {
            type = "data";
            value =
                    Base64.getUrlEncoder()
                            .withoutPadding()
                            .encodeToString(rs.getBytes("data_value"));
        }
        double sum = rs.getDouble("sum_value");
        boolean hasSum = !rs.wasNull();
        return new StoredReading(
                rs.getString("name"),
                rs.getTimestamp("time").toInstant(),
                type,
                value,
                hasSum ? sum : null,
                rs.getString("unit"),
                rs.getTimestamp("received_at").toInstant());
    }
}
