package io.dtlsingest.telemetry;

import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;

/**
 * Turns a parser exception into a one-line detail for the device: the parser's reason and the byte
 * offset, without stack trace, source description or configuration hints.
 */
final class ParseErrors {

    private static final int MAX_REASON_LENGTH = 120;

    private ParseErrors() {}

    static String describe(JacksonException e) {
        String reason = reasonOf(e);
        TokenStreamLocation location = e.getLocation();
        if (location != null && location.getByteOffset() >= 0) {
            return reason + " at byte " + location.getByteOffset();
        }
        return reason;
    }

    private static String reasonOf(JacksonException e) {
        String message = e.getOriginalMessage();
        if (message == null || message.isBlank()) {
            return e.getClass().getSimpleName();
        }

        String reason = firstLine(message);
        reason = withoutConfigurationHint(reason);
        reason = withoutSourceReference(reason);
        return Details.shorten(reason, MAX_REASON_LENGTH);
    }

    private static String firstLine(String message) {
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    /** Limit messages name the Java method that configures the limit: no use to a device. */
    private static String withoutConfigurationHint(String reason) {
        int start = reason.indexOf(", from `");
        if (start < 0) {
            return reason;
        }
        int end = reason.indexOf('`', start + ", from `".length());
        return end < 0
                ? reason.substring(0, start)
                : reason.substring(0, start) + reason.substring(end + 1);
    }

    /**
     * Some messages point at where an open array or object started, with a source reference that
     * says nothing to a device; the reason before it is complete on its own.
     */
    private static String withoutSourceReference(String reason) {
        int source = reason.indexOf("[Source");
        if (source < 0) {
            return reason;
        }
        int aside = reason.lastIndexOf(" (", source);
        return reason.substring(0, aside < 0 ? source : aside).strip();
    }
}
