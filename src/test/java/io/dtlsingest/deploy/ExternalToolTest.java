package io.dtlsingest.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Verifies that a missing tool fails the deployment checks with the way to install it. */
class ExternalToolTest {

    @Test
    void aMissingHelmFailsSayingHowToInstallIt(@TempDir Path dir) {
        assertThatThrownBy(() -> ExternalTool.helmAt(dir.resolve("helm")))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("helm 4 is not installed at " + dir.resolve("helm"))
                .hasMessageContaining("bash .ci/install-tools");
    }

    @Test
    void aMissingDockerComposeFailsSayingHowToInstallIt(@TempDir Path dir) {
        assertThatThrownBy(() -> ExternalTool.dockerComposeOn(dir.toString()))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("docker-compose is not on the PATH")
                .hasMessageContaining("apt-get install docker-compose");
    }

    @Test
    void theInstalledHelmIsHelm4() {
        ExternalTool helm = ExternalTool.helm();

        assertThat(helm.succeed(Path.of("."), "version", "--short")).startsWith("v4.");
    }
}
