package io.dtlsingest.bench;

import java.net.InetSocketAddress;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Heap per idle connection, measured in the service: its live heap (after a full collection, by
 * {@code jcmd GC.class_histogram}) before and after opening idle PSK connections, each with a full
 * handshake and one datagram, divided by the connections opened.
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

    private IdleMemory() {}

    static Result measure(
            Service service,
            InetSocketAddress address,
            Devices devices,
            Ledger ledger,
            ScheduledExecutorService executor,
            Settings settings)
            throws Exception {
        long before = service.process().liveHeapBytes();
        double activeBefore = service.prometheusSum("dtls_connections_active", "");
        Tally tally = new Tally();
        try (Fleet fleet =
                Fleet.open(
                        address,
                        devices,
                        ledger,
                        true,
                        tally,
                        settings.idleConnections(),
                        i -> Fleet.Kind.PSK,
                        executor)) {
            fleet.drain(5_000);
            Thread.sleep(2_000);
            long after = service.process().liveHeapBytes();
            double activeAfter = service.prometheusSum("dtls_connections_active", "");
            Result result = new Result(fleet.size(), before, after, activeBefore, activeAfter);
            log.info(
                    "Idle connections: {}, live heap {} -> {} bytes, {} bytes per connection",
                    fleet.size(),
                    before,
                    after,
                    Math.round(result.bytesPerConnection()));
            return result;
        }
    }
}
