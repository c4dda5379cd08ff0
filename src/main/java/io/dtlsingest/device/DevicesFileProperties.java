package io.dtlsingest.device;

import java.nio.file.Path;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of declarative provisioning from a devices file.
 *
 * @param file the YAML devices file; none turns the feature off
 * @param fileCheckInterval how often the file's content is checked for a change
 * @param fileMaxSize the largest devices file read; a larger one is reported and changes nothing
 */
@Validated
@ConfigurationProperties("ingest.devices")
public record DevicesFileProperties(
        @Nullable Path file,
        @DefaultValue("10s") @DurationMin(millis = 100) @DurationMax(hours = 24)
                Duration fileCheckInterval,
        @DefaultValue("8MB") DataSize fileMaxSize) {

    public DevicesFileProperties {
        if (fileMaxSize.toBytes() < 1 || fileMaxSize.toBytes() > Integer.MAX_VALUE / 2) {
            throw new IllegalArgumentException(
                    "ingest.devices.file-max-size must be between 1B and 1GB, got " + fileMaxSize);
        }
    }
}
