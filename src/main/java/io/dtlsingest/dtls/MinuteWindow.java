package io.dtlsingest.dtls;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongSupplier;

/**
 * Counts events of the last minute in sixty one-second buckets. Thread-safe; a bucket is cleared
 * lazily by the first event of a new second that lands in it, so under concurrency a count may be
 * off by the events of one second, which is fine for a health detail.
 */
final class MinuteWindow {

    private static final int SECONDS = 60;

    private final AtomicLongArray counts = new AtomicLongArray(SECONDS);
    private final AtomicLongArray bucketSecond = new AtomicLongArray(SECONDS);
    private final LongSupplier epochSecond;

    MinuteWindow(LongSupplier epochSecond) {
        this.epochSecond = epochSecond;
    }

    MinuteWindow() {
        this(() -> System.currentTimeMillis() / 1000);
    }

    void increment() {
        long now = epochSecond.getAsLong();
        int bucket = (int) (now % SECONDS);
        long stamped = bucketSecond.get(bucket);
        if (stamped != now && bucketSecond.compareAndSet(bucket, stamped, now)) {
            counts.set(bucket, 0);
        }
        counts.incrementAndGet(bucket);
    }

    /** Events counted in the sixty seconds up to now. */
    long total() {
        long now = epochSecond.getAsLong();
        long total = 0;
        for (int bucket = 0; bucket < SECONDS; bucket++) {
            if (now - bucketSecond.get(bucket) < SECONDS) {
                total += counts.get(bucket);
            }
        }
        return total;
    }
}
