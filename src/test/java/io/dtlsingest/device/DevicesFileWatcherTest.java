package io.dtlsingest.device;

import static io.dtlsingest.device.DevicesFileSyncTest.hex;
import static io.dtlsingest.device.DevicesFileSyncTest.randomKey;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import io.dtlsingest.DtlsIngestApplication;
import io.dtlsingest.dtls.DtlsInboundChannelAdapter;
import io.dtlsingest.support.ApiClient;
import io.dtlsingest.support.DtlsTestClient;
import io.dtlsingest.support.IngestIntegrationTest;
import io.dtlsingest.support.SharedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The devices file configured for the application: applied before the service takes devices, then
 * checked on its own for changes, including the atomic replacement an editor or a Kubernetes mount
 * makes, and reported by the {@code devicesFile} health contributor. This needs an application
 * context of its own, closed after the class so that its checks stop.
 */
@IngestIntegrationTest
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DevicesFileWatcherTest {

    private static final Path DIR = createDirectory();
    private static final Path FILE = DIR.resolve("devices.yaml");
    private static final Path KEY_FILE = DIR.resolve("at-start.key");
    private static final String AT_START = "watched-at-start";
    private static final Duration WAIT = Duration.ofSeconds(10);

    @LocalServerPort int port;
    @LocalManagementPort int managementPort;
    @Autowired DtlsInboundChannelAdapter dtls;

    ApiClient api;

    @DynamicPropertySource
    static void devicesFile(DynamicPropertyRegistry registry) {
        write(KEY_FILE, hex(randomKey()) + "\n");
        write(FILE, "devices:\n" + keyFileEntry());
        registry.add("ingest.devices.file", FILE::toString);
        registry.add("ingest.devices.file-check-interval", () -> "200ms");
    }

    @AfterAll
    static void removeDirectory() throws IOException {
        try (var files = Files.walk(DIR)) {
            for (Path path : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    @BeforeEach
    void setUp() {
        api = ApiClient.admin(port);
    }

    @Test
    @Order(1)
    void theFileIsAppliedAtStartAndReportedByTheHealthContributor() {
        JsonNode health =
                ApiClient.admin(managementPort).get("/actuator/health/devicesFile").json();

        assertThat(api.get("/api/v1/devices/" + AT_START).json().at("/enabled").asBoolean())
                .isTrue();
        assertThat(health.at("/status").asString()).isEqualTo("UP");
        assertThat(health.at("/details/file").asString()).isEqualTo(FILE.toString());
        assertThat(health.at("/details/state").asString()).isEqualTo("applied");
        assertThat(health.at("/details/created").asInt()).isEqualTo(1);
        assertThat(health.at("/details/invalid").asInt()).isZero();
    }

    @Test
    @Order(2)
    void aReplacedFileIsPickedUpByItselfAndItsInvalidEntriesShowInTheHealthDetails() {
        String added = "watched-added";

        replace(
                FILE,
                "devices:\n"
                        + keyFileEntry()
                        + entry(added, hex(randomKey()))
                        + entry("watched-broken", "00"));

        await().atMost(WAIT)
                .untilAsserted(
                        () ->
                                assertThat(api.get("/api/v1/devices/" + added).status())
                                        .isEqualTo(200));
        JsonNode health =
                ApiClient.admin(managementPort).get("/actuator/health/devicesFile").json();
        assertThat(health.at("/status").asString()).isEqualTo("UP");
        assertThat(health.at("/details/created").asInt()).isEqualTo(1);
        assertThat(health.at("/details/unchanged").asInt()).isEqualTo(1);
        assertThat(health.at("/details/updated").asInt()).isZero();
        assertThat(health.at("/details/invalid").asInt()).isEqualTo(1);
        assertThat(health.at("/details/errors/0").asString())
                .isEqualTo(
                        "devices[2] (id watched-broken, line 6): psk.key must be 16 to 64 bytes"
                                + " (32 to 128 hex digits), got 1");
    }

    @Test
    @Order(3)
    void aChangedKeyFileIsPickedUpThoughTheDevicesFileStaysTheSame() throws Exception {
        byte[] key = randomKey();

        replace(KEY_FILE, hex(key) + "\n");

        await().atMost(WAIT)
                .untilAsserted(
                        () -> assertThat(health().at("/details/updated").asInt()).isEqualTo(1));
        try (DtlsTestClient client = DtlsTestClient.psk(dtls.getPort(), AT_START, key)) {
            assertThat(new String(client.exchange("{\"t\":1}".getBytes(UTF_8)), UTF_8))
                    .contains("\"ok\"");
        }
    }

    @Test
    @Order(4)
    void aFileThatVanishesChangesNothing() throws IOException {
        Files.delete(FILE);

        await().atMost(WAIT)
                .untilAsserted(
                        () ->
                                assertThat(
                                                ApiClient.admin(managementPort)
                                                        .get("/actuator/health/devicesFile")
                                                        .json()
                                                        .at("/details/state")
                                                        .asString())
                                        .isEqualTo("unreadable"));
        assertThat(api.get("/api/v1/devices/" + AT_START).json().at("/enabled").asBoolean())
                .isTrue();
        assertThat(api.get("/api/v1/devices/watched-added").json().at("/enabled").asBoolean())
                .isTrue();
    }

    @Test
    void aConfiguredFileThatDoesNotExistFailsTheStartAndNamesTheSetting() {
        Path missing = DIR.resolve("no-such-devices.yaml");

        Throwable failure =
                catchThrowable(
                        () ->
                                new SpringApplicationBuilder(DtlsIngestApplication.class)
                                        .web(WebApplicationType.SERVLET)
                                        .properties(
                                                "spring.datasource.url=" + SharedPostgres.jdbcUrl(),
                                                "spring.datasource.username=postgres",
                                                "spring.datasource.password=postgres",
                                                "ingest.dtls.port=0",
                                                "server.port=0",
                                                "management.server.port=0",
                                                "ingest.admin.token=0123456789abcdef",
                                                "ingest.secrets.key="
                                                        + IngestIntegrationTest.SECRETS_KEY,
                                                "ingest.devices.file=" + missing)
                                        .run()
                                        .close());

        StringBuilder messages = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            messages.append(t.getMessage()).append('\n');
        }
        assertThat(messages)
                .contains("ingest.devices.file (INGEST_DEVICES_FILE) names " + missing)
                .contains("which is not an existing file");
    }

    private JsonNode health() {
        return ApiClient.admin(managementPort).get("/actuator/health/devicesFile").json();
    }

    private static String keyFileEntry() {
        return "  - id: "
                + AT_START
                + "\n    psk: {identity: "
                + AT_START
                + ", keyFile: at-start.key}\n";
    }

    private static String entry(String id, String keyHex) {
        return "  - id: " + id + "\n    psk: {identity: " + id + ", key: " + keyHex + "}\n";
    }

    /** Writes beside the file and renames over it, as editors and Kubernetes mounts do. */
    private static void replace(Path file, String content) {
        Path next = file.resolveSibling(file.getFileName() + ".next");
        write(next, content);
        try {
            Files.move(
                    next,
                    file,
                    StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes a file only its owner may read, as key files must be. */
    private static void write(Path file, String content) {
        try {
            Files.writeString(file, content);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path createDirectory() {
        try {
            return Files.createTempDirectory("devices-file-watcher");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
