package io.dtlsingest.telemetry;

import org.jspecify.annotations.Nullable;

/** The naming rule of RFC 8428 section 4.5.1, applied to SenML names and flat member names. */
final class SenmlNames {

    private SenmlNames() {}

    /**
     * Checks a full name (base name included).
     *
     * @return null if the name is valid, otherwise the problem, phrased to follow the name in a
     *     detail such as {@code name "te mp" has a character not allowed by RFC 8428 4.5.1}
     */
    static @Nullable String problem(String name, int maxLength) {
        if (name.isEmpty()) {
            return "is empty";
        }
        if (name.length() > maxLength) {
            return "is longer than " + maxLength + " characters";
        }
        if (!isLetterOrDigit(name.charAt(0))) {
            return "must start with a letter or digit (RFC 8428 4.5.1)";
        }
        for (int i = 1; i < name.length(); i++) {
            if (!isAllowed(name.charAt(i))) {
                return "has a character not allowed by RFC 8428 4.5.1";
            }
        }
        return null;
    }

    /** ASCII only: Character.isLetterOrDigit would accept far more than the RFC allows. */
    private static boolean isLetterOrDigit(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    }

    private static boolean isAllowed(char c) {
        return isLetterOrDigit(c) || c == '-' || c == ':' || c == '.' || c == '/' || c == '_';
    }
}
