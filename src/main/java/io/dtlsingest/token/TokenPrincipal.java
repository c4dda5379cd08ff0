package io.dtlsingest.token;

/**
 * Who a bearer token authenticates.
 *
 * @param name the token's name, which the audit trail records as the actor
 * @param role what it may do
 */
public record TokenPrincipal(String name, TokenRole role) {

    /** The name of the token configured in {@code ingest.admin.token}. */
    public static final String BOOTSTRAP_NAME = "bootstrap";

    /** The configured admin token, which works whatever the database holds. */
    public static final TokenPrincipal BOOTSTRAP =
            new TokenPrincipal(BOOTSTRAP_NAME, TokenRole.ADMIN);
}
