package io.dtlsingest.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/** The chart in helm/dtls-ingest, linted and rendered by the real helm binary. */
final class HelmChart {

    static final Path PROJECT = Path.of("").toAbsolutePath();
    static final Path DIR = PROJECT.resolve("helm/dtls-ingest");
    static final String RELEASE = "ingest";

    private final ExternalTool helm = ExternalTool.helm();

    /** The values files of the chart's own checks, in helm/dtls-ingest/ci. */
    static List<String> ciValuesFiles() {
        return List.of(
                "ci/existing-secret-values.yaml",
                "ci/service-monitor-values.yaml",
                "ci/network-policy-values.yaml");
    }

    /** Output of `helm lint --strict` with these values files; fails the test on any finding. */
    String lint(String... valuesFiles) {
        return helm.succeed(DIR, withValues(List.of("lint", "--strict", "."), valuesFiles));
    }

    /** The manifests `helm template` renders with these values files, checked and typed. */
    Rendered template(String... valuesFiles) {
        String yaml = helm.succeed(DIR, templateArgs(valuesFiles));
        return new Rendered(parse(yaml));
    }

    /** The notes an install prints, from a client-side dry run that needs no cluster. */
    String notes(String... valuesFiles) {
        String output =
                helm.succeed(
                        DIR,
                        withValues(
                                List.of(
                                        "install",
                                        RELEASE,
                                        ".",
                                        "--dry-run=client",
                                        "--namespace",
                                        "telemetry"),
                                valuesFiles));
        int notes = output.indexOf("NOTES:");
        assertThat(notes).as("helm install printed NOTES").isNotNegative();
        return output.substring(notes);
    }

    /** The manifests rendered with the defaults and these `--set` values, checked and typed. */
    Rendered templateSetting(String... settings) {
        List<String> args = new ArrayList<>(List.of(templateArgs()));
        for (String setting : settings) {
            args.add("--set");
            args.add(setting);
        }
        return new Rendered(parse(helm.succeed(DIR, args.toArray(String[]::new))));
    }

    /** What `helm template` says when the values are rejected; fails the test if they are not. */
    String templateFailure(String... extraArgs) {
        List<String> args = new ArrayList<>(List.of(templateArgs()));
        args.addAll(List.of(extraArgs));
        ExternalTool.Result result = helm.run(DIR, args.toArray(String[]::new));
        assertThat(result.exitCode()).as("helm template %s", args).isNotZero();
        return result.stderr();
    }

    private static String[] templateArgs(String... valuesFiles) {
        return withValues(
                List.of("template", RELEASE, ".", "--namespace", "telemetry"), valuesFiles);
    }

    private static String[] withValues(List<String> args, String... valuesFiles) {
        List<String> all = new ArrayList<>(args);
        for (String file : valuesFiles) {
            all.add("--values");
            all.add(file);
        }
        return all.toArray(String[]::new);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> parse(String yaml) {
        List<Map<String, Object>> documents = new ArrayList<>();
        for (Object document : new Yaml(new LoaderOptions()).loadAll(yaml)) {
            if (document != null) {
                documents.add((Map<String, Object>) document);
            }
        }
        return documents;
    }

    /** Rendered manifests, each parsed and checked against its Kubernetes API type. */
    static final class Rendered {

        private final List<Map<String, Object>> raw;
        private final List<HasMetadata> typed = new ArrayList<>();

        Rendered(List<Map<String, Object>> raw) {
            this.raw = raw;
            raw.forEach(document -> typed.add(KubernetesSchema.validate(document)));
        }

        List<Map<String, Object>> raw() {
            return raw;
        }

        List<HasMetadata> all() {
            return typed;
        }

        <T extends HasMetadata> List<T> all(Class<T> type) {
            return typed.stream().filter(type::isInstance).map(type::cast).toList();
        }

        <T extends HasMetadata> T one(Class<T> type) {
            List<T> found = all(type);
            assertThat(found).as("rendered %s", type.getSimpleName()).hasSize(1);
            return found.get(0);
        }

        <T extends HasMetadata> T named(Class<T> type, String name) {
            return all(type).stream()
                    .filter(object -> object.getMetadata().getName().equals(name))
                    .findFirst()
                    .orElseThrow(
                            () ->
                                    new NoSuchElementException(
                                            "no " + type.getSimpleName() + " named " + name));
        }

        boolean has(Class<? extends HasMetadata> type, String name) {
            return all(type).stream()
                    .anyMatch(object -> object.getMetadata().getName().equals(name));
        }
    }
}
