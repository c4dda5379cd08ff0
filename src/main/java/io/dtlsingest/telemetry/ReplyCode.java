package io.dtlsingest.telemetry;

/** Outcome reported to the device in a reply, with the name used on the wire. */
public enum ReplyCode {
    /** The readings were stored (or had been stored before, for a duplicate). */
    OK("ok"),

    /** The datagram is not well-formed JSON or CBOR. */
    MALFORMED("malformed"),

    /** The datagram is well-formed but breaks a SenML or flat-form rule. */
    INVALID("invalid"),

    /** The datagram exceeds a configured limit such as the number of records. */
    LIMIT_EXCEEDED("limit_exceeded"),

    /** The datagram is larger than the configured maximum size. */
    TOO_LARGE("too_large"),

    /** The datagram is neither SenML JSON, SenML CBOR nor a flat JSON object. */
    UNSUPPORTED_FORMAT("unsupported_format"),

    /** The service is overloaded; the device should retry later. */
    BUSY("busy"),

    /** The device sent more datagrams or readings per second than it may; nothing was stored. */
    RATE_LIMITED("rate_limited"),

    /** The service failed for a reason unrelated to the datagram's content. */
    INTERNAL("internal");

    private final String wireName;

    ReplyCode(String wireName) {
        this.wireName = wireName;
    }

    /** The name of this code in replies, for example {@code "limit_exceeded"}. */
    public String wireName() {
        return wireName;
    }
}
