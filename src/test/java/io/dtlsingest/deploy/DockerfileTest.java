package io.dtlsingest.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.dtlsingest.deploy.DockerfileModel.Instruction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Verifies the Dockerfile as far as it can be checked without a Docker engine: its images, its
 * Maven build, what it copies, and how the container runs. DockerImageLayoutIT then runs its jar
 * extraction on the jar `mvn package` built.
 */
class DockerfileTest {

    private final DockerfileModel dockerfile = DockerfileModel.read();

    @Test
    void buildsInAMavenStageAndRunsOnAJre17WithPinnedOfficialImages() {
        List<Instruction> from = dockerfile.all("FROM");

        assertThat(from)
                .extracting(Instruction::arguments)
                .containsExactly("maven:3.9-eclipse-temurin-17 AS build", "eclipse-temurin:17-jre");
        for (Instruction image : from) {
            assertThat(image.arguments()).doesNotContain(":latest").matches("\\S+:\\S+.*");
        }
    }

    @Test
    void theBuildStageRunsTheSameMavenPackageAsTheReadme() throws Exception {
        List<String> runs =
                dockerfile.inStage(0, "RUN").stream().map(Instruction::arguments).toList();

        assertThat(runs).anySatisfy(run -> assertThat(run).endsWith("mvn -B package -DskipTests"));
        assertThat(Files.readString(HelmChart.PROJECT.resolve("README.md")))
                .contains("mvn -B package")
                .contains("-DskipTests");
    }

    @Test
    void theBuildStageCopiesOnlyWhatExistsAndWhatDockerignoreLetsThrough() throws Exception {
        List<String> dockerignore =
                Files.readAllLines(HelmChart.PROJECT.resolve(".dockerignore")).stream()
                        .filter(line -> !line.isBlank() && !line.startsWith("#"))
                        .toList();

        for (Instruction copy : dockerfile.inStage(0, "COPY")) {
            String[] parts = copy.arguments().split("\\s+");
            for (int i = 0; i < parts.length - 1; i++) {
                Path source = HelmChart.PROJECT.resolve(parts[i]);
                assertThat(source).exists();
                assertThat(dockerignore).contains("!" + parts[i]);
            }
        }
        assertThat(dockerignore)
                .as("everything else, target/ included, stays out of the build context")
                .first()
                .isEqualTo("*");
    }

    @Test
    void theJarItCopiesIsTheArtifactThePomBuilds() throws Exception {
        String pom = Files.readString(HelmChart.PROJECT.resolve("pom.xml"));
        String artifactId =
                firstGroup(
                        pom,
                        "</parent>\\s*<groupId>[^<]+</groupId>\\s*"
                                + "<artifactId>([^<]+)</artifactId>");
        String packaging = firstGroup(pom, "<packaging>([^<]+)</packaging>", "jar");

        assertThat(packaging).isEqualTo("jar");
        assertThat(jarCopy(dockerfile)).isEqualTo("target/" + artifactId + "-*.jar");
    }

    @Test
    void theRuntimeRunsAsANumericNonRootUser() {
        String user = dockerfile.runtime("USER");

        assertThat(user).matches("[1-9][0-9]*:[1-9][0-9]*");
        assertThat(dockerfile.inStage(dockerfile.lastStage(), "RUN"))
                .anySatisfy(
                        run -> assertThat(run.arguments()).contains("--uid " + user.split(":")[0]));
    }

    @Test
    void exposesTheDtlsApiAndManagementPorts() {
        assertThat(dockerfile.runtime("EXPOSE").split("\\s+"))
                .containsExactlyInAnyOrder("5684/udp", "8080", "8081");
    }

    @Test
    void theHealthCheckAsksLivenessOnTheManagementPort() {
        assertThat(dockerfile.runtime("HEALTHCHECK"))
                .contains("/dev/tcp/127.0.0.1/8081")
                .contains("GET /actuator/health/liveness");
    }

    @Test
    void theHeapFollowsTheContainerMemoryLimit() {
        assertThat(dockerfile.runtime("ENV"))
                .containsPattern("-XX:MaxRAMPercentage=\\d+")
                .contains("-XX:+ExitOnOutOfMemoryError")
                .doesNotContain("-Xmx");
    }

    @Test
    void javaRunsAsProcessOneSoThatSigtermStartsTheGracefulStop() {
        assertThat(dockerfile.runtime("ENTRYPOINT")).startsWith("[\"java\",");
    }

    @Test
    void continuedLinesAndCommentsAreReadAsOneInstruction() {
        DockerfileModel parsed =
                DockerfileModel.parse(
                        List.of(
                                "FROM a:1 AS build",
                                "# a comment",
                                "RUN one \\",
                                "    two",
                                "FROM b:2",
                                "USER 7:7"));

        assertThat(parsed.instructions())
                .containsExactly(
                        new Instruction(0, "FROM", "a:1 AS build"),
                        new Instruction(0, "RUN", "one two"),
                        new Instruction(1, "FROM", "b:2"),
                        new Instruction(1, "USER", "7:7"));
    }

    /** The jar path the build stage copies into the extraction, as written in the Dockerfile. */
    static String jarCopy(DockerfileModel dockerfile) {
        for (Instruction run : dockerfile.inStage(0, "RUN")) {
            Matcher cp = Pattern.compile("cp (\\S+\\.jar) app\\.jar").matcher(run.arguments());
            if (cp.find()) {
                return cp.group(1);
            }
        }
        throw new AssertionError("the build stage copies no jar to app.jar");
    }

    private static String firstGroup(String text, String regex, String... fallback) {
        Matcher matcher = Pattern.compile(regex).matcher(text);
        if (matcher.find()) {
            return matcher.group(1);
        }
        if (fallback.length > 0) {
            return fallback[0];
        }
        throw new AssertionError("no match for " + regex);
    }
}
