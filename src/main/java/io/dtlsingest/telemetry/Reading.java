package io.dtlsingest.telemetry;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One resolved SenML record (RFC 8428 section 4.6): base values applied, time absolute.
 *
 * @param name the full sensor name, base name included, valid per RFC 8428 section 4.5.1
 * @param time when the value was measured, truncated to microseconds
 * @param value the measured value; {@code null} only if {@code sum} is present
 * @param sum the integrated sum of the values over time (RFC 8428 section 4.2), if any
 * @param unit the unit of the value, if any
 */
public record Reading(
        String name,
        Instant time,
        @Nullable ReadingValue value,
        @Nullable Double sum,
        @Nullable String unit) {

    /** Checks that name and time are present and that there is a value or a sum. */
    public Reading {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(time, "time");
        if (value == null && sum == null) {
            throw new IllegalArgumentException("a reading needs a value or a sum");
        }
    }
}
