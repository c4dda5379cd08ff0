package io.dtlsingest.flow;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Per-device limits on the traffic the pipeline takes, each a token bucket: a device may send a
 * burst up to the bucket's size at once and then the sustained rate. A datagram over either limit
 * is answered {@code rate_limited} and stores nothing.
 *
 * @param datagramsPerSecond sustained datagrams per second and device
 * @param datagramBurst datagrams a device may send at once after being quiet
 * @param readingsPerSecond sustained readings per second and device
 * @param readingBurst readings a device may send at once after being quiet; at least {@code
 *     ingest.payload.max-records}, or the largest datagrams would never pass
 * @param maxDevices devices whose buckets are remembered at most
 */
@Validated
@ConfigurationProperties("ingest.rate-limit")
public record RateLimitProperties(
        @DefaultValue("20") @Min(1) @Max(100000) int datagramsPerSecond,
        @DefaultValue("40") @Min(1) @Max(1000000) int datagramBurst,
        @DefaultValue("500") @Min(1) @Max(10000000) int readingsPerSecond,
        @DefaultValue("1000") @Min(1) @Max(10000000) int readingBurst,
        @DefaultValue("100000") @Min(1) int maxDevices) {}
