package io.dtlsingest.token;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A stored API token as the API lists it; it has no field that could carry the secret.
 *
 * @param name the token's name
 * @param role what it may do
 * @param createdAt when it was created
 * @param createdBy the token that created it
 * @param lastUsedAt when it last authenticated a request, to within {@code
 *     ingest.tokens.cache-ttl}; null when never
 * @param revokedAt when it was revoked, null while it is valid
 * @param revokedBy the token that revoked it, null while it is valid
 */
public record ApiToken(
        String name,
        TokenRole role,
        Instant createdAt,
        String createdBy,
        @Nullable Instant lastUsedAt,
        @Nullable Instant revokedAt,
        @Nullable String revokedBy) {}
