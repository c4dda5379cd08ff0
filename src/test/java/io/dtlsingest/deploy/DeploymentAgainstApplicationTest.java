package io.dtlsingest.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.dtlsingest.device.DeviceRequests;
import io.dtlsingest.device.DeviceService;
import io.dtlsingest.dtls.DtlsInboundChannelAdapter;
import io.dtlsingest.support.ApiClient;
import io.dtlsingest.support.DtlsTestClient;
import io.dtlsingest.support.IngestIntegrationTest;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalManagementPort;

/**
 * Verifies that what the deployment artefacts ask of the running application is there: the paths
 * the chart's probes and ServiceMonitor call, and every metric and label the dashboard queries.
 */
@IngestIntegrationTest
class DeploymentAgainstApplicationTest {

    private static final String KEY = "404142434445464748494a4b4c4d4e4f";

    @Autowired DtlsInboundChannelAdapter adapter;
    @Autowired DeviceService devices;
    @LocalManagementPort int managementPort;

    @Test
    void theProbesOfTheChartAreAnsweredUpWithoutAToken() {
        HelmChart.Rendered rendered = new HelmChart().template();
        Container container =
                rendered.one(StatefulSet.class)
                        .getSpec()
                        .getTemplate()
                        .getSpec()
                        .getContainers()
                        .get(0);

        for (Probe probe :
                List.of(
                        container.getStartupProbe(),
                        container.getLivenessProbe(),
                        container.getReadinessProbe())) {
            ApiClient.Response response =
                    ApiClient.anonymous(managementPort).get(probe.getHttpGet().getPath());

            assertThat(response.status()).as(probe.getHttpGet().getPath()).isEqualTo(200);
            assertThat(response.body()).contains("\"status\":\"UP\"");
        }
    }

    @Test
    void theServiceMonitorPathServesPrometheusMetricsWithTheAdminTokenOnly() {
        HelmChart.Rendered rendered = new HelmChart().template("ci/service-monitor-values.yaml");
        String path = rendered.one(ServiceMonitor.class).getSpec().getEndpoints().get(0).getPath();

        assertThat(ApiClient.admin(managementPort).get(path).body())
                .contains("# TYPE ingest_queue_depth gauge");
        assertThat(ApiClient.anonymous(managementPort).get(path).status()).isEqualTo(401);
    }

    @Test
    void everyMetricAndGroupingLabelOfTheDashboardIsExported() throws Exception {
        makeTraffic();
        String scrape = ApiClient.admin(managementPort).get("/actuator/prometheus").body();

        List<String> queries = Dashboard.read().queries();

        assertThat(queries).isNotEmpty();
        for (String query : queries) {
            for (String metric : Dashboard.metricsOf(query)) {
                assertThat(scrape)
                        .as("metric %s of %s", metric, query)
                        .containsPattern("(?m)^" + Pattern.quote(metric) + "[{ ]");
                for (String label : Dashboard.groupingLabelsOf(query)) {
                    if (!label.equals("instance")) {
                        assertThat(scrape)
                                .as("label %s of %s", label, metric)
                                .containsPattern(
                                        "(?m)^"
                                                + Pattern.quote(metric)
                                                + "\\{[^}]*\\b"
                                                + label
                                                + "=\"");
                    }
                }
            }
        }
    }

    /** A handshake, a stored and a rejected datagram, so that the labelled series exist. */
    private void makeTraffic() throws Exception {
        String device = "dashboard-" + System.nanoTime();
        devices.create(
                new DeviceRequests.Create(device, true, new DeviceRequests.Psk(device, KEY), null));
        try (DtlsTestClient client =
                DtlsTestClient.psk(adapter.getPort(), device, HexFormat.of().parseHex(KEY))) {
            client.exchange("{\"t\":1}".getBytes(StandardCharsets.UTF_8));
            client.exchange("{\"broken\":".getBytes(StandardCharsets.UTF_8));
        }
    }
}
