package io.dtlsingest.telemetry;

import java.util.Objects;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * The answer sent to a device for one datagram. Use the factory methods; they produce the only
 * combinations {@link ReplyEncoder} is meant to encode.
 *
 * @param encoding the encoding of the reply, the one the device used
 * @param code the outcome
 * @param messageId the message id of the datagram being answered, if it had one
 * @param stored number of readings stored; only meaningful for {@link ReplyCode#OK}
 * @param duplicate whether the datagram had been received and stored before
 * @param detail why the datagram was not accepted; absent for {@link ReplyCode#OK}
 * @param retryAfterMillis for {@link ReplyCode#RATE_LIMITED}, how long the device should wait
 *     before sending again, in milliseconds; 0 otherwise
 */
public record Reply(
        Encoding encoding,
        ReplyCode code,
        OptionalLong messageId,
        int stored,
        boolean duplicate,
        @Nullable String detail,
        long retryAfterMillis) {

    /** Checks the components and that only an {@code ok} reply reports stored readings. */
    public Reply {
        Objects.requireNonNull(encoding, "encoding");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(messageId, "messageId");
        if (stored < 0) {
            throw new IllegalArgumentException("stored must not be negative but was " + stored);
        }
        if (code != ReplyCode.OK && (stored != 0 || duplicate)) {
            throw new IllegalArgumentException("only an ok reply has stored or duplicate");
        }
        if (retryAfterMillis < 0 || code != ReplyCode.RATE_LIMITED && retryAfterMillis != 0) {
            throw new IllegalArgumentException(
                    "only a rate_limited reply has a retry time, and it must not be negative");
        }
    }

    /** The readings of the datagram were stored. */
    public static Reply ok(Encoding encoding, OptionalLong messageId, int stored) {
        return new Reply(encoding, ReplyCode.OK, messageId, stored, false, null, 0);
    }

    /** The datagram had been stored before; nothing new was stored. */
    public static Reply duplicate(Encoding encoding, OptionalLong messageId) {
        return new Reply(encoding, ReplyCode.OK, messageId, 0, true, null, 0);
    }

    /**
     * The datagram was rejected.
     *
     * @throws IllegalArgumentException if the rejection carries {@link ReplyCode#OK}
     */
    public static Reply rejected(Encoding encoding, OptionalLong messageId, Rejection rejection) {
        if (rejection.code() == ReplyCode.OK) {
            throw new IllegalArgumentException("a rejection cannot have code ok");
        }
        return new Reply(encoding, rejection.code(), messageId, 0, false, rejection.detail(), 0);
    }

    /** The service is overloaded and did not process the datagram. */
    public static Reply busy(Encoding encoding, OptionalLong messageId) {
        return new Reply(encoding, ReplyCode.BUSY, messageId, 0, false, null, 0);
    }

    /**
     * The device is over its rate limit; nothing was stored.
     *
     * @param detail which limit, for people
     * @param retryAfterMillis how long until the device may send again, in milliseconds
     */
    public static Reply rateLimited(
            Encoding encoding, OptionalLong messageId, String detail, long retryAfterMillis) {
        return new Reply(
                encoding, ReplyCode.RATE_LIMITED, messageId, 0, false, detail, retryAfterMillis);
    }
}
