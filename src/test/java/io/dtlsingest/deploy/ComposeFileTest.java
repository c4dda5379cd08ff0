package io.dtlsingest.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dtlsingest.secrets.SecretBoxes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * Verifies docker-compose.yml as docker-compose itself resolves it (`docker-compose config`, which
 * needs no engine), with the committed .env.example standing in for an operator's .env.
 */
class ComposeFileTest {

    private static final Path PROJECT = HelmChart.PROJECT;

    private static ExternalTool compose;
    private static Map<String, Object> resolved;
    private static Map<String, String> envExample;

    @BeforeAll
    static void resolve() throws IOException {
        compose = ExternalTool.dockerCompose();
        String yaml =
                compose.succeed(
                        PROJECT, "--env-file", ".env.example", "--profile", "monitoring", "config");
        resolved = new Yaml().load(yaml);
        envExample = readEnvFile(PROJECT.resolve(".env.example"));
    }

    @Test
    void postgresKeepsItsDataInANamedVolumeAndReportsItsHealth() {
        Map<String, Object> postgres = service("postgres");

        assertThat((String) postgres.get("image")).startsWith("postgres:");
        assertThat(list(map(postgres, "healthcheck"), "test")).contains("pg_isready");
        assertThat(namedVolumeAt(postgres, "/var/lib/postgresql/data")).isNotNull();
    }

    @Test
    void theServiceStartsOnceTheDatabaseIsHealthy() {
        Map<String, Object> dependsOn = map(service("dtls-ingest"), "depends_on");

        assertThat(map(dependsOn, "postgres")).containsEntry("condition", "service_healthy");
    }

    @Test
    void theServiceIsBuiltFromTheDockerfileOfTheRepository() {
        Map<String, Object> build = map(service("dtls-ingest"), "build");

        assertThat(Path.of((String) build.get("context"))).isEqualTo(PROJECT);
        assertThat(PROJECT.resolve("Dockerfile")).isRegularFile();
    }

    @Test
    void publishesDtlsOverUdpAndTheHttpPorts() {
        List<Map<String, Object>> ports = list(service("dtls-ingest"), "ports");

        assertThat(ports)
                .anySatisfy(
                        port -> {
                            assertThat(port).containsEntry("target", 5684);
                            assertThat(port).containsEntry("published", 5684);
                            assertThat(port).containsEntry("protocol", "udp");
                        });
        assertThat(ports).extracting(port -> port.get("target")).contains(8080, 8081);
    }

    @Test
    void secretsComeFromTheEnvFileAndTheServiceUsesTheDatabasePassword() {
        Map<String, Object> env = map(service("dtls-ingest"), "environment");
        Map<String, Object> postgresEnv = map(service("postgres"), "environment");

        assertThat(env)
                .containsEntry("INGEST_ADMIN_TOKEN", envExample.get("INGEST_ADMIN_TOKEN"))
                .containsEntry("INGEST_SECRETS_KEY", envExample.get("INGEST_SECRETS_KEY"))
                .containsEntry("SPRING_DATASOURCE_PASSWORD", envExample.get("POSTGRES_PASSWORD"))
                .containsEntry("SPRING_DATASOURCE_URL", "jdbc:postgresql://postgres:5432/ingest")
                .containsEntry("SPRING_DATASOURCE_USERNAME", postgresEnv.get("POSTGRES_USER"));
        assertThat(postgresEnv)
                .containsEntry("POSTGRES_PASSWORD", envExample.get("POSTGRES_PASSWORD"))
                .containsEntry("POSTGRES_DB", "ingest");
    }

    @Test
    void theRealEnvFileIsIgnoredByGitAndItsExampleIsCommitted() throws IOException {
        assertThat(Files.readAllLines(PROJECT.resolve(".gitignore"))).contains(".env");
        assertThat(envExample)
                .containsKeys("POSTGRES_PASSWORD", "INGEST_ADMIN_TOKEN", "INGEST_SECRETS_KEY");
    }

    @Test
    void theServiceRefusesToRunOnTheExamplesSecrets() {
        // Shorter than the 16 characters an admin token needs, and not 32 bytes in base64.
        assertThat(envExample.get("INGEST_ADMIN_TOKEN")).hasSizeLessThan(16);
        assertThatThrownBy(
                        () ->
                                SecretBoxes.sealingWith(envExample.get("INGEST_SECRETS_KEY"))
                                        .seal(new byte[1], "example"))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void withoutTheSecretsTheFileIsRefusedNamingTheMissingVariable(@TempDir Path dir)
            throws IOException {
        Path empty = Files.createFile(dir.resolve("empty.env"));

        ExternalTool.Result result = compose.run(PROJECT, "--env-file", empty.toString(), "config");

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.stderr()).containsPattern("set [A-Z_]+ in \\.env, see \\.env\\.example");
    }

    @Test
    void theDtlsStateFileLiesOnANamedVolume() {
        Map<String, Object> service = service("dtls-ingest");
        Path stateFile =
                Path.of((String) map(service, "environment").get("INGEST_DTLS_STATE_FILE"));

        String volume = namedVolumeAt(service, stateFile.getParent().toString());

        assertThat(volume).isNotNull();
        assertThat(map(resolved, "volumes")).containsKey(volume);
    }

    @Test
    void aServerKeyFileCanBeMountedReadOnly() {
        List<String> volumes = list(service("dtls-ingest"), "volumes");

        assertThat(volumes)
                .contains(PROJECT.resolve("deploy/compose/keys") + ":/etc/dtls-ingest/keys:ro");
        assertThat(map(service("dtls-ingest"), "environment"))
                .containsKey("INGEST_DTLS_SERVER_KEY");
    }

    @Test
    void stoppingWaitsForTheWholeGracefulStop() {
        Duration grace =
                Duration.parse(
                        "PT"
                                + service("dtls-ingest")
                                        .get("stop_grace_period")
                                        .toString()
                                        .toUpperCase());

        // spring.lifecycle.timeout-per-shutdown-phase 30 s + twice ingest.pipeline.drain-timeout.
        assertThat(grace).isGreaterThan(Duration.ofSeconds(30 + 2 * 20));
    }

    @Test
    void prometheusAndGrafanaRunOnlyUnderTheMonitoringProfile() {
        // A service with profiles starts only when one of them is asked for; the service and its
        // database have none, so they always start.
        assertThat(list(service("prometheus"), "profiles")).containsExactly("monitoring");
        assertThat(list(service("grafana"), "profiles")).containsExactly("monitoring");
        assertThat(service("dtls-ingest")).doesNotContainKey("profiles");
        assertThat(service("postgres")).doesNotContainKey("profiles");
    }

    @Test
    void prometheusScrapesTheActuatorOfTheServiceWithTheAdminToken() throws IOException {
        Map<String, Object> prometheus = service("prometheus");
        Path config = hostPathMountedAt(prometheus, "/etc/prometheus/prometheus.yml");

        Map<String, Object> job =
                first(list(new Yaml().load(Files.readString(config)), "scrape_configs"));

        assertThat(job).containsEntry("metrics_path", "/actuator/prometheus");
        assertThat(list(first(list(job, "static_configs")), "targets"))
                .containsExactly("dtls-ingest:8081");
        assertThat(map(job, "authorization")).containsEntry("type", "Bearer");
        String tokenFile = (String) map(job, "authorization").get("credentials_file");
        assertThat(String.join(" ", list(prometheus, "entrypoint"))).contains("> " + tokenFile);
        assertThat(map(prometheus, "environment"))
                .containsEntry("INGEST_ADMIN_TOKEN", envExample.get("INGEST_ADMIN_TOKEN"));
    }

    @Test
    void grafanaShowsTheDashboardTheHelmChartShips() throws IOException {
        Map<String, Object> grafana = service("grafana");
        Path dashboards = PROJECT.resolve("helm/dtls-ingest/dashboards");
        String dashboardsMount = containerPathOf(grafana, dashboards);
        Path provisioning = hostPathMountedAt(grafana, "/etc/grafana/provisioning");

        Map<String, Object> provider =
                first(
                        list(
                                new Yaml()
                                        .load(
                                                Files.readString(
                                                        provisioning.resolve(
                                                                "dashboards/dtls-ingest.yml"))),
                                "providers"));
        Map<String, Object> datasource =
                first(
                        list(
                                new Yaml()
                                        .load(
                                                Files.readString(
                                                        provisioning.resolve(
                                                                "datasources/prometheus.yml"))),
                                "datasources"));

        assertThat(dashboards.resolve("dtls-ingest.json")).isRegularFile();
        assertThat(map(provider, "options")).containsEntry("path", dashboardsMount);
        assertThat(datasource).containsEntry("url", "http://prometheus:9090");
        assertThat(datasource).containsEntry("type", "prometheus");
    }

    private static Map<String, Object> service(String name) {
        return map(map(resolved, "services"), name);
    }

    private static String namedVolumeAt(Map<String, Object> service, String containerPath) {
        for (Object volume : list(service, "volumes")) {
            String[] parts = volume.toString().split(":");
            if (parts[1].equals(containerPath) && !parts[0].startsWith("/")) {
                return parts[0];
            }
        }
        return null;
    }

    private static Path hostPathMountedAt(Map<String, Object> service, String containerPath) {
        for (Object volume : list(service, "volumes")) {
            String[] parts = volume.toString().split(":");
            if (parts[1].equals(containerPath)) {
                return Path.of(parts[0]);
            }
        }
        throw new AssertionError("nothing mounted at " + containerPath);
    }

    private static String containerPathOf(Map<String, Object> service, Path hostPath) {
        for (Object volume : list(service, "volumes")) {
            String[] parts = volume.toString().split(":");
            if (Path.of(parts[0]).equals(hostPath)) {
                return parts[1];
            }
        }
        throw new AssertionError(hostPath + " is not mounted");
    }

    private static Map<String, String> readEnvFile(Path file) throws IOException {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file)) {
            int equals = line.indexOf('=');
            if (!line.startsWith("#") && equals > 0) {
                values.put(line.substring(0, equals), line.substring(equals + 1));
            }
        }
        return values;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        assertThat(value).as(key).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static <T> List<T> list(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        assertThat(value).as(key).isInstanceOf(List.class);
        return (List<T>) value;
    }

    private static Map<String, Object> first(List<Map<String, Object>> items) {
        assertThat(items).isNotEmpty();
        return items.get(0);
    }
}
