package io.dtlsingest.secrets;

import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The key-encryption keys that seal the secrets the service keeps outside memory: device PSKs in
 * the database and the saved DTLS state on disk. Each key is base64 of 32 random bytes ({@code
 * openssl rand -base64 32}); a key is known by an id derived from it, stored with everything it
 * sealed.
 *
 * @param key the current key, which seals everything written from now on; environment variable
 *     INGEST_SECRETS_KEY
 * @param keyFile a file holding the current key instead, such as a mounted Kubernetes secret
 * @param previousKeys earlier keys, still accepted for reading until everything is re-sealed under
 *     the current one
 */
@ConfigurationProperties("ingest.secrets")
public record SecretsProperties(
        @Nullable String key, @Nullable Path keyFile, @DefaultValue List<String> previousKeys) {}
