package io.dtlsingest.device;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Conditional;
import org.springframework.stereotype.Component;

/**
 * Health contributor {@code devicesFile}: what the last check of the devices file did, with the
 * counts and the list of problems in its details. It stays UP even when the file is unreadable or
 * has invalid entries, because the devices already registered go on working; alert on the metrics
 * {@code ingest.devices.file.errors} and {@code ingest.devices.file.invalid.entries} instead. It is
 * UNKNOWN only before the first check.
 */
@Component("devicesFile")
@Conditional(DevicesFileConfigured.class)
class DevicesFileHealthIndicator implements HealthIndicator {

    private final DevicesFileSync sync;
    private final DevicesFileProperties properties;

    DevicesFileHealthIndicator(DevicesFileSync sync, DevicesFileProperties properties) {
        this.sync = sync;
        this.properties = properties;
    }

    @Override
    public Health health() {
        return sync.lastResult()
                .map(
                        last ->
                                Health.up()
                                        .withDetail("file", last.file().toString())
                                        .withDetail("state", last.state().name().toLowerCase())
                                        .withDetail("checkedAt", last.checkedAt().toString())
                                        .withDetail("created", last.created())
                                        .withDetail("updated", last.updated())
                                        .withDetail("disabled", last.disabled())
                                        .withDetail("unchanged", last.unchanged())
                                        .withDetail("invalid", last.invalid())
                                        .withDetail("errors", last.errors())
                                        .build())
                .orElseGet(
                        () ->
                                Health.unknown()
                                        .withDetail("file", String.valueOf(properties.file()))
                                        .build());
    }
}
