package io.dtlsingest.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Verifies that the decoders withstand hostile input: for random bytes, for valid SenML JSON, SenML
 * CBOR and flat datagrams with random damage, and for generated documents of SenML labels with
 * values of every type and size, every decode ends in readings within the configured limits or in a
 * rejection with a reason, never in an exception or an internal error, and allocates a bounded
 * amount of memory.
 *
 * <p>Each run draws a new seed, so that every build explores new inputs, and stops after a fixed
 * number of datagrams or two seconds (per kind of input), whichever comes first. A failure names
 * the seed and the datagram; {@code -Dfuzz.seed=<seed>} replays the same inputs, and {@code
 * -Dfuzz.tries=<n>} runs a longer campaign.
 */
class DecoderFuzzTest {

    private static final DecodeLimits LIMITS = DecodeLimits.defaults();
    private static final PayloadDecoder DECODER = new PayloadDecoder(LIMITS);
    private static final Instant NOW = Instant.parse("2026-12-03T10:15:30.123456Z");
    private static final int TRIES = Integer.getInteger("fuzz.tries", 1500);
    private static final Duration TIME_BOUND = Duration.ofSeconds(Long.getLong("fuzz.seconds", 2));

    /**
     * Most a single decode of a datagram of at most 4 KiB may allocate. Decoding keeps readings,
     * names and strings that the limits bound, plus the parser's buffers; measured peaks are far
     * below this.
     */
    private static final long MAX_ALLOCATED_BYTES = 4L * 1024 * 1024;

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    @Test
    void arbitraryBytesAreDecodedOrRejected() {
        fuzz(FuzzInputs.anyBytes());
    }

    @Test
    void damagedSenmlJsonIsDecodedOrRejected() {
        fuzz(
                FuzzInputs.mutated(
                        List.of(
                                utf8(
                                        "[{\"bn\":\"boiler1/\",\"bt\":1767258000,\"bu\":\"Cel\","
                                                + "\"n\":\"supply\",\"v\":61.5,\"mid\":1001},"
                                                + "{\"n\":\"return\",\"t\":-60,\"v\":48.25}]"),
                                utf8(
                                        "[{\"bn\":\"m1/\",\"bver\":10,\"n\":\"e\",\"u\":\"Wh\","
                                                + "\"s\":1.5},{\"n\":\"raw\",\"vd\":\"AQIDBA\","
                                                + "\"ut\":60},{\"n\":\"on\",\"vb\":true},"
                                                + "{\"n\":\"s\",\"vs\":\"x\"}]"),
                                utf8(
                                        "{\"n\":\"temp\",\"v\":20,\"bv\":1,\"bs\":2}\n"
                                                + "[{\"n\":\"b\",\"v\":1}]"))));
    }

    @Test
    void damagedSenmlCborIsDecodedOrRejected() {
        HexFormat hex = HexFormat.of();
        fuzz(
                FuzzInputs.mutated(
                        List.of(
                                hex.parseHex(
                                        "82a62168626f696c6572312f221a69563790236343656c0066737570"
                                                + "706c7902fa42760000636d69641903eaa3006672657475"
                                                + "726e06383b02fa42410000"),
                                hex.parseHex(
                                        "81a421646465762f006474656d7002fb4035800000000000636d6964"
                                                + "07"),
                                hex.parseHex("81a3006161084401020304051a000f4240"))));
    }

    @Test
    void damagedFlatJsonIsDecodedOrRejected() {
        fuzz(
                FuzzInputs.mutated(
                        List.of(
                                utf8(
                                        "{\"temperature\":21.5,\"door\":\"open\",\"armed\":true,"
                                                + "\"@t\":\"2026-01-01T09:00:00Z\",\"@mid\":7}"),
                                utf8("{\"a\":1,\"@t\":1767258000}\n{\"b\":{\"c\":[1,2]}}"))));
    }

    @Test
    void generatedSenmlJsonIsDecodedOrRejected() {
        fuzz(FuzzInputs.senmlJson());
    }

    @Test
    void generatedSenmlCborIsDecodedOrRejected() {
        fuzz(FuzzInputs.senmlCbor());
    }

    @Test
    void generatedFlatJsonIsDecodedOrRejected() {
        fuzz(FuzzInputs.flatJson());
    }

    /** Decodes generated datagrams until the tries or the time run out. */
    private static void fuzz(Function<Random, byte[]> inputs) {
        long seed = Long.getLong("fuzz.seed", new SecureRandom().nextLong());
        Random random = new Random(seed);
        long deadline = System.nanoTime() + TIME_BOUND.toNanos();
        for (int i = 0; i < TRIES && System.nanoTime() - deadline < 0; i++) {
            byte[] datagram = inputs.apply(random);
            try {
                withstands(datagram);
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError(
                        "datagram "
                                + i
                                + " of seed "
                                + seed
                                + " (-Dfuzz.seed="
                                + seed
                                + "): "
                                + HexFormat.of().formatHex(datagram),
                        e);
            }
        }
    }

    /** Decodes the datagram and checks that the outcome is one the service can answer. */
    private static void withstands(byte[] datagram) {
        long before = THREADS.getCurrentThreadAllocatedBytes();
        Decoded decoded = DECODER.decode(datagram, NOW);
        long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;

        assertThat(allocated).as("bytes allocated by one decode").isLessThan(MAX_ALLOCATED_BYTES);
        if (decoded instanceof Decoded.Rejected rejected) {
            Rejection rejection = rejected.rejection();
            assertThat(rejection.code())
                    .as("rejection of %s", rejection.detail())
                    .isNotIn(ReplyCode.OK, ReplyCode.INTERNAL, ReplyCode.BUSY);
            assertThat(rejection.detail()).isNotBlank();
        } else {
            withinLimits(((Decoded.Accepted) decoded).readings());
        }
    }

    private static void withinLimits(List<Reading> readings) {
        assertThat(readings).isNotEmpty().hasSizeLessThanOrEqualTo(LIMITS.maxRecords());
        for (Reading reading : readings) {
            assertThat(reading.name()).isNotEmpty();
            assertThat(reading.name().length()).isLessThanOrEqualTo(LIMITS.maxNameLength());
            assertThat(reading.time()).isNotNull();
            if (reading.unit() != null) {
                assertThat(reading.unit().length()).isLessThanOrEqualTo(LIMITS.maxStringLength());
            }
            if (reading.value() instanceof ReadingValue.Text text) {
                assertThat(text.value().length()).isLessThanOrEqualTo(LIMITS.maxStringLength());
            }
            if (reading.value() instanceof ReadingValue.Data data) {
                assertThat(data.value().length).isLessThanOrEqualTo(LIMITS.maxStringLength());
            }
            if (reading.value() instanceof ReadingValue.Numeric numeric) {
                assertThat(numeric.value()).isFinite();
            }
            if (reading.sum() != null) {
                assertThat(reading.sum()).isFinite();
            }
        }
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
