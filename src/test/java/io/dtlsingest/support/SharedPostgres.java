package io.dtlsingest.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * One embedded PostgreSQL for the whole test run: starting one costs seconds, so every test class
 * shares it and it stops when the JVM exits.
 */
public final class SharedPostgres {

    private static EmbeddedPostgres postgres;

    private SharedPostgres() {}

    /** The JDBC URL of the shared server's {@code postgres} database, starting it if needed. */
    public static synchronized String jdbcUrl() {
        return server().getJdbcUrl("postgres", "postgres");
    }

    /** The TCP port of the shared server on loopback, starting it if needed. */
    public static synchronized int port() {
        return server().getPort();
    }

    private static EmbeddedPostgres server() {
        if (postgres == null) {
            postgres = start();
            Runtime.getRuntime().addShutdownHook(new Thread(SharedPostgres::stop));
        }
        return postgres;
    }

    private static EmbeddedPostgres start() {
        try {
            return EmbeddedPostgres.builder().start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the embedded PostgreSQL", e);
        }
    }

    private static synchronized void stop() {
        try {
            postgres.close();
        } catch (IOException e) {
            // The JVM is exiting; the server's files are in a temporary folder.
        }
    }
}
