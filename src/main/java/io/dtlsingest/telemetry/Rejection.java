package io.dtlsingest.telemetry;

import java.util.Objects;

/**
 * Why a datagram was not accepted.
 *
 * @param code the reply code to send back
 * @param detail a short, human-readable description of the first problem found, for example {@code
 *     record 3: name "te mp" has a character not allowed by RFC 8428 4.5.1}
 */
public record Rejection(ReplyCode code, String detail) {

    /** Checks that both components are present. */
    public Rejection {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(detail, "detail");
    }
}
