package io.dtlsingest.telemetry;

import java.time.Instant;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.exc.StreamConstraintsException;

/**
 * Decodes the application data of one DTLS record into readings. Accepts SenML JSON (RFC 8428
 * section 5), SenML CBOR (section 6) and flat JSON objects, told apart by the first byte:
 *
 * <ul>
 *   <li>0x80 to 0xbf, a CBOR array or map: SenML CBOR;
 *   <li>'[' or '{' after optional whitespace: JSON, possibly several documents in a row.
 * </ul>
 *
 * <p>Parsing is streaming, token by token, with the limits of {@link DecodeLimits} enforced as the
 * datagram is read. Thread-safe; one instance serves all threads.
 */
public final class PayloadDecoder {

    private static final Logger log = LoggerFactory.getLogger(PayloadDecoder.class);

    private final DecodeLimits limits;
    private final ParserFactories parsers;
    private final JsonDatagramReader jsonReader;
    private final CborDatagramReader cborReader;

    public PayloadDecoder(DecodeLimits limits) {
        this.limits = limits;
        this.parsers = new ParserFactories(limits);
        SenmlPackReader packs = new SenmlPackReader();
        this.jsonReader = new JsonDatagramReader(packs);
        this.cborReader = new CborDatagramReader(packs);
    }

    /**
     * Decodes one datagram. Never throws: every problem, including a failure of the decoder itself,
     * becomes a {@link Decoded.Rejected}.
     *
     * @param datagram the application data of one DTLS record
     * @param receivedAt when the datagram arrived; "now" for relative SenML times and the time of
     *     flat readings that state none
     */
    public Decoded decode(byte[] datagram, Instant receivedAt) {
        Encoding encoding = Encoding.JSON;
        @Nullable DecodeSession session = null;
        try {
            DatagramFormat format = DatagramFormat.detect(datagram);
            encoding = format.encoding();

            Rejection early = screen(datagram, format);
            if (early != null) {
                return new Decoded.Rejected(encoding, OptionalLong.empty(), early);
            }

            session = new DecodeSession(limits, receivedAt);
            parse(datagram, format, session);
            return new Decoded.Accepted(encoding, session.messageId(), session.readings());
        } catch (DecodeRejection e) {
            return rejected(encoding, session, e.toRejection());
        } catch (StreamConstraintsException e) {
            return rejected(
                    encoding,
                    session,
                    new Rejection(ReplyCode.LIMIT_EXCEEDED, ParseErrors.describe(e)));
        } catch (JacksonException e) {
            String detail = "malformed " + encoding + ": " + ParseErrors.describe(e);
            return rejected(encoding, session, new Rejection(ReplyCode.MALFORMED, detail));
        } catch (RuntimeException e) {
            log.error("Decoding a datagram failed unexpectedly", e);
            return rejected(
                    encoding,
                    session,
                    new Rejection(ReplyCode.INTERNAL, "internal error while decoding"));
        }
    }

    /** Rejections that need no parsing; size comes first so big datagrams cost nothing. */
    private @Nullable Rejection screen(byte[] datagram, DatagramFormat format) {
        if (datagram.length == 0) {
            return new Rejection(ReplyCode.MALFORMED, "empty datagram");
        }
        if (datagram.length > limits.maxDatagramBytes()) {
            String size = "datagram has %d bytes, more than %d";
            return new Rejection(
                    ReplyCode.TOO_LARGE,
                    String.format(size, datagram.length, limits.maxDatagramBytes()));
        }
        return switch (format) {
            case BLANK -> new Rejection(ReplyCode.MALFORMED, "datagram holds only whitespace");
            case UNSUPPORTED ->
                    new Rejection(
                            ReplyCode.UNSUPPORTED_FORMAT,
                            "expected SenML JSON, SenML CBOR or a flat JSON object");
            case JSON, SENML_CBOR -> null;
        };
    }

    private void parse(byte[] datagram, DatagramFormat format, DecodeSession session) {
        if (format == DatagramFormat.SENML_CBOR) {
            try (JsonParser parser = parsers.cborParser(datagram)) {
                cborReader.read(parser, session);
            }
        } else {
            try (JsonParser parser = parsers.jsonParser(datagram)) {
                jsonReader.read(parser, session);
            }
        }
    }

    private static Decoded rejected(
            Encoding encoding, @Nullable DecodeSession session, Rejection rejection) {
        OptionalLong messageId = session == null ? OptionalLong.empty() : session.messageId();
        return new Decoded.Rejected(encoding, messageId, rejection);
    }
}
