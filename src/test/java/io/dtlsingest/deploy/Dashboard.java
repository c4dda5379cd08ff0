package io.dtlsingest.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The Grafana dashboard kept in the chart, helm/dtls-ingest/dashboards/dtls-ingest.json. */
final class Dashboard {

    static final Path FILE = HelmChart.DIR.resolve("dashboards/dtls-ingest.json");

    // A metric name is what stands before the label selector; every query of the dashboard
    // selects by instance, so every metric it uses has one.
    private static final Pattern METRIC = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\{");
    private static final Pattern GROUPING = Pattern.compile("by \\(([^)]*)\\)");

    private final JsonNode root;

    private Dashboard(JsonNode root) {
        this.root = root;
    }

    static Dashboard read() {
        try {
            return new Dashboard(JsonMapper.builder().build().readTree(Files.readString(FILE)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    JsonNode root() {
        return root;
    }

    /** The panels that show data, rows left out. */
    List<JsonNode> panels() {
        List<JsonNode> panels = new ArrayList<>();
        root.get("panels")
                .forEach(
                        panel -> {
                            if (!panel.get("type").asString().equals("row")) {
                                panels.add(panel);
                            }
                        });
        return panels;
    }

    List<String> queries() {
        List<String> queries = new ArrayList<>();
        panels().forEach(
                        panel ->
                                panel.get("targets")
                                        .forEach(
                                                target ->
                                                        queries.add(
                                                                target.get("expr").asString())));
        return queries;
    }

    static Set<String> metricsOf(String query) {
        Set<String> metrics = new LinkedHashSet<>();
        Matcher matcher = METRIC.matcher(query);
        while (matcher.find()) {
            metrics.add(matcher.group(1));
        }
        return metrics;
    }

    static Set<String> groupingLabelsOf(String query) {
        Set<String> labels = new LinkedHashSet<>();
        Matcher matcher = GROUPING.matcher(query);
        while (matcher.find()) {
            for (String label : matcher.group(1).split(",")) {
                labels.add(label.strip());
            }
        }
        return labels;
    }
}
