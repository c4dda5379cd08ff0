package io.dtlsingest.bench;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts replies by outcome and keeps send-to-reply latencies, for one measured interval at a time.
 * Latencies are kept up to a fixed number of samples; beyond it they are counted but not kept.
 */
final class Tally {

    private static final int MAX_SAMPLES = 4_000_000;

    final LongAdder sent = new LongAdder();
    final LongAdder ok = new LongAdder();
    final LongAdder readings = new LongAdder();
    final LongAdder duplicate = new LongAdder();
    final LongAdder busy = new LongAdder();
    final LongAdder internal = new LongAdder();
    final LongAdder rejected = new LongAdder();
    final LongAdder retransmitted = new LongAdder();
    final LongAdder gaveUp = new LongAdder();
    final LongAdder handshakes = new LongAdder();

    private final long[] latencies = new long[MAX_SAMPLES];
    private final AtomicInteger samples = new AtomicInteger();
    private volatile boolean recording;

    /** Starts a measured interval: clears all counts and latencies. */
    void start() {
        recording = false;
        for (LongAdder adder : all()) {
            adder.reset();
        }
        samples.set(0);
        recording = true;
    }

    /** Ends the measured interval; later replies are no longer counted. */
    void stop() {
        recording = false;
    }

    boolean recording() {
        return recording;
    }

    void latency(long nanos) {
        if (!recording) {
            return;
        }
        int slot = samples.getAndIncrement();
        if (slot < MAX_SAMPLES) {
            latencies[slot] = nanos;
        }
    }

    /** Latency percentiles of the interval in milliseconds, keyed p50, p99, p999, max. */
    Map<String, Double> percentiles() {
        int count = Math.min(samples.get(), MAX_SAMPLES);
        long[] sorted = Arrays.copyOf(latencies, count);
        Arrays.sort(sorted);
        Map<String, Double> result = new LinkedHashMap<>();
        result.put("p50", millis(sorted, 0.50));
        result.put("p99", millis(sorted, 0.99));
        result.put("p999", millis(sorted, 0.999));
        result.put("max", count == 0 ? Double.NaN : sorted[count - 1] / 1e6);
        return result;
    }

    private static double millis(long[] sorted, double quantile) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(quantile * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(index, sorted.length - 1))] / 1e6;
    }

    /** The counts of the interval by name. */
    Map<String, Long> counts() {
        Map<String, Long> result = new LinkedHashMap<>();
        result.put("sent", sent.sum());
        result.put("ok", ok.sum());
        result.put("readings", readings.sum());
        result.put("duplicate", duplicate.sum());
        result.put("busy", busy.sum());
        result.put("internal", internal.sum());
        result.put("rejected", rejected.sum());
        result.put("retransmitted", retransmitted.sum());
        result.put("gaveUp", gaveUp.sum());
        result.put("handshakes", handshakes.sum());
        return result;
    }

    private LongAdder[] all() {
        return new LongAdder[] {
            sent,
            ok,
            readings,
            duplicate,
            busy,
            internal,
            rejected,
            retransmitted,
            gaveUp,
            handshakes
        };
    }
}
