package io.dtlsingest.telemetry;

import org.jspecify.annotations.Nullable;

/**
 * One member of a JSON object or CBOR map with its scalar value. Objects are read ahead member by
 * member so that a top-level JSON object can be classified (SenML record or flat form) before it is
 * interpreted, and so that a record's message id can be taken before its other fields are checked.
 *
 * @param name the member name; for CBOR integer labels the decimal text, for example "-2"
 * @param kind what kind of value the member holds
 * @param value a {@code Long} for {@link Kind#INTEGER}, {@code Double} for {@link Kind#NUMBER},
 *     {@code String}, {@code Boolean} or {@code byte[]}; {@code null} for the other kinds
 */
record Member(String name, Kind kind, @Nullable Object value) {

    /** Value kinds, each with the phrase used in rejection details. */
    enum Kind {
        /** A whole number that fits a {@code long}. */
        INTEGER("an integer"),
        /** Any other number, including integers too large for a {@code long}. */
        NUMBER("a number"),
        STRING("a string"),
        BOOLEAN("a boolean"),
        /** A CBOR byte string. */
        BYTES("a byte string"),
        NULL("null"),
        /** An array or object (map), skipped without being read. */
        STRUCTURE("an array or object"),
        /** A CBOR simple value or undefined. */
        OTHER("an unsupported value");

        private final String phrase;

        Kind(String phrase) {
            this.phrase = phrase;
        }

        /** How the kind is named in a rejection detail, for example "a string". */
        String phrase() {
            return phrase;
        }
    }

    boolean isNumber() {
        return kind == Kind.INTEGER || kind == Kind.NUMBER;
    }

    /** The number as a double; only for {@link #isNumber()} members. */
    double number() {
        return ((Number) present()).doubleValue();
    }

    /** The integer; only for {@link Kind#INTEGER} members. */
    long integer() {
        return (Long) present();
    }

    /** The string; only for {@link Kind#STRING} members. */
    String text() {
        return (String) present();
    }

    /** The boolean; only for {@link Kind#BOOLEAN} members. */
    boolean bool() {
        return (Boolean) present();
    }

    /** The bytes; only for {@link Kind#BYTES} members. */
    byte[] bytes() {
        return (byte[]) present();
    }

    private Object present() {
        if (value == null) {
            throw new IllegalStateException(name + " holds " + kind.phrase() + ", not a value");
        }
        return value;
    }
}
