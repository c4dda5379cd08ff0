package io.dtlsingest.telemetry;

import java.io.ByteArrayOutputStream;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.TokenStreamFactory;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.dataformat.cbor.CBORFactory;

/**
 * Encodes replies as a compact JSON object or a definite-length CBOR map, with the members {@code
 * code}, {@code mid}, {@code n}, {@code dup}, {@code retry_ms} and {@code detail} in that order,
 * each present only when it carries information:
 *
 * <pre>
 * {"code":"ok","mid":17,"n":3}
 * {"code":"ok","mid":17,"n":0,"dup":true}
 * {"code":"invalid","mid":17,"detail":"record 2: has no value or sum"}
 * {"code":"busy"}
 * {"code":"rate_limited","mid":18,"retry_ms":50,"detail":"more than 20 datagrams per second"}
 * </pre>
 *
 * <p>Thread-safe; one instance can be shared.
 */
public final class ReplyEncoder {

    /** Replies travel in one datagram; a long detail must not push them past the path MTU. */
    static final int MAX_DETAIL_LENGTH = 200;

    private final TokenStreamFactory jsonFactory = JsonFactory.builder().build();
    private final TokenStreamFactory cborFactory = CBORFactory.builder().build();

    /** Returns the encoded reply, in the encoding the reply names. */
    public byte[] encode(Reply reply) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64);
        TokenStreamFactory factory = reply.encoding() == Encoding.CBOR ? cborFactory : jsonFactory;

        try (JsonGenerator generator = factory.createGenerator(ObjectWriteContext.empty(), out)) {
            writeReply(generator, reply);
        }
        return out.toByteArray();
    }

    private static void writeReply(JsonGenerator generator, Reply reply) {
        boolean ok = reply.code() == ReplyCode.OK;
        @Nullable String detail = ok ? null : reply.detail();

        // The member count makes the CBOR map definite-length; JSON ignores it.
        int members =
                1
                        + (reply.messageId().isPresent() ? 1 : 0)
                        + (ok ? 1 : 0)
                        + (ok && reply.duplicate() ? 1 : 0)
                        + (reply.retryAfterMillis() > 0 ? 1 : 0)
                        + (detail != null ? 1 : 0);
        generator.writeStartObject(reply, members);

        generator.writeStringProperty("code", reply.code().wireName());
        if (reply.messageId().isPresent()) {
            generator.writeNumberProperty("mid", reply.messageId().getAsLong());
        }
        if (ok) {
            generator.writeNumberProperty("n", reply.stored());
        }
        if (ok && reply.duplicate()) {
            generator.writeBooleanProperty("dup", true);
        }
        if (reply.retryAfterMillis() > 0) {
            generator.writeNumberProperty("retry_ms", reply.retryAfterMillis());
        }
        if (detail != null) {
            generator.writeStringProperty("detail", truncate(detail));
        }

        generator.writeEndObject();
    }

    private static String truncate(String detail) {
        if (detail.length() <= MAX_DETAIL_LENGTH) {
            return detail;
        }
        int end = MAX_DETAIL_LENGTH;
        // Never split a surrogate pair: half of one cannot be encoded as UTF-8.
        if (Character.isHighSurrogate(detail.charAt(end - 1))) {
            end--;
        }
        return detail.substring(0, end);
    }
}
