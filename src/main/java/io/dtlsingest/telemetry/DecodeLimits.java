package io.dtlsingest.telemetry;

/**
 * Bounds on what one datagram may contain. They keep the cost of decoding a hostile datagram close
 * to that of a well-behaved one.
 *
 * @param maxDatagramBytes largest datagram accepted, in bytes
 * @param maxRecords largest number of readings in one datagram
 * @param maxNameLength longest sensor name (base name included), in characters
 * @param maxStringLength longest string value or unit in characters, and longest data value ("vd")
 *     in decoded bytes
 * @param maxNestingDepth deepest nesting of arrays and objects (maps)
 */
public record DecodeLimits(
        int maxDatagramBytes,
        int maxRecords,
        int maxNameLength,
        int maxStringLength,
        int maxNestingDepth) {

    /** Checks that every limit is positive. */
    public DecodeLimits {
        requirePositive("maxDatagramBytes", maxDatagramBytes);
        requirePositive("maxRecords", maxRecords);
        requirePositive("maxNameLength", maxNameLength);
        requirePositive("maxStringLength", maxStringLength);
        requirePositive("maxNestingDepth", maxNestingDepth);
    }

    /**
     * Limits suited to small sensors: 4096 bytes, 256 records, names of 128 characters, strings of
     * 1024 characters and a nesting depth of 4, which leaves room for small structured extension
     * values inside the records of a pack.
     */
    public static DecodeLimits defaults() {
        return new DecodeLimits(4096, 256, 128, 1024, 4);
    }

    private static void requirePositive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive but was " + value);
        }
    }
}
