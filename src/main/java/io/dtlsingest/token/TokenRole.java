package io.dtlsingest.token;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Optional;

/** What an API token may do. */
public enum TokenRole {

    /** Everything: change devices, manage tokens, read the audit trail, end DTLS sessions. */
    ADMIN("admin"),

    /** Only read devices, readings and the actuator endpoints. */
    READER("reader");

    private final String wireName;

    TokenRole(String wireName) {
        this.wireName = wireName;
    }

    /** The name in JSON and in the database. */
    @JsonValue
    public String wireName() {
        return wireName;
    }

    static Optional<TokenRole> ofWireName(String name) {
        return Arrays.stream(values()).filter(role -> role.wireName.equals(name)).findFirst();
    }
}
