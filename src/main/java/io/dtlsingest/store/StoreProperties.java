package io.dtlsingest.store;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of what is kept in the database besides the readings themselves.
 *
 * @param replayWindow how long a message id is remembered, so that a retransmission within it is
 *     stored once
 * @param rejectedPayloadBytes how many leading bytes of a rejected datagram are kept
 */
@Validated
@ConfigurationProperties("ingest.store")
public record StoreProperties(
        @DefaultValue("15m") @DurationMin(seconds = 1) Duration replayWindow,
        @DefaultValue("256") @Min(0) @Max(65536) int rejectedPayloadBytes) {}
