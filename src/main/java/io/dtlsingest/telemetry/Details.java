package io.dtlsingest.telemetry;

/** Helpers that keep rejection details short and safe to echo back to a device. */
final class Details {

    /** Enough to recognise a name or value without echoing a long input back. */
    private static final int MAX_QUOTED_LENGTH = 40;

    private Details() {}

    /** Like {@link #plain}, in double quotes. */
    static String quote(String value) {
        return "\"" + plain(value) + "\"";
    }

    /**
     * A value taken from the datagram, shortened to a few dozen characters, with quotes,
     * backslashes and control characters escaped so the detail stays on one readable line.
     */
    static String plain(String value) {
        String shown = shorten(value, MAX_QUOTED_LENGTH);
        StringBuilder escaped = new StringBuilder(shown.length() + 8);
        for (int i = 0; i < shown.length(); i++) {
            char c = shown.charAt(i);
            if (c == '"' || c == '\\') {
                escaped.append('\\').append(c);
            } else if (Character.isISOControl(c)) {
                escaped.append(String.format("\\u%04x", (int) c));
            } else {
                escaped.append(c);
            }
        }
        return escaped.toString();
    }

    /** Cuts a text to at most {@code max} characters, marking the cut with "...". */
    static String shorten(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        int end = max - 3;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end) + "...";
    }
}
