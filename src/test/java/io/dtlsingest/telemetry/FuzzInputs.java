package io.dtlsingest.telemetry;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

/**
 * Generators of hostile datagrams for the decoder fuzz test, each a function of a seeded {@link
 * Random} so that a seed reproduces its datagram: arbitrary bytes, valid datagrams with random
 * damage, and structurally plausible documents built from SenML labels with values of every type
 * and size, written as JSON text or CBOR bytes.
 */
final class FuzzInputs {

    /** A number written as-is into JSON text: too long, too precise, or out of range. */
    record RawNumber(String text) {}

    private static final Map<String, Integer> CBOR_LABELS =
            Map.ofEntries(
                    Map.entry("bver", -1),
                    Map.entry("bn", -2),
                    Map.entry("bt", -3),
                    Map.entry("bu", -4),
                    Map.entry("bv", -5),
                    Map.entry("bs", -6),
                    Map.entry("n", 0),
                    Map.entry("u", 1),
                    Map.entry("v", 2),
                    Map.entry("vs", 3),
                    Map.entry("vb", 4),
                    Map.entry("s", 5),
                    Map.entry("t", 6),
                    Map.entry("ut", 7),
                    Map.entry("vd", 8));

    private static final List<String> LABELS =
            List.of(
                    "bver", "bn", "bt", "bu", "bv", "bs", "n", "u", "v", "vs", "vb", "vd", "s", "t",
                    "ut", "mid", "bn_", "x", "", "@t", "@mid");

    private static final byte[] INTERESTING = {
        0,
        (byte) 0xff,
        '"',
        '[',
        ']',
        '{',
        '}',
        ':',
        ',',
        '\\',
        '-',
        'e',
        '.',
        '0',
        '9',
        (byte) 0x9f,
        (byte) 0xbf,
        (byte) 0x7f,
        (byte) 0x5f,
        (byte) 0x1b,
        (byte) 0xfb,
        (byte) 0xf9,
        (byte) 0xc0,
        (byte) 0xd8,
        (byte) 0xc3,
        (byte) 0xed,
        (byte) 0xa0
    };

    private FuzzInputs() {}

    /** Any bytes, up to a little more than the default size limit. */
    static Function<Random, byte[]> anyBytes() {
        return random -> {
            byte[] bytes = new byte[random.nextInt(random.nextBoolean() ? 64 : 4200)];
            random.nextBytes(bytes);
            return bytes;
        };
    }

    /** One of {@code seeds} with one to eight random mutations applied. */
    static Function<Random, byte[]> mutated(List<byte[]> seeds) {
        return random -> {
            byte[] data = seeds.get(random.nextInt(seeds.size())).clone();
            int count = 1 + random.nextInt(8);
            for (int i = 0; i < count; i++) {
                data = apply(data, mutation(random));
            }
            return data;
        };
    }

    /** SenML packs as JSON text. */
    static Function<Random, byte[]> senmlJson() {
        return random -> utf8(json(pack(random, false)));
    }

    /** SenML packs as CBOR, with integer labels where RFC 8428 section 6 defines them. */
    static Function<Random, byte[]> senmlCbor() {
        return random -> cbor(pack(random, true));
    }

    /** Flat objects, one to three in a row: plausible and odd member names, values of any type. */
    static Function<Random, byte[]> flatJson() {
        return random -> {
            StringBuilder text = new StringBuilder();
            int documents = 1 + random.nextInt(3);
            for (int d = 0; d < documents; d++) {
                Map<Object, Object> object = new LinkedHashMap<>();
                int members = random.nextInt(13);
                for (int m = 0; m < members; m++) {
                    object.put(flatName(random), value(random, 2));
                }
                text.append(json(object)).append('\n');
            }
            return utf8(text.toString());
        };
    }

    private static String flatName(Random random) {
        return switch (random.nextInt(4)) {
            case 0 -> text(random, "abcxyz019_-:./", 1 + random.nextInt(12));
            case 1 -> pick(random, List.of("@t", "@mid", "@x", "", "bn", "n", "v"));
            case 2 -> anyText(random, random.nextInt(8));
            default -> "a".repeat(200);
        };
    }

    private static List<Object> pack(Random random, boolean cborLabels) {
        int count = random.nextInt(20) == 0 ? 200 + random.nextInt(100) : 1 + random.nextInt(6);
        List<Object> pack = new ArrayList<>(count);
        // Packs near the record limit repeat one record, which is as hard on the decoder as
        // different ones and far cheaper to generate.
        Map<Object, Object> repeated = count > 6 ? record(random, cborLabels) : null;
        for (int i = 0; i < count; i++) {
            pack.add(repeated != null ? repeated : record(random, cborLabels));
        }
        return pack;
    }

    private static Map<Object, Object> record(Random random, boolean cborLabels) {
        Map<Object, Object> record = new LinkedHashMap<>();
        int labels = random.nextInt(9);
        for (int i = 0; i < labels; i++) {
            record.put(label(random, cborLabels), value(random, 2));
        }
        return record;
    }

    private static Object label(Random random, boolean cborLabels) {
        int kind = random.nextInt(10);
        if (kind < 8) {
            String name = pick(random, LABELS);
            Integer number = cborLabels ? CBOR_LABELS.get(name) : null;
            return number != null ? number : name;
        }
        return kind == 8 ? (Object) (random.nextInt(61) - 30) : anyText(random, random.nextInt(6));
    }

    /** A value of any type, nested at most {@code depth} more levels. */
    private static Object value(Random random, int depth) {
        int kind = random.nextInt(depth > 0 ? 14 : 12);
        return switch (kind) {
            case 0 -> random.nextLong();
            case 1 ->
                    pick(
                            random,
                            List.of(
                                    0L,
                                    -1L,
                                    1L << 28,
                                    (1L << 32) - 1,
                                    1L << 32,
                                    Long.MIN_VALUE,
                                    Long.MAX_VALUE,
                                    1_767_258_000L));
            case 2 -> (random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(40) - 10);
            case 3 ->
                    pick(
                            random,
                            List.of(
                                    Double.NaN,
                                    Double.POSITIVE_INFINITY,
                                    Double.NEGATIVE_INFINITY,
                                    -0.0,
                                    Double.MIN_VALUE,
                                    Double.MAX_VALUE,
                                    1.7e9,
                                    4.294967296e9));
            case 4 ->
                    new RawNumber(
                            pick(
                                    random,
                                    List.of(
                                            "1e999",
                                            "-1e-999",
                                            "123456789012345678901234567890",
                                            "1" + "0".repeat(120),
                                            "0.1e400000000",
                                            "-0")));
            case 5 -> anyText(random, random.nextInt(20));
            case 6 -> text(random, "abc/:-._", 1 + random.nextInt(140));
            case 7 -> pick(random, List.of("x".repeat(1100), "y".repeat(130), "z/".repeat(70)));
            case 8 -> {
                byte[] bytes = new byte[random.nextInt(40)];
                random.nextBytes(bytes);
                yield bytes;
            }
            case 9, 10 -> random.nextBoolean();
            case 11 -> null;
            case 12 -> {
                List<Object> list = new ArrayList<>();
                int size = random.nextInt(5);
                for (int i = 0; i < size; i++) {
                    list.add(value(random, depth - 1));
                }
                yield list;
            }
            default -> {
                Map<Object, Object> map = new LinkedHashMap<>();
                int size = random.nextInt(4);
                for (int i = 0; i < size; i++) {
                    map.put(text(random, "abcXYZ", random.nextInt(4)), value(random, depth - 1));
                }
                yield map;
            }
        };
    }

    private static <T> T pick(Random random, List<T> choices) {
        return choices.get(random.nextInt(choices.size()));
    }

    private static String text(Random random, String alphabet, int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return text.toString();
    }

    /** Any characters: control characters, lone surrogates and astral code points included. */
    private static String anyText(Random random, int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            switch (random.nextInt(4)) {
                case 0 -> text.append((char) random.nextInt(0x80));
                case 1 -> text.append((char) random.nextInt(0x10000));
                case 2 -> text.appendCodePoint(0x10000 + random.nextInt(0x100000));
                default -> text.append((char) random.nextInt(0x20));
            }
        }
        return text.toString();
    }

    // --- mutations

    private record Mutation(int kind, int position, byte value, int length) {}

    private static Mutation mutation(Random random) {
        byte value =
                random.nextBoolean()
                        ? (byte) random.nextInt(256)
                        : INTERESTING[random.nextInt(INTERESTING.length)];
        return new Mutation(
                random.nextInt(7),
                random.nextInt(Integer.MAX_VALUE),
                value,
                1 + random.nextInt(64));
    }

    private static byte[] apply(byte[] data, Mutation m) {
        int at = data.length == 0 ? 0 : m.position() % data.length;
        int end = Math.min(data.length, at + m.length());
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length + m.length());
        switch (m.kind()) {
            case 0 -> { // overwrite one byte
                if (data.length == 0) {
                    return new byte[] {m.value()};
                }
                byte[] copy = data.clone();
                copy[at] = m.value();
                return copy;
            }
            case 1 -> { // flip one bit
                if (data.length == 0) {
                    return data;
                }
                byte[] copy = data.clone();
                copy[at] ^= (byte) (1 << (m.length() % 8));
                return copy;
            }
            case 2 -> { // insert the byte, repeated
                out.write(data, 0, at);
                for (int i = 0; i < m.length(); i++) {
                    out.write(m.value());
                }
                out.write(data, at, data.length - at);
            }
            case 3 -> { // delete a range
                out.write(data, 0, at);
                out.write(data, end, data.length - end);
            }
            case 4 -> { // duplicate a range
                out.write(data, 0, end);
                out.write(data, at, end - at);
                out.write(data, end, data.length - end);
            }
            case 5 -> { // truncate
                out.write(data, 0, at);
            }
            default -> { // shuffle a range
                byte[] copy = data.clone();
                Random random = new Random(m.position());
                for (int i = end - 1; i > at; i--) {
                    int j = at + random.nextInt(i - at + 1);
                    byte swap = copy[i];
                    copy[i] = copy[j];
                    copy[j] = swap;
                }
                return copy;
            }
        }
        return out.toByteArray();
    }

    // --- writers

    private static String json(Object value) {
        StringBuilder out = new StringBuilder();
        writeJson(value, out);
        return out.toString();
    }

    private static void writeJson(Object value, StringBuilder out) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof RawNumber raw) {
            out.append(raw.text());
        } else if (value instanceof Double d && (d.isNaN() || d.isInfinite())) {
            out.append(d > 0 ? "1e400" : "-1e400");
        } else if (value instanceof Number || value instanceof Boolean) {
            out.append(value);
        } else if (value instanceof byte[] bytes) {
            writeJsonString(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes), out);
        } else if (value instanceof String text) {
            writeJsonString(text, out);
        } else if (value instanceof List<?> list) {
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                out.append(i == 0 ? "" : ",");
                writeJson(list.get(i), out);
            }
            out.append(']');
        } else if (value instanceof Map<?, ?> map) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                out.append(first ? "" : ",");
                first = false;
                writeJsonString(String.valueOf(entry.getKey()), out);
                out.append(':');
                writeJson(entry.getValue(), out);
            }
            out.append('}');
        } else {
            throw new IllegalArgumentException("cannot write " + value);
        }
    }

    private static void writeJsonString(String text, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        out.append('"');
    }

    private static byte[] cbor(Object value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeCbor(value, out);
        return out.toByteArray();
    }

    private static void writeCbor(Object value, ByteArrayOutputStream out) {
        if (value == null) {
            out.write(0xf6);
        } else if (value instanceof RawNumber raw) {
            writeCbor(raw.text(), out);
        } else if (value instanceof Double d) {
            out.write(0xfb);
            out.writeBytes(ByteBuffer.allocate(8).putDouble(d).array());
        } else if (value instanceof Long l) {
            writeInteger(l, out);
        } else if (value instanceof Integer i) {
            writeInteger(i, out);
        } else if (value instanceof Boolean bool) {
            out.write(bool ? 0xf5 : 0xf4);
        } else if (value instanceof byte[] bytes) {
            head(2, bytes.length, out);
            out.writeBytes(bytes);
        } else if (value instanceof String text) {
            byte[] bytes = utf8(text);
            head(3, bytes.length, out);
            out.writeBytes(bytes);
        } else if (value instanceof List<?> list) {
            head(4, list.size(), out);
            list.forEach(item -> writeCbor(item, out));
        } else if (value instanceof Map<?, ?> map) {
            head(5, map.size(), out);
            map.forEach(
                    (key, item) -> {
                        writeCbor(key, out);
                        writeCbor(item, out);
                    });
        } else {
            throw new IllegalArgumentException("cannot write " + value);
        }
    }

    private static void writeInteger(long value, ByteArrayOutputStream out) {
        if (value >= 0) {
            head(0, value, out);
        } else {
            head(1, -1 - value, out);
        }
    }

    /** A CBOR head (RFC 8949 section 3) with the argument in its shortest form. */
    private static void head(int majorType, long argument, ByteArrayOutputStream out) {
        int type = majorType << 5;
        if (argument >= 0 && argument < 24) {
            out.write(type | (int) argument);
        } else if (argument >= 0 && argument < 0x100) {
            out.write(type | 24);
            out.write((int) argument);
        } else if (argument >= 0 && argument < 0x10000) {
            out.write(type | 25);
            out.writeBytes(ByteBuffer.allocate(2).putShort((short) argument).array());
        } else if (argument >= 0 && argument < 0x1_0000_0000L) {
            out.write(type | 26);
            out.writeBytes(ByteBuffer.allocate(4).putInt((int) argument).array());
        } else {
            out.write(type | 27);
            out.writeBytes(ByteBuffer.allocate(8).putLong(argument).array());
        }
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
