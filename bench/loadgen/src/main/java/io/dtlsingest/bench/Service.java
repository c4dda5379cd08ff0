package io.dtlsingest.bench;

import io.dtlsingest.bench.Devices.Device;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service under test: its jar started as a child JVM on free loopback ports, pointed at the
 * benchmark's database, and talked to through its HTTP API and actuator.
 */
final class Service implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Service.class);

    /**
     * SO_RCVBUF of the DTLS socket, for the service and the echo server alike: with the default of
     * the operating system (208 KiB on Linux) bursts from thousands of connections overflow it and
     * the kernel drops datagrams (RcvbufErrors in /proc/net/snmp). 4 MiB is Linux's usual
     * net.core.rmem_max.
     */
    static final int RECEIVE_BUFFER_BYTES = 4 * 1024 * 1024;

    /**
     * The handshake figures leave one abandoned session per handshake in the service's table (about
     * 125,000 in a full run), where they stay until stale after 30 minutes; with the default of
     * 100,000 the table fills and the service refuses every device after that.
     */
    static final int MAX_CONNECTIONS = 400_000;

    private static final String TOKEN = "bench-admin-token-0123456789";

    private final ChildProcess process;
    private final int dtlsPort;
    private final int apiPort;
    private final int managementPort;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Service(ChildProcess process, int dtlsPort, int apiPort, int managementPort) {
        this.process = process;
        this.dtlsPort = dtlsPort;
        this.apiPort = apiPort;
        this.managementPort = managementPort;
    }

    static Service start(Path jar, Database database, List<String> jvmOptions, Path logFile)
            throws IOException, InterruptedException {
        int dtls = ChildProcess.freeUdpPort();
        int api = ChildProcess.freeTcpPort();
        int management = ChildProcess.freeTcpPort();
        List<String> command = new ArrayList<>();
        command.add(ChildProcess.javaBinary());
        command.addAll(jvmOptions);
        command.addAll(
                List.of(
                        "-jar",
                        jar.toString(),
                        "--ingest.dtls.port=" + dtls,
                        "--ingest.dtls.bind-address=127.0.0.1",
                        "--server.port=" + api,
                        "--server.address=127.0.0.1",
                        "--management.server.port=" + management,
                        "--management.server.address=127.0.0.1",
                        "--ingest.dtls.receive-buffer-size=" + RECEIVE_BUFFER_BYTES,
                        "--ingest.dtls.max-connections=" + MAX_CONNECTIONS));
        // Every benchmark device sends far above a real device's rate, and all of them from one
        // loopback network: the abuse limits would measure themselves instead of the service. They
        // are raised out of the way; their checks still run on every datagram and handshake.
        command.addAll(
                List.of(
                        "--ingest.rate-limit.datagrams-per-second=100000",
                        "--ingest.rate-limit.datagram-burst=1000000",
                        "--ingest.rate-limit.readings-per-second=10000000",
                        "--ingest.rate-limit.reading-burst=10000000",
                        "--ingest.dtls.limits.max-handshakes-in-progress=100000",
                        "--ingest.dtls.limits.handshakes-per-second=100000",
                        "--ingest.dtls.limits.handshake-burst=1000000"));
        String extra = System.getenv("BENCH_SERVICE_ARGS");
        if (extra != null && !extra.isBlank()) {
            command.addAll(List.of(extra.trim().split("\\s+")));
        }
        Map<String, String> env =
                Map.of(
                        "SPRING_DATASOURCE_URL", database.url(),
                        "SPRING_DATASOURCE_USERNAME", database.user(),
                        "SPRING_DATASOURCE_PASSWORD", database.password(),
                        "INGEST_ADMIN_TOKEN", TOKEN,
                        "INGEST_SECRETS_KEY", secretsKey());
        ChildProcess process = ChildProcess.start("service", command, env, logFile);
        Service service = new Service(process, dtls, api, management);
        service.awaitReady();
        return service;
    }

    /** A fresh key for sealing the device keys of this run, which lives as long as the run. */
    private static String secretsKey() {
        byte[] key = new byte[32];
        new java.security.SecureRandom().nextBytes(key);
        return java.util.Base64.getEncoder().encodeToString(key);
    }

    private void awaitReady() throws IOException, InterruptedException {
        long deadline = System.currentTimeMillis() + 120_000;
        while (System.currentTimeMillis() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("The service exited during start; see its log");
            }
            try {
                HttpResponse<String> response =
                        http.send(
                                get(
                                        "http://127.0.0.1:"
                                                + managementPort
                                                + "/actuator/health/readiness"),
                                HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    log.info("Service ready, DTLS on 127.0.0.1:{}, pid {}", dtlsPort, pid());
                    return;
                }
            } catch (IOException notYet) {
                // Not listening yet.
            }
            Thread.sleep(250);
        }
        throw new IOException("The service did not become ready within 120 s");
    }

    InetSocketAddress dtlsAddress() {
        return new InetSocketAddress("127.0.0.1", dtlsPort);
    }

    long pid() {
        return process.pid();
    }

    ChildProcess process() {
        return process;
    }

    /** Registers the devices through the API, a few requests at a time. */
    void provision(Devices devices) throws InterruptedException {
        List<Device> all = new ArrayList<>(devices.psk());
        all.addAll(devices.rpk());
        Semaphore inFlight = new Semaphore(8);
        List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
        for (Device device : all) {
            inFlight.acquire();
            CompletableFuture<HttpResponse<String>> response =
                    http.sendAsync(
                            post("http://127.0.0.1:" + apiPort + "/api/v1/devices", body(device)),
                            HttpResponse.BodyHandlers.ofString());
            response.whenComplete((r, e) -> inFlight.release());
            responses.add(response);
        }
        inFlight.acquire(8);
        long failed =
                responses.stream()
                        .filter(r -> r.isCompletedExceptionally() || r.join().statusCode() != 201)
                        .count();
        if (failed > 0) {
            throw new IllegalStateException(failed + " devices could not be provisioned");
        }
    }

    private static String body(Device device) {
        if (device.isPsk()) {
            return "{\"id\":\"%s\",\"psk\":{\"identity\":\"%s\",\"key\":\"%s\"}}"
                    .formatted(
                            device.id(),
                            device.id(),
                            java.util.HexFormat.of().formatHex(device.key()));
        }
        String pem = device.publicKeyPem().replace("\n", "\\n");
        return "{\"id\":\"%s\",\"rpk\":{\"publicKey\":\"%s\"}}".formatted(device.id(), pem);
    }

    /** The sum of a Prometheus counter over all its series whose labels contain {@code filter}. */
    double prometheusSum(String metric, String filter) throws IOException, InterruptedException {
        String text =
                http.send(
                                get("http://127.0.0.1:" + managementPort + "/actuator/prometheus"),
                                HttpResponse.BodyHandlers.ofString())
                        .body();
        double sum = 0;
        for (String line : text.split("\n")) {
            if (line.startsWith(metric) && line.contains(filter) && !line.startsWith("#")) {
                String[] parts = line.trim().split(" ");
                sum += Double.parseDouble(parts[parts.length - 1]);
            }
        }
        return sum;
    }

    private static HttpRequest get(String url) {
        return HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + TOKEN)
                .GET()
                .build();
    }

    private static HttpRequest post(String url, String json) {
        return HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + TOKEN)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build();
    }

    @Override
    public void close() {
        process.close();
    }
}
