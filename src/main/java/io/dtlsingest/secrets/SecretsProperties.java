package io.dtlsingest.secrets;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The key that encrypts what the service keeps of its secrets outside memory.
 *
 * @param key base64 of 32 random bytes (AES-256), for example from {@code openssl rand -base64 32};
 *     environment variable INGEST_SECRETS_KEY
 */
@ConfigurationProperties("ingest.secrets")
public record SecretsProperties(@Nullable String key) {}
