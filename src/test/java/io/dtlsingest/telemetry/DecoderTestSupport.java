package io.dtlsingest.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.dataformat.cbor.CBORFactory;

/** Shared fixtures for the decoder tests. */
final class DecoderTestSupport {

    /** A reception time with nanoseconds, to show that reading times keep microseconds only. */
    static final Instant RECEIVED_AT = Instant.parse("2026-12-03T10:15:30.123456789Z");

    /** What relative times count from once truncated to microseconds. */
    static final Instant NOW = RECEIVED_AT.truncatedTo(ChronoUnit.MICROS);

    static final PayloadDecoder DECODER = new PayloadDecoder(DecodeLimits.defaults());

    private static final CBORFactory CBOR = CBORFactory.builder().build();

    private DecoderTestSupport() {}

    static Decoded decode(String json) {
        return DECODER.decode(json.getBytes(StandardCharsets.UTF_8), RECEIVED_AT);
    }

    static Decoded decode(byte[] datagram) {
        return DECODER.decode(datagram, RECEIVED_AT);
    }

    static List<Reading> readingsOf(Decoded decoded) {
        assertThat(decoded).isInstanceOf(Decoded.Accepted.class);
        return ((Decoded.Accepted) decoded).readings();
    }

    static Rejection rejectionOf(Decoded decoded) {
        assertThat(decoded).isInstanceOf(Decoded.Rejected.class);
        return ((Decoded.Rejected) decoded).rejection();
    }

    static Reading numeric(String name, Instant time, double value, String unit) {
        return new Reading(name, time, new ReadingValue.Numeric(value), null, unit);
    }

    static byte[] hex(String dump) {
        return HexFormat.of().parseHex(dump.replaceAll("\\s+", ""));
    }

    /** Writes CBOR with Jackson's generator, which can write integer map keys. */
    static byte[] cbor(Consumer<JsonGenerator> writer) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator generator = CBOR.createGenerator(ObjectWriteContext.empty(), out)) {
            writer.accept(generator);
        }
        return out.toByteArray();
    }
}
