package io.dtlsingest.telemetry;

import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/** The value of a reading: one of the four SenML value types (RFC 8428 section 4.2). */
public sealed interface ReadingValue {

    /** A numeric value, SenML "v" (plus the base value "bv"). */
    record Numeric(double value) implements ReadingValue {}

    /** A string value, SenML "vs". */
    record Text(String value) implements ReadingValue {

        /** Checks that the value is present. */
        public Text {
            Objects.requireNonNull(value, "value");
        }
    }

    /** A boolean value, SenML "vb". */
    record Bool(boolean value) implements ReadingValue {}

    /**
     * An opaque binary value, SenML "vd".
     *
     * <p>The bytes are copied on the way in and on the way out, so instances are immutable and
     * compare by content.
     */
    record Data(byte[] value) implements ReadingValue {

        /** Copies the bytes so later changes to the caller's array are not seen. */
        public Data {
            value = value.clone();
        }

        /** Returns a copy of the bytes. */
        @Override
        public byte[] value() {
            return value.clone();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Data data && Arrays.equals(value, data.value);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            return "Data[" + Base64.getUrlEncoder().withoutPadding().encodeToString(value) + "]";
        }
    }
}
