package io.dtlsingest.token;

import org.jspecify.annotations.Nullable;

/** Request bodies of the token API. */
public final class TokenRequests {

    private TokenRequests() {}

    /**
     * {@code POST /api/v1/tokens}.
     *
     * @param name unique name of the token, recorded as the actor of what it changes
     * @param role {@code admin} or {@code reader}
     */
    public record Create(@Nullable String name, @Nullable String role) {}
}
