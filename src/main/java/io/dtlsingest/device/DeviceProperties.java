package io.dtlsingest.device;

import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the device registry.
 *
 * @param rotationOverlap how long a current and a next credential both authenticate when the
 *     operator does not say, before the next one replaces the current one by itself
 * @param maxRotationOverlap the longest overlap an operator may ask for
 */
@Validated
@ConfigurationProperties("ingest.devices")
public record DeviceProperties(
        @DefaultValue("7d") @DurationMin(minutes = 1) Duration rotationOverlap,
        @DefaultValue("365d") @DurationMin(minutes = 1) @DurationMax(days = 3650)
                Duration maxRotationOverlap) {}
