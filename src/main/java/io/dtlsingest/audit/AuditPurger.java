package io.dtlsingest.audit;

import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Deletes audit entries older than the retention, so the trail does not grow without bound. */
@Component
class AuditPurger {

    private static final Logger log = LoggerFactory.getLogger(AuditPurger.class);

    private final AuditLog entries;
    private final AuditProperties properties;

    AuditPurger(AuditLog entries, AuditProperties properties) {
        this.entries = entries;
        this.properties = properties;
    }

    @Scheduled(fixedDelayString = "P1D", initialDelayString = "PT10M")
    void purge() {
        Instant cutoff = Instant.now().minus(properties.retention());
        try {
            int purged = entries.deleteBefore(cutoff);
            if (purged > 0) {
                log.info("Purged {} audit entries older than {}", purged, cutoff);
            }
        } catch (DataAccessException e) {
            // Tomorrow's run catches up; the database being away is reported by the health
            // endpoint.
            log.warn("Could not purge old audit entries: {}", e.getMessage());
        }
    }
}
