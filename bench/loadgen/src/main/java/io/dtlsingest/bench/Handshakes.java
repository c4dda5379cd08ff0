package io.dtlsingest.bench;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Full handshakes per second: a number of devices that, over and over, forget their session, make a
 * full handshake (cookie exchange included) and send one reading, starting again as soon as the
 * reading is answered. A handshake counts when its first reply arrives.
 */
final class Handshakes {

    private static final Logger log = LoggerFactory.getLogger(Handshakes.class);

    private final InetSocketAddress server;
    private final Devices devices;
    private final Ledger ledger;
    private final ScheduledExecutorService executor;
    private final Settings settings;

    Handshakes(
            InetSocketAddress server,
            Devices devices,
            Ledger ledger,
            ScheduledExecutorService executor,
            Settings settings) {
        this.server = server;
        this.devices = devices;
        this.ledger = ledger;
        this.executor = executor;
        this.settings = settings;
    }

    /** Handshakes per second of each run, as the devices counted them. */
    List<Double> measure(Fleet.Kind kind, int concurrency, Service service) throws Exception {
        Tally tally = new Tally();
        AtomicBoolean running = new AtomicBoolean(true);
        List<Double> perSecond = new ArrayList<>();
        try (Fleet fleet =
                Fleet.open(
                        server, devices, ledger, true, tally, concurrency, i -> kind, executor)) {
            for (BenchConnection connection : fleet.connections()) {
                loop(connection, tally, running);
            }
            Thread.sleep(settings.warmupMillis());
            for (int run = 1; run <= settings.runs(); run++) {
                double serverBefore = serverHandshakes(service);
                tally.start();
                long started = System.nanoTime();
                Thread.sleep(settings.measureMillis());
                tally.stop();
                double seconds = (System.nanoTime() - started) / 1e9;
                double rate = tally.handshakes.sum() / seconds;
                double serverRate = (serverHandshakes(service) - serverBefore) / seconds;
                log.info(
                        "{} handshakes run {}: {}/s (the service counted {}/s)",
                        kind,
                        run,
                        Math.round(rate),
                        Math.round(serverRate));
                perSecond.add(rate);
            }
            running.set(false);
            fleet.drain(5_000);
        }
        return perSecond;
    }

    private static double serverHandshakes(Service service) throws Exception {
        return service == null
                ? 0
                : service.prometheusSum("dtls_handshakes_total", "outcome=\"succeeded\"");
    }

    private void loop(BenchConnection connection, Tally tally, AtomicBoolean running) {
        if (!running.get()) {
            return;
        }
        connection
                .reconnect()
                .orTimeout(10, TimeUnit.SECONDS)
                .whenComplete(
                        (ok, error) -> {
                            if (error == null && tally.recording()) {
                                tally.handshakes.increment();
                            }
                            executor.execute(() -> loop(connection, tally, running));
                        });
    }
}
