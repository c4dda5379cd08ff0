package io.dtlsingest.dtls;

/** How a device proved its identity in the DTLS handshake. */
public enum AuthType {
    PSK("psk"),
    RPK("rpk");

    private final String wireName;

    AuthType(String wireName) {
        this.wireName = wireName;
    }

    /** The lower-case name used in message headers, the API and metrics. */
    public String wireName() {
        return wireName;
    }
}
