package io.dtlsingest.telemetry;

/**
 * Thrown inside the decoder when a datagram breaks a rule, and turned into a {@link Rejection} by
 * {@link PayloadDecoder}. It never leaves the decoder. It carries no stack trace: rejections are an
 * expected outcome on the hot path, not a fault to debug.
 */
final class DecodeRejection extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final ReplyCode code;

    private DecodeRejection(ReplyCode code, String detail) {
        super(detail, null, false, false);
        this.code = code;
    }

    static DecodeRejection malformed(String detail) {
        return new DecodeRejection(ReplyCode.MALFORMED, detail);
    }

    static DecodeRejection invalid(String detail) {
        return new DecodeRejection(ReplyCode.INVALID, detail);
    }

    static DecodeRejection limitExceeded(String detail) {
        return new DecodeRejection(ReplyCode.LIMIT_EXCEEDED, detail);
    }

    Rejection toRejection() {
        return new Rejection(code, getMessage());
    }
}
