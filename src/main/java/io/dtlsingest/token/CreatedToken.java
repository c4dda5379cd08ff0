package io.dtlsingest.token;

import java.time.Instant;

/**
 * The answer to creating a token: the only time its secret is shown.
 *
 * @param name the token's name
 * @param role what it may do
 * @param token the secret to send as {@code Authorization: Bearer <token>}
 * @param createdAt when it was created
 * @param createdBy the token that created it
 */
public record CreatedToken(
        String name, TokenRole role, String token, Instant createdAt, String createdBy) {}
