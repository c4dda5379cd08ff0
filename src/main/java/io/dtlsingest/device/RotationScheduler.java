package io.dtlsingest.device;

import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Promotes next credentials whose overlap window has run out. */
@Component
class RotationScheduler {

    private static final Logger log = LoggerFactory.getLogger(RotationScheduler.class);

    private final DeviceRepository repository;
    private final DeviceService devices;

    RotationScheduler(DeviceRepository repository, DeviceService devices) {
        this.repository = repository;
        this.devices = devices;
    }

    @Scheduled(fixedDelayString = "${ingest.devices.rotation-check-interval:PT30S}")
    void promoteDue() {
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
