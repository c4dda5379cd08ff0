package io.dtlsingest.device;

import io.dtlsingest.audit.Actor;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Promotes next credentials whose overlap window has run out, as the actor {@code system:rotation}.
 */
@Component
class RotationScheduler {

    private static final Logger log = LoggerFactory.getLogger(RotationScheduler.class);
    private static final Actor ACTOR = Actor.system("rotation");

    private final DeviceRepository repository;
    private final DeviceService devices;

    RotationScheduler(DeviceRepository repository, DeviceService devices) {
        this.repository = repository;
        this.devices = devices;
    }

    @Scheduled(fixedDelayString = "${ingest.devices.rotation-check-interval:PT30S}")
    void promoteDue() {
        Actor.runAs(ACTOR, this::promoteDueNow);
    }

    private void promoteDueNow() {
        try {
            for (String deviceId : repository.dueForPromotion(Instant.now())) {
                devices.promoteNext(deviceId);
            }
        } catch (DataAccessException e) {
            // The next run tries again; a database outage is reported by the health endpoint.
            log.debug("Could not promote due credentials", e);
        }
    }
}
