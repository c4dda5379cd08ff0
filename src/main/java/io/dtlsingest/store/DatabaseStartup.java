package io.dtlsingest.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.hibernate.validator.constraints.time.DurationMin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.stereotype.Component;
import org.springframework.validation.annotation.Validated;

/**
 * Waits for PostgreSQL before migrating the schema, so that a service started together with its
 * database (compose, a Kubernetes rollout) does not fail on the first refused connection; past the
 * deadline the start fails and says which database did not answer.
 */
@Component
class DatabaseStartup implements FlywayMigrationStrategy {

    private static final Logger log = LoggerFactory.getLogger(DatabaseStartup.class);
    private static final Duration PAUSE = Duration.ofSeconds(1);

    private final Duration timeout;

    DatabaseStartup(Settings settings) {
        this.timeout = settings.databaseTimeout();
    }

    @Override
    public void migrate(Flyway flyway) {
        awaitDatabase(flyway.getConfiguration().getDataSource());
        flyway.migrate();
    }

    private void awaitDatabase(DataSource dataSource) {
        Instant deadline = Instant.now().plus(timeout);
        int attempt = 1;
        while (true) {
            try (Connection connection = dataSource.getConnection()) {
                connection.isValid(1);
                if (attempt > 1) {
                    log.info("PostgreSQL answered after {} attempts", attempt);
                }
                return;
            } catch (SQLException | RuntimeException e) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException(
                            "PostgreSQL did not answer within "
                                    + timeout.toSeconds()
                                    + " s (ingest.startup.database-timeout); check"
                                    + " SPRING_DATASOURCE_URL and the credentials: "
                                    + e.getMessage(),
                            e);
                }
                log.warn(
                        "PostgreSQL does not answer yet (attempt {}): {}", attempt, e.getMessage());
            }
            sleep();
            attempt++;
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(PAUSE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for PostgreSQL", e);
        }
    }

    /**
     * Start-up settings.
     *
     * @param databaseTimeout how long the start waits for PostgreSQL to answer
     */
    @Validated
    @ConfigurationProperties("ingest.startup")
    record Settings(@DefaultValue("60s") @DurationMin(seconds = 1) Duration databaseTimeout) {}
}
