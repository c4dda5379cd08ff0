package io.dtlsingest.bench;

import java.util.List;

/**
 * How long and how big the benchmark runs. {@code --quick} measures the same figures with shorter
 * intervals, fewer runs and fewer idle connections.
 *
 * @param mode "quick" or "full"
 * @param connectionCounts connection counts of the throughput and latency figures
 * @param echoConnectionCounts connection counts at which the echo ceiling is measured
 * @param warmupMillis load before the first measured interval of a figure
 * @param measureMillis length of one measured interval (one run)
 * @param runs measured intervals per figure
 * @param handshakeDevices devices handshaking at the same time in the handshake figures
 * @param idleConnections idle PSK connections opened for the memory figure
 * @param copyRows rows per COPY of the database ceiling
 * @param rpkDevices RPK devices provisioned; RPK connections share them
 */
record Settings(
        String mode,
        List<Integer> connectionCounts,
        List<Integer> echoConnectionCounts,
        long warmupMillis,
        long measureMillis,
        int runs,
        int handshakeDevices,
        int idleConnections,
        int copyRows,
        int rpkDevices) {

    static Settings quick() {
        return new Settings(
                "quick",
                List.of(100, 1_000, 10_000),
                List.of(1_000),
                500,
                1_500,
                3,
                128,
                3_000,
                200_000,
                1_000);
    }

    /** A few seconds on tens of connections: for trying the benchmark out, not for figures. */
    static Settings smoke() {
        return new Settings(
                "smoke", List.of(10, 50), List.of(50), 500, 1_000, 2, 8, 100, 10_000, 20);
    }

    static Settings full() {
        return new Settings(
                "full",
                List.of(100, 1_000, 10_000),
                List.of(100, 1_000, 10_000),
                2_000,
                5_000,
                5,
                256,
                100_000,
                500_000,
                1_000);
    }

    /** Datagrams each connection keeps outstanding when finding the maximum. */
    static int window(int connections) {
        return Math.max(1, Math.min(32, (1_000 + connections - 1) / connections));
    }

    int maxConnections() {
        int max = idleConnections;
        for (int count : connectionCounts) {
            max = Math.max(max, count);
        }
        return max;
    }
}
