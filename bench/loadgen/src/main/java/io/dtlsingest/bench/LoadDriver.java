package io.dtlsingest.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives a fleet in one of two ways: closed loop, where every connection keeps a window of
 * datagrams outstanding and sends the next as soon as one is answered (this finds the sustained
 * maximum), or open loop, at a fixed total rate whatever the replies (this measures latency at a
 * chosen load).
 */
final class LoadDriver {

    private static final Logger log = LoggerFactory.getLogger(LoadDriver.class);

    /** What one measured interval gave. */
    record RunResult(
            double datagramsPerSecond,
            double readingsPerSecond,
            Map<String, Double> latencyMillis,
            Map<String, Long> counts) {}

    private final Tally tally;
    private final long warmupMillis;
    private final long measureMillis;
    private final int runs;

    LoadDriver(Tally tally, long warmupMillis, long measureMillis, int runs) {
        this.tally = tally;
        this.warmupMillis = warmupMillis;
        this.measureMillis = measureMillis;
        this.runs = runs;
    }

    /** Keeps {@code window} datagrams outstanding on every connection. */
    List<RunResult> closedLoop(Fleet fleet, int window, String label) throws InterruptedException {
        AtomicBoolean running = new AtomicBoolean(true);
        for (BenchConnection connection : fleet.connections()) {
            connection.onCompletion(
                    c -> {
                        if (running.get()) {
                            c.sendNew();
                        }
                    });
        }
        for (BenchConnection connection : fleet.connections()) {
            for (int i = connection.outstanding(); i < window; i++) {
                connection.sendNew();
            }
        }
        try {
            return measure(label);
        } finally {
            running.set(false);
            finish(fleet);
        }
    }

    /**
     * Sends {@code ratePerSecond} datagrams per second in total, round robin over the connections,
     * skipping a connection that already has {@code maxOutstanding} datagrams waiting.
     */
    List<RunResult> openLoop(Fleet fleet, double ratePerSecond, int maxOutstanding, String label)
            throws InterruptedException {
        for (BenchConnection connection : fleet.connections()) {
            connection.onCompletion(c -> {});
        }
        Pacer pacer = new Pacer(fleet.connections(), ratePerSecond, maxOutstanding);
        Thread thread = new Thread(pacer, "bench-pacer");
        thread.setDaemon(true);
        thread.start();
        try {
            List<RunResult> results = measure(label);
            if (pacer.skipped > 0) {
                log.warn("{}: {} sends skipped, connections at their window", label, pacer.skipped);
            }
            return results;
        } finally {
            pacer.running = false;
            thread.join(1000);
            finish(fleet);
        }
    }

    private List<RunResult> measure(String label) throws InterruptedException {
        Thread.sleep(warmupMillis);
        List<RunResult> results = new ArrayList<>(runs);
        for (int run = 1; run <= runs; run++) {
            tally.start();
            long started = System.nanoTime();
            Thread.sleep(measureMillis);
            tally.stop();
            double seconds = (System.nanoTime() - started) / 1e9;
            Map<String, Long> counts = tally.counts();
            RunResult result =
                    new RunResult(
                            counts.get("ok") / seconds,
                            counts.get("readings") / seconds,
                            tally.percentiles(),
                            counts);
            log.info(
                    "{} run {}: {} datagrams/s, latency ms {}, {}",
                    label,
                    run,
                    Math.round(result.datagramsPerSecond()),
                    result.latencyMillis(),
                    counts);
            results.add(result);
        }
        return results;
    }

    private static void finish(Fleet fleet) throws InterruptedException {
        fleet.drain(10_000);
        for (BenchConnection connection : fleet.connections()) {
            connection.onCompletion(c -> {});
        }
    }

    /** Sends at a steady total rate, checking every millisecond what is due. */
    private static final class Pacer implements Runnable {

        private final List<BenchConnection> connections;
        private final double ratePerNano;
        private final int maxOutstanding;
        volatile boolean running = true;
        long skipped;

        Pacer(List<BenchConnection> connections, double ratePerSecond, int maxOutstanding) {
            this.connections = connections;
            this.ratePerNano = ratePerSecond / 1e9;
            this.maxOutstanding = maxOutstanding;
        }

        @Override
        public void run() {
            long started = System.nanoTime();
            long issued = 0;
            int next = 0;
            while (running) {
                long due = (long) ((System.nanoTime() - started) * ratePerNano) - issued;
                for (long i = 0; i < due; i++) {
                    BenchConnection connection = connections.get(next);
                    next = (next + 1) % connections.size();
                    if (connection.outstanding() < maxOutstanding) {
                        connection.sendNew();
                    } else {
                        skipped++;
                    }
                    issued++;
                }
                LockSupport.parkNanos(1_000_000);
            }
        }
    }
}
