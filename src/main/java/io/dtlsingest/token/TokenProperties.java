package io.dtlsingest.token;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the API token lookup.
 *
 * @param cacheSize tokens whose lookup result is kept in memory at most, found or not
 * @param cacheTtl how long a lookup result is used without asking the database; a token revoked on
 *     another instance keeps working here for at most this long
 * @param concurrentLookups database lookups of tokens running at once at most; a request that finds
 *     them all taken for half a second is answered 503
 */
@Validated
@ConfigurationProperties("ingest.tokens")
public record TokenProperties(
        @DefaultValue("1000") @Min(1) @Max(1000000) int cacheSize,
        @DefaultValue("30s") @DurationMin(seconds = 1) @DurationMax(minutes = 10) Duration cacheTtl,
        @DefaultValue("4") @Min(1) @Max(64) int concurrentLookups) {}
