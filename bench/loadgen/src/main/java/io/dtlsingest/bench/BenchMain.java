package io.dtlsingest.bench;

import io.dtlsingest.bench.LoadDriver.RunResult;
import io.dtlsingest.dtls.FastEllipticCurves;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the whole benchmark on one machine and writes the report: PostgreSQL (embedded unless
 * configured), the service jar as a child process, the load generator in this JVM, then the echo
 * and COPY ceilings, the check of the database, and the decoder microbenchmarks.
 *
 * <p>Arguments: {@code <service-jar> <out-dir> [--quick | --smoke] [--profile]}; {@code --smoke}
 * runs for seconds on tens of connections, to try the benchmark out; {@code --profile} records the
 * service with JFR while it runs at its maximum at 1,000 connections.
 */
public final class BenchMain {

    private static final Logger log = LoggerFactory.getLogger(BenchMain.class);
    private static final int REPORTED_CONNECTIONS = 1_000;

    /** With --profile: the service, recorded by JFR while it runs at its maximum. */
    private static ChildProcess profiled;

    private static Path profileFile;

    private BenchMain() {}

    public static void main(String[] args) throws Exception {
        // The simulated devices use the service's elliptic-curve code: firmware has fast EC of its
        // own, and the JDK's would make the load generator the limit of the handshake figures.
        FastEllipticCurves.install();
        Path jar = Path.of(args[0]);
        Path out = Path.of(args[1]);
        List<String> options = List.of(args);
        boolean quick = options.contains("--quick") || options.contains("--smoke");
        Settings settings =
                options.contains("--smoke")
                        ? Settings.smoke()
                        : quick ? Settings.quick() : Settings.full();
        Files.createDirectories(out);

        Results results = new Results(settings, loadAverage(), Instant.now());
        log.info("Benchmark ({}) starting, load average {}", settings.mode(), results.loadAverage);
        ScheduledExecutorService clientExecutor = clientExecutor();
        try (Database database = Database.start()) {
            results.database = database.description();
            Devices devices = Devices.create(settings.maxConnections(), settings.rpkDevices());
            Ledger ledger = new Ledger(devices.count());
            try (Service service =
                    Service.start(jar, database, serviceJvmOptions(), out.resolve("service.log"))) {
                long started = System.nanoTime();
                service.provision(devices);
                log.info(
                        "Provisioned {} devices in {} ms",
                        devices.count(),
                        (System.nanoTime() - started) / 1_000_000);
                CpuShare cpu = new CpuShare(service.pid(), database.embeddedPort());
                if (options.contains("--profile")) {
                    profiled = service.process();
                    profileFile = out.resolve("service-" + REPORTED_CONNECTIONS + ".jfr");
                }
                runAgainstService(
                        out, settings, service, devices, ledger, clientExecutor, results, cpu);
            }
            runEcho(settings, devices, ledger, clientExecutor, results, out, database);
            runCopy(settings, database, results);
            results.verification = new Verifier(database).verify(ledger, devices);
            log.info("Verification: {}", results.verification);
        } finally {
            clientExecutor.shutdownNow();
        }
        results.decoders = DecoderBenchmarks.run(out, quick);
        new Report(results).write(out);
        new Chart(results).write(out.resolve("chart.png"));
        log.info("Report written to {}", out.resolve("report.md"));
    }

    private static void runAgainstService(
            Path out,
            Settings settings,
            Service service,
            Devices devices,
            Ledger ledger,
            ScheduledExecutorService executor,
            Results results,
            CpuShare cpu)
            throws Exception {
        InetSocketAddress address = service.dtlsAddress();
        Handshakes handshakes = new Handshakes(address, devices, ledger, executor, settings);
        int concurrency = settings.handshakeDevices();
        results.handshakes.put(
                "psk", Stats.of(handshakes.measure(Fleet.Kind.PSK, concurrency, service), d -> d));
        results.handshakes.put(
                "ecdhePsk",
                Stats.of(handshakes.measure(Fleet.Kind.ECDHE_PSK, concurrency, service), d -> d));
        results.handshakes.put(
                "ecdsa",
                Stats.of(handshakes.measure(Fleet.Kind.RPK, concurrency / 2, service), d -> d));

        for (int connections : settings.connectionCounts()) {
            results.service.put(
                    connections,
                    throughputAndLatency(
                            address, devices, ledger, executor, settings, connections, true, cpu));
        }

        // Last: the idle connections stay in the service's table until they are stale. In a run
        // that opened them first, the maximum at 1,000 connections came out at 17,700 datagrams/s
        // against 20,800 and 22,600 in the runs before, which had opened 15,000.
        results.memory =
                IdleMemory.measure(service, address, devices, ledger, executor, settings, out);
    }

    private static void runEcho(
            Settings settings,
            Devices devices,
            Ledger ledger,
            ScheduledExecutorService executor,
            Results results,
            Path out,
            Database database)
            throws Exception {
        int port = ChildProcess.freeUdpPort();
        List<String> command =
                List.of(
                        ChildProcess.javaBinary(),
                        "-Xms512m",
                        "-Xmx2g",
                        "-cp",
                        System.getProperty("java.class.path"),
                        EchoServer.class.getName(),
                        Integer.toString(port),
                        Integer.toString(devices.psk().size()));
        try (ChildProcess echo =
                ChildProcess.start("echo", command, Map.of(), out.resolve("echo.log"))) {
            Thread.sleep(3_000);
            if (!echo.isAlive()) {
                throw new IOException("The echo server exited; see " + out.resolve("echo.log"));
            }
            InetSocketAddress address = new InetSocketAddress("127.0.0.1", port);
            CpuShare cpu = new CpuShare(echo.pid(), database.embeddedPort());
            for (int connections : settings.echoConnectionCounts()) {
                results.echo.put(
                        connections,
                        throughputAndLatency(
                                address,
                                devices,
                                ledger,
                                executor,
                                settings,
                                connections,
                                false,
                                cpu));
            }
        }
    }

    private static Results.Point throughputAndLatency(
            InetSocketAddress address,
            Devices devices,
            Ledger ledger,
            ScheduledExecutorService executor,
            Settings settings,
            int connections,
            boolean storesReadings,
            CpuShare cpu)
            throws Exception {
        Tally tally = new Tally();
        LoadDriver driver =
                new LoadDriver(
                        tally, settings.warmupMillis(), settings.measureMillis(), settings.runs());
        String target = storesReadings ? "service" : "echo";
        try (Fleet fleet =
                Fleet.open(
                        address,
                        devices,
                        ledger,
                        storesReadings,
                        tally,
                        connections,
                        Fleet::mixed,
                        executor)) {
            int window = Settings.window(connections);
            boolean profile =
                    storesReadings && profiled != null && connections == REPORTED_CONNECTIONS;
            if (profile) {
                profiled.jcmd("JFR.start", "name=bench", "settings=profile");
            }
            cpu.start();
            List<RunResult> max =
                    driver.closedLoop(fleet, window, target + " " + connections + " max");
            if (profile) {
                profiled.jcmd("JFR.stop", "name=bench", "filename=" + profileFile);
                log.info("Flight recording of the service written to {}", profileFile);
            }
            Results.Point point = new Results.Point(fleet.size(), window, max);
            point.coresAtMax = cpu.coresUsed();
            log.info("{} {} cores used at the maximum: {}", target, connections, point.coresAtMax);
            double sustained = point.datagramsPerSecond().median();
            int cap = Math.max(2, 2 * window);
            point.at50 =
                    driver.openLoop(
                            fleet, sustained * 0.5, cap, target + " " + connections + " 50%");
            point.at90 =
                    driver.openLoop(
                            fleet, sustained * 0.9, cap, target + " " + connections + " 90%");
            return point;
        }
    }

    private static void runCopy(Settings settings, Database database, Results results)
            throws Exception {
        CopyCeiling copy = new CopyCeiling(database);
        copy.run(settings.copyRows() / 10);
        List<Double> rates = new ArrayList<>();
        for (int run = 1; run <= settings.runs(); run++) {
            double rate = copy.run(settings.copyRows());
            log.info("COPY run {}: {} rows/s", run, Math.round(rate));
            rates.add(rate);
        }
        results.copyRowsPerSecond = Stats.of(rates, d -> d);
        results.copyRows = settings.copyRows();
    }

    private static List<String> serviceJvmOptions() {
        List<String> options = new ArrayList<>(List.of("-Xms1g", "-Xmx3g"));
        String extra = System.getenv("BENCH_SERVICE_JVM_OPTIONS");
        if (extra != null && !extra.isBlank()) {
            options.addAll(List.of(extra.trim().split("\\s+")));
        }
        return options;
    }

    private static ScheduledExecutorService clientExecutor() {
        return Executors.newScheduledThreadPool(
                2,
                runnable -> {
                    Thread thread = new Thread(runnable, "bench-client");
                    thread.setDaemon(true);
                    return thread;
                });
    }

    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** Everything measured, for the report. */
    static final class Results {
        final Settings settings;
        final String loadAverage;
        final Instant started;
        String database;
        final Map<String, Stats> handshakes = new LinkedHashMap<>();
        IdleMemory.Result memory;
        final Map<Integer, Point> service = new LinkedHashMap<>();
        final Map<Integer, Point> echo = new LinkedHashMap<>();
        Stats copyRowsPerSecond;
        int copyRows;
        Map<String, Long> verification;
        Map<String, Stats> decoders;

        Results(Settings settings, String loadAverage, Instant started) {
            this.settings = settings;
            this.loadAverage = loadAverage;
            this.started = started;
        }

        Point reported() {
            Point point = service.get(REPORTED_CONNECTIONS);
            return point != null ? point : service.get(Collections.max(service.keySet()));
        }

        /** Throughput at one connection count, and latency at 50% and 90% of it. */
        static final class Point {
            final int connections;
            final int window;
            final List<RunResult> max;
            List<RunResult> at50;
            List<RunResult> at90;
            Map<String, Double> coresAtMax;

            Point(int connections, int window, List<RunResult> max) {
                this.connections = connections;
                this.window = window;
                this.max = max;
            }

            Stats datagramsPerSecond() {
                return Stats.of(max, RunResult::datagramsPerSecond);
            }

            Stats readingsPerSecond() {
                return Stats.of(max, RunResult::readingsPerSecond);
            }

            static Stats latency(List<RunResult> runs, String percentile) {
                return Stats.of(runs, r -> r.latencyMillis().get(percentile));
            }

            static Stats rate(List<RunResult> runs) {
                return Stats.of(runs, RunResult::datagramsPerSecond);
            }
        }
    }
}
