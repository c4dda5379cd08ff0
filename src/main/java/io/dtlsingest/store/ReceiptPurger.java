package io.dtlsingest.store;

import java.sql.Timestamp;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Forgets message ids older than the replay window, which keeps their table small. */
@Component
class ReceiptPurger {

    private static final Logger log = LoggerFactory.getLogger(ReceiptPurger.class);

    private final JdbcTemplate jdbc;
    private final StoreProperties properties;

    ReceiptPurger(JdbcTemplate jdbc, StoreProperties properties) {
        this.jdbc = jdbc;
        this.properties = properties;
    }

    @Scheduled(fixedDelayString = "PT1M", initialDelayString = "PT1M")
    void purge() {
        Instant cutoff = Instant.now().minus(properties.replayWindow());
        try {
            int purged =
                    jdbc.update(
                            "delete from datagram_receipts where received_at < ?",
                            Timestamp.from(cutoff));
            log.debug("Purged {} message ids received before {}", purged, cutoff);
        } catch (DataAccessException e) {
            // The next run catches up; the writer reports the database being away.
            log.debug("Could not purge message ids", e);
        }
    }
}
