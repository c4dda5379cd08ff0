package io.dtlsingest.store;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A stored reading as the API returns it.
 *
 * @param name the resolved SenML name
 * @param time when the reading was taken
 * @param type number, string, boolean or data; absent when the reading has only a sum
 * @param value the value; data values as unpadded base64url, as SenML JSON writes them
 * @param sum the SenML sum, if the device sent one
 * @param unit the unit, if any
 * @param receivedAt when the service received it
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StoredReading(
        String name,
        Instant time,
        @Nullable String type,
        @Nullable Object value,
        @Nullable Double sum,
        @Nullable String unit,
        Instant receivedAt) {}
