package io.dtlsingest.api;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Operator access. There is no default token: a service started without one would either be open to
 * anyone or unusable, so it refuses to start instead.
 *
 * @param token the bearer token every {@code /api} call and every actuator endpoint but health
 *     requires
 */
@Validated
@ConfigurationProperties("ingest.admin")
public record AdminProperties(
        @NotBlank(
                        message =
                                "must be set, for example through the environment variable"
                                        + " INGEST_ADMIN_TOKEN: the API and actuator endpoints"
                                        + " accept only this bearer token")
                @Size(min = 16, message = "must be at least 16 characters long")
                String token) {}
