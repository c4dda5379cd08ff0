package io.dtlsingest.bench;

import io.dtlsingest.bench.BenchMain.Results;
import io.dtlsingest.bench.BenchMain.Results.Point;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** Writes {@code report.json} and {@code report.md} from the results of a run. */
final class Report {

    private final Results results;

    Report(Results results) {
        this.results = results;
    }

    void write(Path out) throws IOException {
        Map<String, Object> json = json();
        JsonMapper mapper = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
        Files.writeString(out.resolve("report.json"), mapper.writeValueAsString(json) + "\n");
        Files.writeString(out.resolve("report.md"), markdown());
    }

    private Map<String, Object> json() {
        Point reported = results.reported();
        Point echo = results.echo.get(reported.connections);
        Map<String, Object> json = new LinkedHashMap<>();

        Map<String, Object> run = new LinkedHashMap<>();
        run.put("started", results.started.toString());
        run.put("mode", results.settings.mode());
        run.put("command", command());
        run.put("loadAverageAtStart", results.loadAverage);
        run.put("cores", Runtime.getRuntime().availableProcessors());
        run.put("java", System.getProperty("java.version"));
        run.put("database", results.database);
        run.put("measureMillisPerRun", results.settings.measureMillis());
        run.put("runsPerFigure", results.settings.runs());
        json.put("run", run);

        Map<String, Object> throughput = new LinkedHashMap<>();
        throughput.put("connections", reported.connections);
        throughput.put("datagramsPerSecond", Stats.round(reported.datagramsPerSecond().median()));
        throughput.put("readingsPerSecond", Stats.round(reported.readingsPerSecond().median()));
        throughput.put("byConnections", points(results.service));
        json.put("throughput", throughput);

        Map<String, Object> ceilings = new LinkedHashMap<>();
        double echoRate = echo == null ? Double.NaN : echo.datagramsPerSecond().median();
        double copyRate = results.copyRowsPerSecond.median();
        ceilings.put("echoDatagramsPerSecond", Stats.round(echoRate));
        ceilings.put("copyRowsPerSecond", Stats.round(copyRate));
        ceilings.put("copyRowsPerRun", results.copyRows);
        ceilings.put("copyRowsPerSecondRuns", results.copyRowsPerSecond.toMap());
        ceilings.put("echoByConnections", points(results.echo));
        ceilings.put("ratioOfEcho", ratio(reported.datagramsPerSecond().median(), echoRate));
        ceilings.put("ratioOfCopy", ratio(reported.readingsPerSecond().median(), copyRate));
        json.put("ceilings", ceilings);

        Map<String, Object> latency = new LinkedHashMap<>();
        latency.put("connections", reported.connections);
        latency.put("load", "50% of the sustained maximum");
        latency.put("measured", "send to reply at the load generator (an upper bound)");
        latency.put("p50Millis", Stats.round(Point.latency(reported.at50, "p50").median()));
        latency.put("p99Millis", Stats.round(Point.latency(reported.at50, "p99").median()));
        latency.put("p999Millis", Stats.round(Point.latency(reported.at50, "p999").median()));
        latency.put("at90", latencyMap(reported.at90));
        json.put("latency", latency);

        Map<String, Object> handshakes = new LinkedHashMap<>();
        handshakes.put("pskPerSecond", Stats.round(results.handshakes.get("psk").median()));
        handshakes.put(
                "ecdhePskPerSecond", Stats.round(results.handshakes.get("ecdhePsk").median()));
        handshakes.put("ecdsaPerSecond", Stats.round(results.handshakes.get("ecdsa").median()));
        handshakes.put("concurrentDevices", results.settings.handshakeDevices());
        Map<String, Object> handshakeRuns = new LinkedHashMap<>();
        results.handshakes.forEach((kind, stats) -> handshakeRuns.put(kind, stats.toMap()));
        handshakes.put("runs", handshakeRuns);
        json.put("handshakes", handshakes);

        Map<String, Object> memory = new LinkedHashMap<>();
        memory.put("bytesPerIdleConnection", Math.round(results.memory.bytesPerConnection()));
        memory.put("idleConnections", results.memory.connections());
        memory.put("liveHeapBefore", results.memory.heapBefore());
        memory.put("liveHeapAfter", results.memory.heapAfter());
        memory.put("dtlsConnectionsActiveBefore", results.memory.activeBefore());
        memory.put("dtlsConnectionsActiveAfter", results.memory.activeAfter());
        memory.put(
                "method",
                "live heap of the service by jcmd GC.class_histogram (full GC first), before and"
                        + " after opening the idle PSK connections, difference / connections");
        json.put("memory", memory);

        json.put("verification", results.verification);

        Map<String, Object> decoders = new LinkedHashMap<>();
        results.decoders.forEach((name, stats) -> decoders.put(name, stats.toMap()));
        json.put("decodersOpsPerSecond", decoders);
        json.put("targets", targets());
        return json;
    }

    private static Map<String, Object> points(Map<Integer, Point> points) {
        Map<String, Object> byCount = new LinkedHashMap<>();
        points.forEach(
                (count, point) -> {
                    Map<String, Object> entry = new LinkedHashMap<>();
                    entry.put("connectionsOpened", point.connections);
                    entry.put("windowPerConnection", point.window);
                    entry.put("datagramsPerSecond", point.datagramsPerSecond().toMap());
                    entry.put("readingsPerSecond", point.readingsPerSecond().toMap());
                    entry.put("latencyAtMax", latencyMap(point.max));
                    entry.put("at50", latencyMap(point.at50));
                    entry.put("at90", latencyMap(point.at90));
                    entry.put("repliesAtMax", point.max.get(point.max.size() / 2).counts());
                    entry.put("coresUsedAtMax", point.coresAtMax);
                    byCount.put(Integer.toString(count), entry);
                });
        return byCount;
    }

    private static Map<String, Object> latencyMap(List<LoadDriver.RunResult> runs) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("offeredDatagramsPerSecond", Point.rate(runs).toMap());
        map.put("p50Millis", Point.latency(runs, "p50").toMap());
        map.put("p99Millis", Point.latency(runs, "p99").toMap());
        map.put("p999Millis", Point.latency(runs, "p999").toMap());
        return map;
    }

    private static double ratio(double value, double ceiling) {
        return Stats.round(value / ceiling);
    }

    private List<Map<String, Object>> targets() {
        Point reported = results.reported();
        Point echo = results.echo.get(reported.connections);
        double dps = reported.datagramsPerSecond().median();
        List<Map<String, Object>> targets = new ArrayList<>();
        String at = " at " + reported.connections + " connections";
        targets.add(target("datagrams/s" + at, ">= 20000", dps, dps >= 20_000));
        double ofEcho = echo == null ? Double.NaN : dps / echo.datagramsPerSecond().median();
        targets.add(target("ratio of the echo ceiling" + at, ">= 0.6", ofEcho, ofEcho >= 0.6));
        double p99 = Point.latency(reported.at50, "p99").median();
        targets.add(target("p99 ms at 50% of the maximum" + at, "< 50", p99, p99 < 50));
        double psk = results.handshakes.get("psk").median();
        targets.add(target("PSK handshakes/s", ">= 2000", psk, psk >= 2_000));
        double ecdsa = results.handshakes.get("ecdsa").median();
        targets.add(target("ECDHE-ECDSA handshakes/s", ">= 300", ecdsa, ecdsa >= 300));
        double bytes = results.memory.bytesPerConnection();
        targets.add(target("heap bytes per idle PSK connection", "<= 4096", bytes, bytes <= 4096));
        return targets;
    }

    private static Map<String, Object> target(
            String name, String target, double measured, boolean met) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("name", name);
        map.put("target", target);
        map.put("measured", Stats.round(measured));
        map.put("met", met);
        return map;
    }

    private String command() {
        return "full".equals(results.settings.mode())
                ? "bench/run"
                : "bench/run --" + results.settings.mode();
    }

    private String markdown() {
        Point reported = results.reported();
        StringBuilder md = new StringBuilder();
        md.append("# dtls-ingest benchmark\n\n");
        md.append("- Command: `").append(command()).append("`\n");
        md.append("- Started: ").append(results.started).append('\n');
        md.append("- Machine: ")
                .append(Runtime.getRuntime().availableProcessors())
                .append(" cores, Java ")
                .append(System.getProperty("java.version"))
                .append(", load average at start ")
                .append(results.loadAverage)
                .append('\n');
        md.append("- Database: ").append(results.database).append('\n');
        md.append("- Each figure: median (min to max) of ")
                .append(results.settings.runs())
                .append(" runs of ")
                .append(results.settings.measureMillis() / 1000.0)
                .append(" s after ")
                .append(results.settings.warmupMillis() / 1000.0)
                .append(" s of warm-up\n\n");

        md.append("## Targets\n\n| Figure | Target | Measured | Met |\n|---|---|---|---|\n");
        for (Map<String, Object> target : targets()) {
            md.append("| ")
                    .append(target.get("name"))
                    .append(" | ")
                    .append(target.get("target"))
                    .append(" | ")
                    .append(target.get("measured"))
                    .append(" | ")
                    .append(Boolean.TRUE.equals(target.get("met")) ? "yes" : "**no**")
                    .append(" |\n");
        }

        md.append("\n## Throughput, committed with replies (one reading per datagram)\n\n");
        md.append("Mix: 80% PSK (TLS_PSK_WITH_AES_128_CCM_8), 10% ECDHE-PSK (CBC_SHA256), 10% RPK")
                .append(" (TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8). Closed loop: every connection")
                .append(" keeps a window of datagrams outstanding.\n\n");
        md.append(
                        "| Connections | Window | Service datagrams/s | Service readings/s | Echo datagrams/s")
                .append(" | Ratio of echo |\n|---|---|---|---|---|---|\n");
        results.service.forEach(
                (count, point) -> {
                    Point echo = results.echo.get(count);
                    md.append("| ")
                            .append(count)
                            .append(" | ")
                            .append(point.window)
                            .append(" | ")
                            .append(point.datagramsPerSecond().describe(0))
                            .append(" | ")
                            .append(point.readingsPerSecond().describe(0))
                            .append(" | ")
                            .append(
                                    echo == null
                                            ? "not run"
                                            : echo.datagramsPerSecond().describe(0))
                            .append(" | ")
                            .append(
                                    echo == null
                                            ? "-"
                                            : String.format(
                                                    "%.2f",
                                                    point.datagramsPerSecond().median()
                                                            / echo.datagramsPerSecond().median()))
                            .append(" |\n");
                });
        md.append("\nCores used during the closed-loop runs (of ")
                .append(Runtime.getRuntime().availableProcessors())
                .append("), from /proc:\n\n| Target | Connections | Load generator | Server |")
                .append(" PostgreSQL | Other processes |\n|---|---|---|---|---|---|\n");
        cpuRows(md, "service", results.service);
        cpuRows(md, "echo", results.echo);
        md.append("\nDatabase ceiling: COPY of ")
                .append(results.copyRows)
                .append(" rows into `readings`: ")
                .append(results.copyRowsPerSecond.describe(0))
                .append(" rows/s; the service at ")
                .append(reported.connections)
                .append(" connections reaches ")
                .append(
                        String.format(
                                "%.2f",
                                reported.readingsPerSecond().median()
                                        / results.copyRowsPerSecond.median()))
                .append(" of it.\n");

        md.append("\n## Latency, send to reply at the load generator (ms)\n\n");
        md.append("Open loop at a fixed rate. This includes the client's own DTLS work and")
                .append(
                        " loopback, so it is an upper bound of receive-to-reply in the service.\n\n");
        md.append("| Connections | Load | Offered datagrams/s | p50 | p99 | p99.9 |\n")
                .append("|---|---|---|---|---|---|\n");
        results.service.forEach(
                (count, point) -> {
                    latencyRow(md, count, "50%", point.at50);
                    latencyRow(md, count, "90%", point.at90);
                });

        md.append("\n## Handshakes per second\n\n");
        md.append(results.settings.handshakeDevices())
                .append(" devices (half as many for ECDHE-ECDSA) each repeat: forget the session,")
                .append(
                        " full handshake with cookie exchange, one reading, wait for its reply.\n\n");
        md.append("| Kind | Handshakes/s |\n|---|---|\n");
        md.append("| PSK (TLS_PSK_WITH_AES_128_CCM_8) | ")
                .append(results.handshakes.get("psk").describe(0))
                .append(" |\n");
        md.append("| ECDHE-PSK (TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA256) | ")
                .append(results.handshakes.get("ecdhePsk").describe(0))
                .append(" |\n");
        md.append("| ECDHE-ECDSA with RPK (TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8) | ")
                .append(results.handshakes.get("ecdsa").describe(0))
                .append(" |\n");

        IdleMemory.Result memory = results.memory;
        md.append("\n## Heap per idle connection\n\n");
        md.append(memory.connections())
                .append(" idle PSK connections (one handshake and one datagram each). Live heap of")
                .append(
                        " the service by `jcmd <pid> GC.class_histogram` (a full collection first): ")
                .append(memory.heapBefore())
                .append(" bytes before, ")
                .append(memory.heapAfter())
                .append(" after: **")
                .append(Math.round(memory.bytesPerConnection()))
                .append(" bytes per connection**.\n");

        md.append("\n## Verification\n\n");
        results.verification.forEach(
                (name, value) ->
                        md.append("- ").append(name).append(": ").append(value).append('\n'));

        md.append("\n## Decoders (JMH, ops/s, one thread)\n\n| Decoder | ops/s |\n|---|---|\n");
        results.decoders.forEach(
                (name, stats) ->
                        md.append("| ")
                                .append(name)
                                .append(" | ")
                                .append(stats.describe(0))
                                .append(" |\n"));
        md.append("\n![throughput and latency](chart.png)\n");
        return md.toString();
    }

    private static void cpuRows(StringBuilder md, String target, Map<Integer, Point> points) {
        points.forEach(
                (count, point) ->
                        md.append("| ")
                                .append(target)
                                .append(" | ")
                                .append(count)
                                .append(" | ")
                                .append(point.coresAtMax.get("loadGenerator"))
                                .append(" | ")
                                .append(point.coresAtMax.get("server"))
                                .append(" | ")
                                .append(point.coresAtMax.get("postgres"))
                                .append(" | ")
                                .append(point.coresAtMax.get("otherProcesses"))
                                .append(" |\n"));
    }

    private static void latencyRow(
            StringBuilder md, int count, String load, List<LoadDriver.RunResult> runs) {
        md.append("| ")
                .append(count)
                .append(" | ")
                .append(load)
                .append(" | ")
                .append(Point.rate(runs).describe(0))
                .append(" | ")
                .append(Point.latency(runs, "p50").describe(1))
                .append(" | ")
                .append(Point.latency(runs, "p99").describe(1))
                .append(" | ")
                .append(Point.latency(runs, "p999").describe(1))
                .append(" |\n");
    }
}
