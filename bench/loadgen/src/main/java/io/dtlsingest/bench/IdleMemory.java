package io.dtlsingest.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Heap per idle connection, measured in the service: its live heap (after a full collection, by
 * {@code jcmd GC.class_histogram}) before and after opening idle PSK connections, each with a full
 * handshake and one datagram, divided by the connections opened. Beyond what one process may open
 * the connections come from further load generator processes.
 */
final class IdleMemory {

    private static final Logger log = LoggerFactory.getLogger(IdleMemory.class);

    /** What the memory figure was computed from. */
    record Result(
            int connections,
            long heapBefore,
            long heapAfter,
            double activeBefore,
            double activeAfter) {

        double bytesPerConnection() {
            return (heapAfter - heapBefore) / (double) connections;
        }
    }

    /**
     * Connections one process opens at most: under its limit of 20,000 open files, and under the
     * 28,000 ephemeral ports of one loopback address, which each process has to itself.
     */
    static final int CONNECTIONS_PER_PROCESS = 15_000;

    private IdleMemory() {}

    /**
     * Opens the idle connections, up to {@link #CONNECTIONS_PER_PROCESS} in this process and the
     * rest in {@link IdleClients} processes, and measures the service's heap before and after. The
     * devices of the other processes are marked acknowledged in {@code ledger}, so that the check
     * of the database at the end counts their readings too.
     */
    static Result measure(
            Service service,
            InetSocketAddress address,
            Devices devices,
            Ledger ledger,
            ScheduledExecutorService executor,
            Settings settings,
            Path out)
            throws Exception {
        long before = service.process().liveHeapBytes();
        double activeBefore = service.prometheusSum("dtls_connections_active", "");
        int here = Math.min(settings.idleConnections(), CONNECTIONS_PER_PROCESS);
        List<Clients> others = new ArrayList<>();
        try (Fleet fleet =
                Fleet.open(
                        address,
                        devices,
                        ledger,
                        true,
                        new Tally(),
                        here,
                        i -> Fleet.Kind.PSK,
                        executor)) {
            fleet.drain(5_000);
            int opened = fleet.size();
            for (int first = here; first < settings.idleConnections(); ) {
                int count = Math.min(CONNECTIONS_PER_PROCESS, settings.idleConnections() - first);
                others.add(Clients.start(others.size(), address, first, count, out));
                first += count;
            }
            for (Clients clients : others) {
                opened += clients.awaitOpened(ledger);
            }
            Thread.sleep(2_000);
            long after = service.process().liveHeapBytes();
            double activeAfter = service.prometheusSum("dtls_connections_active", "");
            Result result = new Result(opened, before, after, activeBefore, activeAfter);
            log.info(
                    "Idle connections: {} in {} processes, live heap {} -> {} bytes, {} bytes per"
                            + " connection",
                    opened,
                    others.size() + 1,
                    before,
                    after,
                    Math.round(result.bytesPerConnection()));
            return result;
        } finally {
            others.forEach(clients -> clients.process().close());
        }
    }

    /** An {@link IdleClients} process, the file it reports to, and its log. */
    private record Clients(ChildProcess process, Path result, Path log) {

        /** Starts the {@code index}-th process, on its own loopback address 127.0.0.(index + 2). */
        static Clients start(int index, InetSocketAddress address, int first, int count, Path out)
                throws IOException {
            Path result = out.resolve("idle-" + index + ".txt");
            Path log = out.resolve("idle-" + index + ".log");
            Files.deleteIfExists(result);
            List<String> command =
                    List.of(
                            ChildProcess.javaBinary(),
                            "-Xss256k",
                            "-Xmx2g",
                            "-D" + Fleet.BIND_HOST_PROPERTY + "=127.0.0." + (index + 2),
                            "-cp",
                            System.getProperty("java.class.path"),
                            IdleClients.class.getName(),
                            Integer.toString(address.getPort()),
                            Integer.toString(first),
                            Integer.toString(count),
                            result.toString());
            return new Clients(
                    ChildProcess.start("idle-" + index, command, Map.of(), log), result, log);
        }

        /** Waits for the connections, marks their devices acknowledged; returns how many. */
        int awaitOpened(Ledger ledger) throws IOException, InterruptedException {
            long deadline = System.currentTimeMillis() + 300_000;
            while (!Files.exists(result)) {
                if (!process.isAlive() || System.currentTimeMillis() > deadline) {
                    throw new IOException("Idle clients gave no result; see " + log);
                }
                Thread.sleep(200);
            }
            int opened = 0;
            for (String line : Files.readAllLines(result)) {
                if (line.startsWith("opened ")) {
                    opened = Integer.parseInt(line.substring("opened ".length()));
                } else {
                    int device = Integer.parseInt(line);
                    ledger.nextMid(device);
                    ledger.acknowledged(device, 1);
                }
            }
            return opened;
        }
    }
}
