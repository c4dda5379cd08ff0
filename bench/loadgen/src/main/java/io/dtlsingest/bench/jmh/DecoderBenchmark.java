package io.dtlsingest.bench.jmh;

import io.dtlsingest.telemetry.DecodeLimits;
import io.dtlsingest.telemetry.Decoded;
import io.dtlsingest.telemetry.PayloadDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * The service's payload decoder on one typical datagram of each format: a SenML JSON pack of three
 * records with a base name and a message id, the same pack in SenML CBOR, and a flat JSON object
 * with three readings. Each benchmark fails loudly if its datagram were ever rejected, so that a
 * fast rejection is never mistaken for a fast decode.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class DecoderBenchmark {

    private static final byte[] SENML_JSON =
            ("[{\"bn\":\"boiler1/\",\"bt\":1.7e9,\"n\":\"supply\",\"u\":\"Cel\",\"v\":61.5,"
                            + "\"mid\":1001},{\"n\":\"return\",\"u\":\"Cel\",\"v\":48.25,\"t\":-5},"
                            + "{\"n\":\"pump\",\"vb\":true}]")
                    .getBytes(StandardCharsets.UTF_8);

    /**
     * The pack above in SenML CBOR (RFC 8428 section 6): integer labels, text key "mid", half-,
     * single- and double-precision floats as an encoder would choose them.
     */
    private static final byte[] SENML_CBOR =
            HexFormat.of()
                    .parseHex(
                            "83a62168626f696c6572312f22fa4ecaa7e20066737570706c79016343656c02f953b0"
                                    + "636d69641903e9a4006672657475726e016343656c02f952080624a2006470"
                                    + "756d7004f5");

    private static final byte[] FLAT =
            "{\"temperature\":21.5,\"door\":\"open\",\"armed\":true,\"@mid\":77}"
                    .getBytes(StandardCharsets.UTF_8);

    private final PayloadDecoder decoder = new PayloadDecoder(DecodeLimits.defaults());
    private final Instant receivedAt = Instant.parse("2026-12-04T00:00:00Z");

    @Benchmark
    public Decoded senmlJson() {
        return accepted(decoder.decode(SENML_JSON, receivedAt));
    }

    @Benchmark
    public Decoded senmlCbor() {
        return accepted(decoder.decode(SENML_CBOR, receivedAt));
    }

    @Benchmark
    public Decoded flat() {
        return accepted(decoder.decode(FLAT, receivedAt));
    }

    private static Decoded accepted(Decoded decoded) {
        if (!(decoded instanceof Decoded.Accepted)) {
            throw new IllegalStateException("benchmark datagram rejected: " + decoded);
        }
        return decoded;
    }
}
