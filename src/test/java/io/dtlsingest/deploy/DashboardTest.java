package io.dtlsingest.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Verifies that the Grafana dashboard shows what operators need, each panel on the data source
 * chosen in the dashboard, laid out on Grafana's 24-column grid.
 */
class DashboardTest {

    private final Dashboard dashboard = Dashboard.read();

    @Test
    void showsTheDtlsAndPipelineFiguresOperatorsWatch() {
        assertThat(dashboard.panels())
                .extracting(panel -> panel.get("title").asString())
                .contains(
                        "Handshakes by outcome",
                        "Handshakes by cipher suite",
                        "Active connections",
                        "Records received, sent and dropped",
                        "Datagrams by outcome",
                        "Rejected datagrams by reason",
                        "Busy and rate-limited datagrams",
                        "Readings stored and replies sent",
                        "Batch size",
                        "Commit latency",
                        "Receive-to-commit latency",
                        "Queue depth");
    }

    @Test
    void groupsDatagramsByOutcomeAndRejectionsByReason() {
        List<String> queries = dashboard.queries();

        assertThat(queries)
                .anySatisfy(
                        query ->
                                assertThat(query)
                                        .contains(
                                                "sum by (outcome) (rate(ingest_datagrams_total{"));
        assertThat(queries)
                .anySatisfy(
                        query ->
                                assertThat(query)
                                        .contains("sum by (reason)")
                                        .contains("outcome=\"rejected\""));
        assertThat(queries)
                .anySatisfy(query -> assertThat(query).contains("outcome=~\"busy|rate_limited\""));
        assertThat(queries)
                .anySatisfy(
                        query ->
                                assertThat(query)
                                        .contains("sum by (cipher_suite, auth)")
                                        .contains("dtls_handshakes_total{"));
    }

    @Test
    void everyPanelQueriesTheChosenDataSourceAndTheChosenInstances() {
        for (JsonNode panel : dashboard.panels()) {
            assertThat(panel.get("datasource").get("uid").asString()).isEqualTo("${datasource}");
            panel.get("targets")
                    .forEach(
                            target ->
                                    assertThat(target.get("expr").asString())
                                            .contains("instance=~\"$instance\""));
        }
        assertThat(dashboard.root().get("templating").get("list"))
                .extracting(variable -> variable.get("name").asString())
                .containsExactly("datasource", "instance");
    }

    @Test
    void panelsHaveUniqueIdsAndFitTheGrid() {
        Set<Integer> ids = new HashSet<>();
        for (JsonNode panel : dashboard.root().get("panels")) {
            JsonNode grid = panel.get("gridPos");
            assertThat(ids.add(panel.get("id").asInt())).as("unique id").isTrue();
            assertThat(grid.get("x").asInt() + grid.get("w").asInt()).isLessThanOrEqualTo(24);
        }
        assertThat(dashboard.root().get("uid").asString()).isEqualTo("dtls-ingest");
    }

    @Test
    void metricNamesAndGroupingsAreFoundInAQuery() {
        String query =
                "sum by (outcome, reason) (rate(ingest_datagrams_total{instance=~\"x\"}[1m]))"
                        + " / max(ingest_queue_capacity{instance=~\"x\"})";

        assertThat(Dashboard.metricsOf(query))
                .containsExactly("ingest_datagrams_total", "ingest_queue_capacity");
        assertThat(Dashboard.groupingLabelsOf(query)).containsExactly("outcome", "reason");
    }
}
