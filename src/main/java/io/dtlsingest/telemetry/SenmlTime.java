package io.dtlsingest.telemetry;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.jspecify.annotations.Nullable;

/** Turns SenML times (seconds, RFC 8428 section 4.5.3) into instants. */
final class SenmlTime {

    /** Times from 2**28 on are absolute; smaller ones, negative included, are relative to now. */
    private static final long ABSOLUTE_FROM = 1L << 28;

    private static final BigDecimal ABSOLUTE_FROM_DECIMAL = BigDecimal.valueOf(ABSOLUTE_FROM);

    /**
     * Resolved times must lie in years 1 to 9999, the range of RFC 3339 date-times; this also keeps
     * them within what SQL timestamp columns hold.
     */
    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");

    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");

    /**
     * Well beyond every time in range, absolute or relative. Larger inputs are rejected before any
     * exact arithmetic; smaller whole numbers are exact in a double and add up without overflow.
     */
    private static final double FAR_OUT_SECONDS = 1e12;

    private SenmlTime() {}

    /**
     * Resolves base time plus time.
     *
     * @param now the instant relative times count from
     * @return the instant truncated to microseconds, or null if it is not a finite number or out of
     *     range
     */
    static @Nullable Instant resolve(double baseTime, double time, Instant now) {
        if (isFarOut(baseTime) || isFarOut(time)) {
            return null;
        }

        Instant resolved;
        try {
            resolved =
                    isWhole(baseTime) && isWhole(time)
                            ? fromWholeSeconds((long) baseTime + (long) time, now)
                            : fromFractionalSeconds(exactSum(baseTime, time), now);
        } catch (DateTimeException | ArithmeticException e) {
            return null;
        }

        return inRange(resolved) ? resolved : null;
    }

    /** Whether an instant lies in years 1 to 9999, where every resolved time must lie. */
    static boolean inRange(Instant instant) {
        return !instant.isBefore(EARLIEST) && !instant.isAfter(LATEST);
    }

    /** Also true for NaN, which no comparison holds for. */
    private static boolean isFarOut(double seconds) {
        return !(Math.abs(seconds) <= FAR_OUT_SECONDS);
    }

    private static boolean isWhole(double seconds) {
        return seconds == Math.rint(seconds);
    }

    private static Instant fromWholeSeconds(long seconds, Instant now) {
        if (seconds >= ABSOLUTE_FROM) {
            return Instant.ofEpochSecond(seconds);
        }
        return now.plusSeconds(seconds).truncatedTo(ChronoUnit.MICROS);
    }

    /**
     * Adds the decimal values the device wrote rather than the binary doubles: 1276020076.001 minus
     * 5 must give exactly .001 after the second, not .000999.
     */
    private static BigDecimal exactSum(double baseTime, double time) {
        return BigDecimal.valueOf(baseTime).add(BigDecimal.valueOf(time));
    }

    private static Instant fromFractionalSeconds(BigDecimal seconds, Instant now) {
        // Flooring keeps the fraction positive on both sides of the epoch, as Instant does.
        BigDecimal wholeSeconds = seconds.setScale(0, RoundingMode.FLOOR);
        long nanos =
                seconds.subtract(wholeSeconds)
                        .movePointRight(9)
                        .setScale(0, RoundingMode.FLOOR)
                        .longValueExact();

        Instant exact =
                seconds.compareTo(ABSOLUTE_FROM_DECIMAL) >= 0
                        ? Instant.ofEpochSecond(wholeSeconds.longValueExact(), nanos)
                        : now.plusSeconds(wholeSeconds.longValueExact()).plusNanos(nanos);
        return exact.truncatedTo(ChronoUnit.MICROS);
    }
}
