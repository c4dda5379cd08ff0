package io.dtlsingest.telemetry;

/**
 * Type checks for member values. Each check names the field and where it is (the {@code where}
 * prefix, for example {@code "record 2: "}) when it rejects.
 */
final class FieldChecks {

    private FieldChecks() {}

    static String string(Member member, String field, String where) {
        if (member.kind() != Member.Kind.STRING) {
            throw wrongType(field, member, where, "a string");
        }
        return member.text();
    }

    /**
     * A string that is kept as text: within the configured length, and free of U+0000 and unpaired
     * surrogates, which text columns and UTF-8 cannot hold.
     */
    static String text(Member member, String field, String where, int maxLength) {
        String text = string(member, field, where);
        if (text.length() > maxLength) {
            throw DecodeRejection.limitExceeded(
                    where + field + " is longer than " + maxLength + " characters");
        }
        if (!isStorable(text)) {
            throw DecodeRejection.invalid(
                    where + field + " contains U+0000 or an unpaired surrogate");
        }
        return text;
    }

    /** A finite number; NaN and infinities can only come from CBOR or from JSON overflow. */
    static double number(Member member, String field, String where) {
        if (!member.isNumber()) {
            throw wrongType(field, member, where, "a number");
        }
        double number = member.number();
        if (!Double.isFinite(number)) {
            throw DecodeRejection.invalid(where + field + " must be a finite number");
        }
        return number;
    }

    static long integer(Member member, String field, String where) {
        if (member.kind() != Member.Kind.INTEGER) {
            throw wrongType(field, member, where, "an integer");
        }
        return member.integer();
    }

    static boolean bool(Member member, String field, String where) {
        if (member.kind() != Member.Kind.BOOLEAN) {
            throw wrongType(field, member, where, "a boolean");
        }
        return member.bool();
    }

    private static boolean isStorable(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\u0000' || Character.isLowSurrogate(c)) {
                return false;
            }
            if (Character.isHighSurrogate(c)) {
                boolean paired =
                        i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1));
                if (!paired) {
                    return false;
                }
                i++;
            }
        }
        return true;
    }

    /**
     * The rejection for a field holding the wrong kind of value.
     *
     * @param field the field's JSON label or member name, used in both encodings
     */
    static DecodeRejection wrongType(String field, Member member, String where, String expected) {
        return DecodeRejection.invalid(
                where + field + " must be " + expected + ", not " + member.kind().phrase());
    }
}
