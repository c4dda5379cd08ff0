package io.dtlsingest.api;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Operator access. There is no default token: a fresh service without one would either be open to
 * anyone or unusable, so it refuses to start instead.
 *
 * @param token the bootstrap token: an {@code admin} named {@code bootstrap}, valid whatever the
 *     database holds, with which the first API tokens are created
 */
@Validated
@ConfigurationProperties("ingest.admin")
public record AdminProperties(
        @NotBlank(
                        message =
                                "must be set, for example through the environment variable"
                                        + " INGEST_ADMIN_TOKEN: it is the bootstrap admin token"
                                        + " of the API and actuator endpoints")
                @Size(min = 16, message = "must be at least 16 characters long")
                String token) {}
