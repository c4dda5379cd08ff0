package io.dtlsingest.limits;

import java.time.Duration;

/**
 * A token bucket: holds at most {@code capacity} tokens and gains {@code ratePerSecond} of them per
 * second; an event that takes more tokens than the bucket holds is over the limit. A new bucket is
 * full, so a well-behaved peer may send a burst of {@code capacity} at once.
 *
 * <p>Time is passed in as a monotonic nanosecond count ({@link System#nanoTime()}), so tests can
 * drive it. Thread-safe.
 */
public final class TokenBucket {

    private static final double NANOS_PER_SECOND = 1e9;

    private final double capacity;
    private final double ratePerNano;
    private double tokens;
    private long updatedNanos;

    /**
     * @param ratePerSecond tokens gained per second, positive
     * @param capacity tokens held at most, positive
     * @param nowNanos the current time
     */
    public TokenBucket(double ratePerSecond, double capacity, long nowNanos) {
        if (!(ratePerSecond > 0) || !(capacity > 0)) {
            throw new IllegalArgumentException(
                    "rate and capacity must be positive: " + ratePerSecond + ", " + capacity);
        }
        this.capacity = capacity;
        this.ratePerNano = ratePerSecond / NANOS_PER_SECOND;
        this.tokens = capacity;
        this.updatedNanos = nowNanos;
    }

    /**
     * How long an empty bucket of this rate and capacity takes to fill, rounded up to whole seconds
     * with one to spare: a bucket untouched for this long is as good as new, so a map of buckets
     * may forget it.
     */
    public static Duration timeToFill(double ratePerSecond, double capacity) {
        return Duration.ofSeconds((long) Math.ceil(capacity / ratePerSecond) + 1);
    }

    /** Takes {@code count} tokens if the bucket holds them; otherwise takes none. */
    public synchronized boolean tryTake(double count, long nowNanos) {
        refill(nowNanos);
        if (tokens < count) {
            return false;
        }
        tokens -= count;
        return true;
    }

    /**
     * How long until the bucket holds {@code count} tokens, in milliseconds rounded up; 0 when it
     * holds them now. For a count above the capacity, the time until the bucket is full.
     */
    public synchronized long millisUntil(double count, long nowNanos) {
        refill(nowNanos);
        double missing = Math.min(count, capacity) - tokens;
        if (missing <= 0) {
            return 0;
        }
        return (long) Math.ceil(missing / ratePerNano / 1e6);
    }

    private void refill(long nowNanos) {
        long elapsed = nowNanos - updatedNanos;
        if (elapsed > 0) {
            tokens = Math.min(capacity, tokens + elapsed * ratePerNano);
            updatedNanos = nowNanos;
        }
    }
}
