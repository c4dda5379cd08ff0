package io.dtlsingest.bench;

import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * The database ceiling: the same rows the service writes for one-reading datagrams (device, name,
 * time, numeric value, reception time) copied into the same {@code readings} table, indexes and
 * all, with one {@code COPY} and one commit. The rows are deleted again afterwards.
 */
final class CopyCeiling {

    private static final String DEVICE = "copy-ceiling";

    private final Database database;

    CopyCeiling(Database database) {
        this.database = database;
    }

    /** Copies {@code rows} rows and returns rows per second, commit included. */
    double run(int rows) throws SQLException, IOException {
        String csv = csv(rows);
        try (Connection connection = database.connect()) {
            connection.setAutoCommit(false);
            CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
            long started = System.nanoTime();
            long copied =
                    copy.copyIn(
                            "copy readings (device_id, name, time, num_value, received_at)"
                                    + " from stdin (format csv)",
                            new StringReader(csv));
            connection.commit();
            double seconds = (System.nanoTime() - started) / 1e9;
            try (Statement delete = connection.createStatement()) {
                delete.executeUpdate("delete from readings where device_id = '" + DEVICE + "'");
            }
            connection.commit();
            return copied / seconds;
        }
    }

    private static String csv(int rows) {
        StringBuilder csv = new StringBuilder(rows * 90);
        Instant base = Instant.now();
        for (int i = 0; i < rows; i++) {
            String time = base.plusNanos(i * 1000L).toString();
            csv.append(DEVICE)
                    .append(",seq,")
                    .append(time)
                    .append(',')
                    .append(i)
                    .append(',')
                    .append(time)
                    .append('\n');
        }
        return csv.toString();
    }
}
