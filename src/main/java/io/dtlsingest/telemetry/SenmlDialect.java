package io.dtlsingest.telemetry;

import java.util.Base64;
import org.jspecify.annotations.Nullable;

/** What differs between SenML JSON and SenML CBOR once the syntax is parsed. */
enum SenmlDialect {

    /** RFC 8428 section 5. */
    JSON("an object") {
        @Override
        @Nullable SenmlLabel label(String name) {
            return SenmlLabel.ofJson(name);
        }

        /** A base64url string (RFC 4648 section 5); padding is optional. */
        @Override
        byte[] dataValue(Member member, String where) {
            if (member.kind() != Member.Kind.STRING) {
                throw FieldChecks.wrongType("vd", member, where, "a base64url string");
            }
            try {
                return Base64.getUrlDecoder().decode(member.text());
            } catch (IllegalArgumentException e) {
                throw DecodeRejection.invalid(
                        where + "vd is not valid base64url (RFC 4648 section 5)");
            }
        }
    },

    /** RFC 8428 section 6. */
    CBOR("a map") {
        @Override
        @Nullable SenmlLabel label(String name) {
            return SenmlLabel.ofCbor(name);
        }

        /** A byte string; RFC 8428 section 6 asks for a definite-length one. */
        @Override
        byte[] dataValue(Member member, String where) {
            if (member.kind() != Member.Kind.BYTES) {
                throw FieldChecks.wrongType("vd", member, where, "a byte string");
            }
            return member.bytes();
        }
    };

    private final String recordType;

    SenmlDialect(String recordType) {
        this.recordType = recordType;
    }

    /** What a record is called in this encoding, for details: "an object" or "a map". */
    String recordType() {
        return recordType;
    }

    /** The field a member name stands for, or null if it is not a known label. */
    abstract @Nullable SenmlLabel label(String name);

    /**
     * The bytes of a "vd" member.
     *
     * @param where the detail prefix naming the record, for example "record 2: "
     */
    abstract byte[] dataValue(Member member, String where);
}
