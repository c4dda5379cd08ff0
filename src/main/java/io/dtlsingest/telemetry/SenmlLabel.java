package io.dtlsingest.telemetry;

import org.jspecify.annotations.Nullable;

/**
 * The SenML fields this decoder understands: those of RFC 8428 section 4.3 (Table 1), with their
 * JSON labels and CBOR integer labels (section 6, Table 4), plus the message id extension "mid",
 * which has a string label in both encodings as section 6 requires of extensions.
 */
enum SenmlLabel {
    BASE_VERSION("bver", Role.BASE),
    BASE_NAME("bn", Role.BASE),
    BASE_TIME("bt", Role.BASE),
    BASE_UNIT("bu", Role.BASE),
    BASE_VALUE("bv", Role.BASE),
    BASE_SUM("bs", Role.BASE),
    NAME("n", Role.REGULAR),
    UNIT("u", Role.REGULAR),
    VALUE("v", Role.VALUE),
    STRING_VALUE("vs", Role.VALUE),
    BOOLEAN_VALUE("vb", Role.VALUE),
    DATA_VALUE("vd", Role.VALUE),
    SUM("s", Role.REGULAR),
    TIME("t", Role.REGULAR),
    UPDATE_TIME("ut", Role.REGULAR),
    MESSAGE_ID("mid", Role.EXTENSION);

    /** How a field takes part in resolving a record. */
    enum Role {
        /** Applies to its record and the following ones (RFC 8428 section 4.1). */
        BASE,
        /** Belongs to its record only (RFC 8428 section 4.2). */
        REGULAR,
        /** A regular field holding the value; a record has exactly one (section 4.2). */
        VALUE,
        /** Describes the datagram rather than a measurement. */
        EXTENSION
    }

    private final String jsonLabel;
    private final Role role;

    SenmlLabel(String jsonLabel, Role role) {
        this.jsonLabel = jsonLabel;
        this.role = role;
    }

    /** The JSON label, used to name the field in rejection details in both encodings. */
    String jsonLabel() {
        return jsonLabel;
    }

    Role role() {
        return role;
    }

    /** A bit for this label in a set of labels held as an int. */
    int bit() {
        return 1 << ordinal();
    }

    /** The field a JSON member name stands for, or null if it is not a known label. */
    static @Nullable SenmlLabel ofJson(String name) {
        return switch (name) {
            case "bver" -> BASE_VERSION;
            case "bn" -> BASE_NAME;
            case "bt" -> BASE_TIME;
            case "bu" -> BASE_UNIT;
            case "bv" -> BASE_VALUE;
            case "bs" -> BASE_SUM;
            case "n" -> NAME;
            case "u" -> UNIT;
            case "v" -> VALUE;
            case "vs" -> STRING_VALUE;
            case "vb" -> BOOLEAN_VALUE;
            case "vd" -> DATA_VALUE;
            case "s" -> SUM;
            case "t" -> TIME;
            case "ut" -> UPDATE_TIME;
            case "mid" -> MESSAGE_ID;
            default -> null;
        };
    }

    /**
     * The field a CBOR map key stands for, or null if it is not a known label. The parser hands
     * integer keys over as their decimal text.
     */
    static @Nullable SenmlLabel ofCbor(String name) {
        return switch (name) {
            case "-1" -> BASE_VERSION;
            case "-2" -> BASE_NAME;
            case "-3" -> BASE_TIME;
            case "-4" -> BASE_UNIT;
            case "-5" -> BASE_VALUE;
            case "-6" -> BASE_SUM;
            case "0" -> NAME;
            case "1" -> UNIT;
            case "2" -> VALUE;
            case "3" -> STRING_VALUE;
            case "4" -> BOOLEAN_VALUE;
            case "5" -> SUM;
            case "6" -> TIME;
            case "7" -> UPDATE_TIME;
            case "8" -> DATA_VALUE;
            case "mid" -> MESSAGE_ID;
            default -> null;
        };
    }
}
