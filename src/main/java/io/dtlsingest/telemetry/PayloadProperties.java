package io.dtlsingest.telemetry;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Limits on what one datagram may hold. A datagram over any of them is rejected with the limit it
 * broke; none of them is ever an exception.
 *
 * @param maxDatagramBytes application data bytes per datagram
 * @param maxRecords readings per datagram, across all documents in it
 * @param maxNameLength characters of a resolved reading name
 * @param maxStringLength characters of a string value, and bytes of a data value
 * @param maxNestingDepth arrays and objects nested in each other
 */
@Validated
@ConfigurationProperties("ingest.payload")
public record PayloadProperties(
        @DefaultValue("4096") @Min(16) @Max(16384) int maxDatagramBytes,
        @DefaultValue("256") @Min(1) @Max(10000) int maxRecords,
        @DefaultValue("128") @Min(1) @Max(1024) int maxNameLength,
        @DefaultValue("1024") @Min(1) @Max(16384) int maxStringLength,
        @DefaultValue("4") @Min(2) @Max(32) int maxNestingDepth) {

    DecodeLimits limits() {
        return new DecodeLimits(
                maxDatagramBytes, maxRecords, maxNameLength, maxStringLength, maxNestingDepth);
    }
}
