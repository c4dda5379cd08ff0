package io.dtlsingest.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.dtlsingest.api.AdminProperties;
import io.dtlsingest.dtls.DtlsProperties;
import io.dtlsingest.flow.PipelineProperties;
import io.dtlsingest.secrets.SecretsProperties;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * Verifies that the environment the chart gives the container reaches the service's settings: the
 * variables are bound the way Spring Boot binds the real process environment, into the service's
 * own properties records. A misspelt variable name would leave a setting at its default.
 */
class ChartSettingsTest {

    private static final HelmChart CHART = new HelmChart();

    @Test
    void theChartsEnvironmentSetsTheStateFilePortsAndShutdownTimeouts() {
        Binder binder = binderFor(CHART.template());

        DtlsProperties dtls = binder.bind("ingest.dtls", DtlsProperties.class).get();
        PipelineProperties pipeline =
                binder.bind("ingest.pipeline", PipelineProperties.class).get();

        assertThat(dtls.stateFile()).isEqualTo(Path.of("/var/lib/dtls-ingest/dtls-state.bin"));
        assertThat(dtls.stateMaxAge()).isEqualTo(Duration.ofHours(1));
        assertThat(dtls.port()).isEqualTo(5684);
        assertThat(dtls.serverKey()).isNull();
        assertThat(pipeline.drainTimeout()).isEqualTo(Duration.ofSeconds(20));
        assertThat(binder.bind("spring.lifecycle.timeout-per-shutdown-phase", Duration.class).get())
                .isEqualTo(Duration.ofSeconds(30));
        assertThat(binder.bind("management.server.port", Integer.class).get()).isEqualTo(8081);
        assertThat(binder.bind("server.port", Integer.class).get()).isEqualTo(8080);
        assertThat(binder.bind("spring.datasource.url", String.class).get())
                .isEqualTo("jdbc:postgresql://postgresql:5432/ingest");
    }

    @Test
    void theChartsSecretsReachTheAdminTokenSecretsKeysAndDatabasePassword() {
        Binder binder =
                binderFor(
                        CHART.templateSetting(
                                "secrets.adminToken=settings-test-token-0123",
                                "secrets.previousSecretsKeys[0]="
                                        + "b2xkLXNlY3JldHMta2V5LTAxMjM0NTY3ODlhYmNkZWY=",
                                "database.password=settings-test-password"));

        AdminProperties admin = binder.bind("ingest.admin", AdminProperties.class).get();
        SecretsProperties secrets = binder.bind("ingest.secrets", SecretsProperties.class).get();

        assertThat(admin.token()).isEqualTo("settings-test-token-0123");
        assertThat(Base64.getDecoder().decode(secrets.key())).hasSize(32);
        assertThat(secrets.previousKeys())
                .containsExactly("b2xkLXNlY3JldHMta2V5LTAxMjM0NTY3ODlhYmNkZWY=");
        assertThat(binder.bind("spring.datasource.password", String.class).get())
                .isEqualTo("settings-test-password");
    }

    @Test
    void anEnabledServerKeyIsReadFromTheMountedFile() {
        Binder binder = binderFor(CHART.template("ci/existing-secret-values.yaml"));

        DtlsProperties dtls = binder.bind("ingest.dtls", DtlsProperties.class).get();

        assertThat(dtls.serverKey()).isEqualTo(Path.of("/etc/dtls-ingest/server-key.pem"));
    }

    /**
     * A binder over the container's environment: the ConfigMap's entries, and each secret reference
     * resolved from the rendered Secret, or to a placeholder when the Secret is not the chart's.
     */
    private static Binder binderFor(HelmChart.Rendered rendered) {
        StatefulSet statefulSet = rendered.one(StatefulSet.class);
        Container container = statefulSet.getSpec().getTemplate().getSpec().getContainers().get(0);
        Map<String, Object> env = new HashMap<>();
        container
                .getEnvFrom()
                .forEach(
                        source ->
                                env.putAll(
                                        rendered.named(
                                                        ConfigMap.class,
                                                        source.getConfigMapRef().getName())
                                                .getData()));
        for (EnvVar variable : container.getEnv()) {
            var ref = variable.getValueFrom().getSecretKeyRef();
            String value = secretValue(rendered, ref.getName(), ref.getKey());
            if (value != null) {
                env.put(variable.getName(), value);
            }
        }
        MutablePropertySources sources = new MutablePropertySources();
        sources.addFirst(
                new SystemEnvironmentPropertySource(
                        StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, env));
        return new Binder(ConfigurationPropertySources.from(sources));
    }

    private static String secretValue(HelmChart.Rendered rendered, String name, String key) {
        if (!rendered.has(Secret.class, name)) {
            return "from-" + name;
        }
        String base64 = rendered.named(Secret.class, name).getData().get(key);
        return base64 == null
                ? null
                : new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    }
}
