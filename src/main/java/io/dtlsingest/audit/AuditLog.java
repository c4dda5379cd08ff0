package io.dtlsingest.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/** The {@code audit_log} table. */
@Repository
class AuditLog {

    private final JdbcClient jdbc;
    private final JsonMapper json;

    AuditLog(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    void insert(Actor actor, String action, String target, String detailsJson) {
        jdbc.sql(
                        "insert into audit_log (actor, source, action, target, details)"
                                + " values (?, ?, ?, ?, cast(? as jsonb))")
                .params(actor.name(), actor.source(), action, target, detailsJson)
                .update();
    }

    /**
     * Up to {@code limit} entries with an id below {@code before} (all when null), newest first.
     */
    List<AuditEntry> page(int limit, @Nullable Long before) {
        return jdbc.sql(
                        "select id, occurred_at, actor, source, action, target, details::text"
                                + " from audit_log where id < ? order by id desc limit ?")
                .params(before == null ? Long.MAX_VALUE : before, limit)
                .query(this::entry)
                .list();
    }

    /** Deletes the entries that occurred before {@code cutoff}; returns how many. */
    int deleteBefore(Instant cutoff) {
        return jdbc.sql("delete from audit_log where occurred_at < ?")
                .param(Timestamp.from(cutoff))
                .update();
    }

    private AuditEntry entry(ResultSet row, int number) throws SQLException {
        return new AuditEntry(
                row.getLong("id"),
                row.getTimestamp("occurred_at").toInstant(),
                row.getString("actor"),
                row.getString("source"),
                row.getString("action"),
                row.getString("target"),
                json.readTree(row.getString("details")));
    }
}
