package io.dtlsingest.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** Verifies that the offline schema check rejects what the Kubernetes API server would. */
class KubernetesSchemaTest {

    private static final String STATEFUL_SET =
            """
            apiVersion: apps/v1
            kind: StatefulSet
            metadata:
              name: demo
            spec:
              replicas: 2
              serviceName: demo
              selector:
                matchLabels: {app: demo}
              template:
                metadata:
                  labels: {app: demo}
                spec:
                  containers:
                    - name: demo
                      image: demo:1
                      ports:
                        - {name: dtls, containerPort: 5684, protocol: UDP}
                      lifecycle:
                        preStop:
                          sleep: {seconds: 5}
            """;

    @Test
    void aValidManifestBecomesItsApiType() {
        assertThat(KubernetesSchema.validate(parse(STATEFUL_SET)))
                .isInstanceOfSatisfying(
                        StatefulSet.class,
                        statefulSet ->
                                assertThat(statefulSet.getSpec().getReplicas()).isEqualTo(2));
    }

    @Test
    void aFieldTheApiDoesNotKnowIsRejectedWithItsPath() {
        String misspelt = STATEFUL_SET.replace("containerPort: 5684", "containerPrt: 5684");

        assertThatIllegalArgumentException()
                .isThrownBy(() -> KubernetesSchema.validate(parse(misspelt)))
                .withMessageContaining("StatefulSet demo")
                .withMessageContaining("containerPrt");
    }

    @Test
    void aStringWhereTheApiWantsANumberIsRejected() {
        String quoted = STATEFUL_SET.replace("replicas: 2", "replicas: \"2\"");

        assertThatIllegalArgumentException()
                .isThrownBy(() -> KubernetesSchema.validate(parse(quoted)))
                .withMessageContaining("StatefulSet demo");
    }

    @Test
    void aNumberWhereTheApiWantsAStringIsRejected() {
        String unquoted = STATEFUL_SET.replace("image: demo:1", "image: 17");

        assertThatIllegalArgumentException()
                .isThrownBy(() -> KubernetesSchema.validate(parse(unquoted)))
                .withMessageContaining("StatefulSet demo");
    }

    @Test
    void anUnknownKindIsRejected() {
        String ingress = STATEFUL_SET.replace("kind: StatefulSet", "kind: Statefulset");

        assertThatIllegalArgumentException()
                .isThrownBy(() -> KubernetesSchema.validate(parse(ingress)))
                .withMessageContaining("is not a known type");
    }

    private static Map<String, Object> parse(String yaml) {
        return new Yaml().load(yaml);
    }
}
