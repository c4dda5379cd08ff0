package io.dtlsingest.api;

import io.dtlsingest.token.TokenRole;

/** The Spring Security names of the token roles. */
final class Roles {

    static final String ADMIN = "ADMIN";
    static final String READER = "READER";

    private Roles() {}

    static String authority(TokenRole role) {
        return "ROLE_"
                + switch (role) {
                    case ADMIN -> ADMIN;
                    case READER -> READER;
                };
    }
}
