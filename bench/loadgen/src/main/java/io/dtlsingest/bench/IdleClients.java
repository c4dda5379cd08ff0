package io.dtlsingest.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * A load generator process of its own that opens idle PSK connections for a slice of the devices
 * and keeps them until it is killed. One process may open as many sockets as the machine's limit of
 * open files per process allows (20,000 here), so the memory figure's 100,000 connections take
 * several of them.
 *
 * <p>Arguments: {@code <dtls-port> <first-device> <count> <result-file>}. When its connections are
 * open it writes the index of every device whose first datagram was answered "ok" to the result
 * file, one a line, then a last line {@code opened <n>}.
 */
public final class IdleClients {

    private IdleClients() {}

    public static void main(String[] args) throws Exception {
        InetSocketAddress server = new InetSocketAddress("127.0.0.1", Integer.parseInt(args[0]));
        int first = Integer.parseInt(args[1]);
        int count = Integer.parseInt(args[2]);
        Path result = Path.of(args[3]);

        Devices devices = Devices.pskSlice(first, count);
        Ledger ledger = new Ledger(first + count);
        ScheduledExecutorService executor = Executors.newScheduledThreadPool(2);
        Fleet fleet =
                Fleet.open(
                        server,
                        devices,
                        ledger,
                        true,
                        new Tally(),
                        count,
                        i -> Fleet.Kind.PSK,
                        executor);
        fleet.drain(5_000);
        write(result, ledger, first, count, fleet.size());

        // Kept open until the benchmark has measured the service and kills this process.
        Thread.sleep(Long.MAX_VALUE);
    }

    private static void write(Path result, Ledger ledger, int first, int count, int opened)
            throws IOException {
        Path partial = result.resolveSibling(result.getFileName() + ".partial");
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(partial))) {
            for (int device = first; device < first + count; device++) {
                if (ledger.isAcknowledged(device, 1)) {
                    out.println(device);
                }
            }
            out.println("opened " + opened);
        }
        Files.move(partial, result);
    }
}
