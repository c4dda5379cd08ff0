package io.dtlsingest.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.Endpoint;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Verifies the Helm chart as helm 4 lints and renders it, with the default values and with the
 * values files of helm/dtls-ingest/ci: every rendered document is checked against its Kubernetes
 * API type, and the parts the service depends on are asserted one by one.
 */
class HelmChartTest {

    private static final String FULLNAME = HelmChart.RELEASE + "-dtls-ingest";

    private static HelmChart chart;
    private static HelmChart.Rendered defaults;
    private static HelmChart.Rendered existingSecret;
    private static HelmChart.Rendered monitoring;
    private static HelmChart.Rendered lockedDown;

    @BeforeAll
    static void render() {
        chart = new HelmChart();
        defaults = chart.template();
        existingSecret = chart.template("ci/existing-secret-values.yaml");
        monitoring = chart.template("ci/service-monitor-values.yaml");
        lockedDown = chart.template("ci/network-policy-values.yaml");
    }

    @Test
    void lintsWithoutFindingsWithTheDefaultsAndEveryCiValuesFile() {
        assertThat(chart.lint()).contains("1 chart(s) linted, 0 chart(s) failed");
        for (String values : HelmChart.ciValuesFiles()) {
            assertThat(chart.lint(values)).contains("0 chart(s) failed");
        }
    }

    @Test
    void rendersEveryManifestTheChartPromises() {
        assertThat(defaults.all())
                .extracting(object -> object.getKind())
                .contains(
                        "StatefulSet",
                        "Service",
                        "ConfigMap",
                        "Secret",
                        "ServiceAccount",
                        "PodDisruptionBudget");
        assertThat(defaults.all(Service.class))
                .extracting(service -> service.getMetadata().getName())
                .containsExactlyInAnyOrder(
                        FULLNAME + "-dtls",
                        FULLNAME + "-api",
                        FULLNAME + "-management",
                        FULLNAME + "-headless");
        assertThat(defaults.all(NetworkPolicy.class)).isEmpty();
        assertThat(defaults.all(ServiceMonitor.class)).isEmpty();
        assertThat(lockedDown.all(NetworkPolicy.class)).hasSize(1);
        assertThat(monitoring.all(ServiceMonitor.class)).hasSize(1);
    }

    @Test
    void devicesReachTheDtlsPortOverUdpThroughALoadBalancerThatKeepsTheirAddresses() {
        Service dtls = defaults.named(Service.class, FULLNAME + "-dtls");

        assertThat(dtls.getSpec().getType()).isEqualTo("LoadBalancer");
        assertThat(dtls.getSpec().getExternalTrafficPolicy()).isEqualTo("Local");
        assertThat(dtls.getSpec().getSessionAffinity()).isEqualTo("ClientIP");
        assertThat(dtls.getSpec().getSessionAffinityConfig().getClientIP().getTimeoutSeconds())
                .isPositive();
        ServicePort port = dtls.getSpec().getPorts().get(0);
        assertThat(dtls.getSpec().getPorts()).hasSize(1);
        assertThat(port.getProtocol()).isEqualTo("UDP");
        assertThat(port.getPort()).isEqualTo(5684);
        ContainerPort target = containerPort(defaults, port.getTargetPort().getStrVal());
        assertThat(target.getProtocol()).isEqualTo("UDP");
        assertThat(target.getContainerPort()).isEqualTo(5684);
        assertThat(config(defaults)).containsEntry("INGEST_DTLS_PORT", "5684");
        assertThat(dtls.getSpec().getSelector())
                .isEqualTo(statefulSet(defaults).getSpec().getSelector().getMatchLabels());
    }

    @Test
    void aNodePortDtlsServiceStillKeepsClientAddressesAndAffinity() {
        Service dtls = lockedDown.named(Service.class, FULLNAME + "-dtls");

        assertThat(dtls.getSpec().getType()).isEqualTo("NodePort");
        assertThat(dtls.getSpec().getExternalTrafficPolicy()).isEqualTo("Local");
        assertThat(dtls.getSpec().getSessionAffinity()).isEqualTo("ClientIP");
        assertThat(dtls.getSpec().getPorts().get(0).getNodePort()).isEqualTo(30684);
    }

    @Test
    void apiAndManagementServicesTargetTheContainerPortsTheServiceListensOn() {
        Map<String, String> config = config(defaults);
        ServicePort api =
                defaults.named(Service.class, FULLNAME + "-api").getSpec().getPorts().get(0);
        ServicePort management =
                defaults.named(Service.class, FULLNAME + "-management").getSpec().getPorts().get(0);

        assertThat(containerPort(defaults, api.getTargetPort().getStrVal()).getContainerPort())
                .isEqualTo(8080)
                .isEqualTo(Integer.parseInt(config.get("SERVER_PORT")));
        assertThat(
                        containerPort(defaults, management.getTargetPort().getStrVal())
                                .getContainerPort())
                .isEqualTo(8081)
                .isEqualTo(Integer.parseInt(config.get("MANAGEMENT_SERVER_PORT")));
    }

    @Test
    void probesAskTheActuatorHealthGroupsOnTheManagementPort() {
        Container container = container(defaults);

        assertThat(httpGet(container.getStartupProbe()).getPath())
                .isEqualTo("/actuator/health/liveness");
        assertThat(httpGet(container.getLivenessProbe()).getPath())
                .isEqualTo("/actuator/health/liveness");
        assertThat(httpGet(container.getReadinessProbe()).getPath())
                .isEqualTo("/actuator/health/readiness");
        for (Probe probe : probes(container)) {
            String portName = httpGet(probe).getPort().getStrVal();
            assertThat(containerPort(defaults, portName).getContainerPort())
                    .isEqualTo(Integer.parseInt(config(defaults).get("MANAGEMENT_SERVER_PORT")));
        }
    }

    @Test
    void startupProbeWaitsLongerThanTheServiceWaitsForItsDatabase() {
        Probe startup = container(defaults).getStartupProbe();

        int allowedSeconds = startup.getPeriodSeconds() * startup.getFailureThreshold();

        // ingest.startup.database-timeout is 60 s; the schema migration follows it.
        assertThat(allowedSeconds).isGreaterThanOrEqualTo(120);
    }

    @Test
    void everySecretReferenceOfTheDefaultsResolvesToAKeyOfARenderedSecret() {
        assertSecretReferencesResolve(defaults, Set.of());
        assertSecretReferencesResolve(monitoring, Set.of());
        assertSecretReferencesResolve(lockedDown, Set.of());
    }

    @Test
    void existingSecretsAreReferencedByNameAndNoSecretIsRendered() {
        assertThat(existingSecret.all(Secret.class)).isEmpty();
        assertSecretReferencesResolve(
                existingSecret, Set.of("dtls-ingest-credentials", "ingest-db-app"));
        Container container = container(existingSecret);

        assertThat(secretRef(container, "INGEST_ADMIN_TOKEN"))
                .isEqualTo("dtls-ingest-credentials/admin-token");
        assertThat(secretRef(container, "INGEST_SECRETS_KEY"))
                .isEqualTo("dtls-ingest-credentials/secrets-key");
        assertThat(secretRef(container, "SPRING_DATASOURCE_PASSWORD"))
                .isEqualTo("ingest-db-app/password");
        assertThat(config(existingSecret))
                .containsEntry(
                        "SPRING_DATASOURCE_URL",
                        "jdbc:postgresql://ingest-db-rw.databases.svc:5432/ingest")
                .containsEntry("SPRING_DATASOURCE_USERNAME", "ingest");
    }

    @Test
    void theServerKeyIsMountedFromTheSecretWhereTheServiceReadsIt() {
        Path keyFile = Path.of(config(existingSecret).get("INGEST_DTLS_SERVER_KEY"));
        Container container = container(existingSecret);

        VolumeMount mount = mountContaining(container, keyFile);
        Volume volume = volume(existingSecret, mount.getName());

        assertThat(mount.getReadOnly()).isTrue();
        assertThat(volume.getSecret().getSecretName()).isEqualTo("dtls-ingest-credentials");
        assertThat(volume.getSecret().getItems())
                .anySatisfy(
                        item -> {
                            assertThat(item.getKey()).isEqualTo("server-key.pem");
                            assertThat(Path.of(mount.getMountPath()).resolve(item.getPath()))
                                    .isEqualTo(keyFile);
                        });
        assertThat(config(defaults)).doesNotContainKey("INGEST_DTLS_SERVER_KEY");
    }

    @Test
    void generatedSecretsHoldAUsableAdminTokenAndA32ByteSecretsKey() {
        Map<String, String> data = defaults.one(Secret.class).getData();

        String token = decode(data.get("admin-token"));
        byte[] secretsKey = Base64.getDecoder().decode(decode(data.get("secrets-key")));

        assertThat(token).hasSizeGreaterThanOrEqualTo(16);
        assertThat(secretsKey).hasSize(32);
        assertThat(defaults.one(Secret.class).getMetadata().getAnnotations())
                .containsEntry("helm.sh/resource-policy", "keep");
    }

    @Test
    void givenSecretsAreUsedAsTheyAre() {
        Map<String, String> data = monitoring.one(Secret.class).getData();

        assertThat(decode(data.get("admin-token"))).isEqualTo("monitoring-test-token-0123456789");
        assertThat(decode(data.get("secrets-key")))
                .isEqualTo("dGVzdC1zZWNyZXRzLWtleS0wMTIzNDU2Nzg5YWJjZGU=");
        assertThat(decode(data.get("database-password"))).isEqualTo("not-a-real-password");
    }

    @Test
    void theContainerRunsAsNonRootOnAReadOnlyRootFilesystemWithOnlyTheMountsItWrites() {
        PodSecurityContext pod =
                statefulSet(defaults).getSpec().getTemplate().getSpec().getSecurityContext();
        SecurityContext container = container(defaults).getSecurityContext();

        assertThat(pod.getRunAsNonRoot()).isTrue();
        assertThat(pod.getRunAsUser()).isPositive();
        assertThat(pod.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(container.getReadOnlyRootFilesystem()).isTrue();
        assertThat(container.getAllowPrivilegeEscalation()).isFalse();
        assertThat(container.getPrivileged()).isFalse();
        assertThat(container.getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(container(defaults).getVolumeMounts())
                .filteredOn(mount -> !Boolean.TRUE.equals(mount.getReadOnly()))
                .extracting(VolumeMount::getMountPath)
                .containsExactlyInAnyOrder("/tmp", "/var/lib/dtls-ingest");
        assertThat(
                        statefulSet(defaults)
                                .getSpec()
                                .getTemplate()
                                .getSpec()
                                .getAutomountServiceAccountToken())
                .isFalse();
    }

    @Test
    void aDevicesFileFromASecretIsMountedReadOnlyAndNamedToTheService() {
        HelmChart.Rendered rendered = chart.templateSetting("devicesFile.secret=fleet-devices");

        Volume volume = volume(rendered, "devices-file");
        VolumeMount mount =
                mountContaining(container(rendered), Path.of("/etc/dtls-ingest-devices"));

        assertThat(volume.getSecret().getSecretName()).isEqualTo("fleet-devices");
        assertThat(volume.getSecret().getDefaultMode()).isEqualTo(0440);
        assertThat(mount.getReadOnly()).isTrue();
        assertThat(config(rendered))
                .containsEntry("INGEST_DEVICES_FILE", "/etc/dtls-ingest-devices/devices.yaml");
        assertThat(config(defaults)).doesNotContainKey("INGEST_DEVICES_FILE");
        assertThat(
                        chart.templateFailure(
                                "--set",
                                "devicesFile.secret=a",
                                "--set",
                                "devicesFile.configMap=b"))
                .contains("either secret or configMap");
    }

    @Test
    void theDtlsStateFileLiesOnAVolumeClaimOfItsOwnPerPod() {
        Path stateFile = Path.of(config(defaults).get("INGEST_DTLS_STATE_FILE"));
        StatefulSet statefulSet = statefulSet(defaults);

        VolumeMount mount = mountContaining(container(defaults), stateFile);

        assertThat(mount.getReadOnly()).isNotEqualTo(Boolean.TRUE);
        assertThat(statefulSet.getSpec().getVolumeClaimTemplates())
                .extracting(claim -> claim.getMetadata().getName())
                .containsExactly(mount.getName());
        assertThat(statefulSet.getSpec().getTemplate().getSpec().getVolumes())
                .extracting(Volume::getName)
                .doesNotContain(mount.getName());
    }

    @Test
    void withoutPersistenceTheStateFileLiesOnAnEmptyDir() {
        Path stateFile = Path.of(config(lockedDown).get("INGEST_DTLS_STATE_FILE"));

        VolumeMount mount = mountContaining(container(lockedDown), stateFile);

        assertThat(volume(lockedDown, mount.getName()).getEmptyDir()).isNotNull();
        assertThat(statefulSet(lockedDown).getSpec().getVolumeClaimTemplates()).isEmpty();
        assertThat(statefulSet(lockedDown).getSpec().getReplicas()).isEqualTo(3);
    }

    @Test
    void theGracePeriodCoversThePreStopPauseTheHttpPhaseTwoDrainsAndTheStateSave() {
        PodSpec pod = statefulSet(defaults).getSpec().getTemplate().getSpec();
        Map<String, String> config = config(defaults);
        long preStop = container(defaults).getLifecycle().getPreStop().getSleep().getSeconds();
        long phase = seconds(config.get("SPRING_LIFECYCLE_TIMEOUT_PER_SHUTDOWN_PHASE"));
        long drain = seconds(config.get("INGEST_PIPELINE_DRAIN_TIMEOUT"));

        long worstCaseStop = preStop + phase + 2 * drain;

        assertThat(preStop).isPositive();
        assertThat(phase).isEqualTo(30);
        assertThat(drain).isEqualTo(20);
        assertThat(pod.getTerminationGracePeriodSeconds())
                .isGreaterThan(worstCaseStop)
                .isEqualTo(90);
    }

    @Test
    void aLongerDrainReachesTheServiceAndLengthensTheGracePeriodByTwiceItsIncrease() {
        HelmChart.Rendered longer = chart.templateSetting("shutdown.drainTimeoutSeconds=45");

        assertThat(config(longer)).containsEntry("INGEST_PIPELINE_DRAIN_TIMEOUT", "45s");
        assertThat(
                        statefulSet(longer)
                                .getSpec()
                                .getTemplate()
                                .getSpec()
                                .getTerminationGracePeriodSeconds())
                .isEqualTo(90 + 2 * (45 - 20));
    }

    @Test
    void aVoluntaryDisruptionTakesOnePodAtATime() {
        PodDisruptionBudget budget = defaults.one(PodDisruptionBudget.class);

        assertThat(budget.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
        assertThat(budget.getSpec().getSelector().getMatchLabels())
                .isEqualTo(statefulSet(defaults).getSpec().getSelector().getMatchLabels());
    }

    @Test
    void theServiceMonitorScrapesThePrometheusEndpointOfTheManagementServiceWithTheToken() {
        ServiceMonitor monitor = monitoring.one(ServiceMonitor.class);
        Service management = monitoring.named(Service.class, FULLNAME + "-management");
        Endpoint endpoint = monitor.getSpec().getEndpoints().get(0);

        assertThat(management.getMetadata().getLabels())
                .containsAllEntriesOf(monitor.getSpec().getSelector().getMatchLabels());
        assertThat(monitoring.all(Service.class))
                .filteredOn(
                        service ->
                                service.getMetadata()
                                        .getLabels()
                                        .entrySet()
                                        .containsAll(
                                                monitor.getSpec()
                                                        .getSelector()
                                                        .getMatchLabels()
                                                        .entrySet()))
                .containsExactly(management);
        assertThat(management.getSpec().getPorts())
                .extracting(ServicePort::getName)
                .contains(endpoint.getPort());
        assertThat(endpoint.getPath()).isEqualTo("/actuator/prometheus");
        assertThat(endpoint.getAuthorization().getType()).isEqualTo("Bearer");
        assertThat(monitor.getMetadata().getLabels())
                .containsEntry("release", "kube-prometheus-stack");
    }

    @Test
    void theServiceMonitorScrapesWithAReaderTokenFromItsOwnSecretWhenOneIsNamed() {
        HelmChart.Rendered rendered =
                chart.templateSetting(
                        "serviceMonitor.enabled=true",
                        "serviceMonitor.tokenSecret.name=prometheus-reader",
                        "serviceMonitor.tokenSecret.key=dti");

        var credentials =
                rendered.one(ServiceMonitor.class)
                        .getSpec()
                        .getEndpoints()
                        .get(0)
                        .getAuthorization()
                        .getCredentials();

        assertThat(credentials.getName()).isEqualTo("prometheus-reader");
        assertThat(credentials.getKey()).isEqualTo("dti");
    }

    @Test
    void theNetworkPolicyLeavesTheDtlsPortOpenAndNamesOnlyPortsTheContainerHas() {
        NetworkPolicy policy = lockedDown.one(NetworkPolicy.class);
        List<NetworkPolicyIngressRule> rules = policy.getSpec().getIngress();

        NetworkPolicyIngressRule dtls = rules.get(0);

        assertThat(dtls.getFrom()).isEmpty();
        assertThat(dtls.getPorts())
                .singleElement()
                .satisfies(
                        port -> {
                            assertThat(port.getProtocol()).isEqualTo("UDP");
                            assertThat(
                                            containerPort(lockedDown, port.getPort().getStrVal())
                                                    .getContainerPort())
                                    .isEqualTo(5684);
                        });
        for (NetworkPolicyIngressRule rule : rules.subList(1, rules.size())) {
            assertThat(rule.getFrom()).isNotEmpty();
            for (NetworkPolicyPort port : rule.getPorts()) {
                assertThat(containerPort(lockedDown, port.getPort().getStrVal()).getProtocol())
                        .isEqualTo(port.getProtocol());
            }
        }
        assertThat(policy.getSpec().getEgress())
                .flatExtracting(rule -> rule.getPorts())
                .extracting(port -> port.getPort().getIntVal())
                .contains(53, 5432);
        assertThat(policy.getSpec().getPodSelector().getMatchLabels())
                .isEqualTo(statefulSet(lockedDown).getSpec().getSelector().getMatchLabels());
    }

    @Test
    void extraSettingsReachTheConfigMapAsStrings() {
        assertThat(config(lockedDown))
                .containsEntry("INGEST_PIPELINE_BATCH_SIZE", "200")
                .containsEntry("INGEST_DTLS_CONNECTOR_THREADS", "4");
    }

    @Test
    void theDashboardConfigMapCarriesTheDashboardOfTheRepository() throws Exception {
        ConfigMap dashboard = monitoring.named(ConfigMap.class, FULLNAME + "-dashboard");
        String file = Files.readString(HelmChart.DIR.resolve("dashboards/dtls-ingest.json"));

        assertThat(dashboard.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
        assertThat(dashboard.getData().get("dtls-ingest.json")).isEqualTo(file.strip());
        assertThat(defaults.has(ConfigMap.class, FULLNAME + "-dashboard")).isFalse();
    }

    @Test
    void theInstallNotesSayHowToReachTheUdpPortFetchTheServerKeyAndProvisionADevice() {
        String notes = chart.notes();

        assertThat(notes)
                .contains("kubectl get service -n telemetry " + FULLNAME + "-dtls")
                .contains("DTLS_PORT=5684")
                .contains("grep -A 4 'DTLS server public key'")
                .contains("-o jsonpath='{.data.admin-token}'")
                .contains("http://localhost:8080/api/v1/devices")
                .contains("openssl s_client -dtls1_2")
                .contains("Back it up now");
        assertThat(chart.notes("ci/existing-secret-values.yaml"))
                .contains("kubectl get secret -n telemetry dtls-ingest-credentials")
                .contains("openssl pkey -pubout")
                .doesNotContain("Back it up now");
        assertThat(chart.notes("ci/network-policy-values.yaml"))
                .contains("{.spec.ports[0].nodePort}");
    }

    @Test
    void badValuesFailAtInstallNamingTheOffendingValue() {
        assertThat(chart.templateFailure("--set", "replicaCount=-1")).contains("/replicaCount");
        assertThat(chart.templateFailure("--set", "dtls.service.type=Ingress"))
                .contains("/dtls/service/type");
        assertThat(chart.templateFailure("--set", "secrets.secretsKey=not-32-bytes"))
                .contains("/secrets/secretsKey");
        assertThat(chart.templateFailure("--set", "secrets.adminToken=short"))
                .contains("/secrets/adminToken");
        assertThat(chart.templateFailure("--set", "database.url=postgres://db/ingest"))
                .contains("/database/url");
        assertThat(chart.templateFailure("--set", "persistance.enabled=false"))
                .contains("persistance");
        assertThat(
                        chart.templateFailure(
                                "--set-json", "config={\"INGEST_PIPELINE_BATCH_SIZE\":200}"))
                .contains("/config/INGEST_PIPELINE_BATCH_SIZE");
        assertThat(chart.templateFailure("--set", "config.INGEST_PIPELINE_DRAIN_TIMEOUT=5s"))
                .contains("invalid propertyName 'INGEST_PIPELINE_DRAIN_TIMEOUT'");
        assertThat(chart.templateFailure("--set", "config.INGEST_ADMIN_TOKEN=in-the-configmap"))
                .contains("invalid propertyName 'INGEST_ADMIN_TOKEN'");
        assertThat(chart.templateFailure("--set", "serverKey.enabled=true"))
                .contains("serverKey.pem is required");
        assertThat(
                        chart.templateFailure(
                                "--set",
                                "secrets.existingSecret=ingest-keys",
                                "--set",
                                "database.password=in-the-chart"))
                .contains("database.password cannot go into secrets.existingSecret");
    }

    private static void assertSecretReferencesResolve(
            HelmChart.Rendered rendered, Set<String> external) {
        List<String[]> references = new ArrayList<>();
        Container container = container(rendered);
        for (EnvVar env : container.getEnv()) {
            if (env.getValueFrom() != null && env.getValueFrom().getSecretKeyRef() != null) {
                var ref = env.getValueFrom().getSecretKeyRef();
                if (!Boolean.TRUE.equals(ref.getOptional())) {
                    references.add(new String[] {ref.getName(), ref.getKey()});
                }
            }
        }
        for (Volume volume : statefulSet(rendered).getSpec().getTemplate().getSpec().getVolumes()) {
            if (volume.getSecret() != null) {
                volume.getSecret()
                        .getItems()
                        .forEach(
                                item ->
                                        references.add(
                                                new String[] {
                                                    volume.getSecret().getSecretName(),
                                                    item.getKey()
                                                }));
            }
        }
        for (ServiceMonitor monitor : rendered.all(ServiceMonitor.class)) {
            for (Endpoint endpoint : monitor.getSpec().getEndpoints()) {
                var credentials = endpoint.getAuthorization().getCredentials();
                references.add(new String[] {credentials.getName(), credentials.getKey()});
            }
        }
        assertThat(references).isNotEmpty();
        for (String[] reference : references) {
            if (external.contains(reference[0])) {
                assertThat(rendered.has(Secret.class, reference[0])).isFalse();
            } else {
                assertThat(rendered.named(Secret.class, reference[0]).getData())
                        .as("secret %s", reference[0])
                        .containsKey(reference[1]);
            }
        }
        container
                .getEnvFrom()
                .forEach(
                        source ->
                                assertThat(
                                                rendered.has(
                                                        ConfigMap.class,
                                                        source.getConfigMapRef().getName()))
                                        .isTrue());
    }

    private static StatefulSet statefulSet(HelmChart.Rendered rendered) {
        return rendered.one(StatefulSet.class);
    }

    private static Container container(HelmChart.Rendered rendered) {
        List<Container> containers =
                statefulSet(rendered).getSpec().getTemplate().getSpec().getContainers();
        assertThat(containers).hasSize(1);
        return containers.get(0);
    }

    private static Map<String, String> config(HelmChart.Rendered rendered) {
        return rendered.named(ConfigMap.class, FULLNAME).getData();
    }

    private static ContainerPort containerPort(HelmChart.Rendered rendered, String name) {
        return container(rendered).getPorts().stream()
                .filter(port -> port.getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no container port named " + name));
    }

    private static List<Probe> probes(Container container) {
        return List.of(
                container.getStartupProbe(),
                container.getLivenessProbe(),
                container.getReadinessProbe());
    }

    private static HTTPGetAction httpGet(Probe probe) {
        assertThat(probe).isNotNull();
        assertThat(probe.getHttpGet()).isNotNull();
        return probe.getHttpGet();
    }

    private static String secretRef(Container container, String env) {
        var ref =
                container.getEnv().stream()
                        .filter(variable -> variable.getName().equals(env))
                        .findFirst()
                        .orElseThrow(() -> new AssertionError("no variable " + env))
                        .getValueFrom()
                        .getSecretKeyRef();
        return ref.getName() + "/" + ref.getKey();
    }

    private static VolumeMount mountContaining(Container container, Path file) {
        return container.getVolumeMounts().stream()
                .filter(mount -> file.startsWith(mount.getMountPath()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no volume mounted above " + file));
    }

    private static Volume volume(HelmChart.Rendered rendered, String name) {
        return statefulSet(rendered).getSpec().getTemplate().getSpec().getVolumes().stream()
                .filter(volume -> volume.getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no volume named " + name));
    }

    private static long seconds(String duration) {
        return Duration.parse("PT" + duration.toUpperCase()).toSeconds();
    }

    private static String decode(String base64) {
        return new String(
                Base64.getDecoder().decode(base64), java.nio.charset.StandardCharsets.UTF_8);
    }
}
