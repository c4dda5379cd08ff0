package io.dtlsingest.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.dtlsingest.deploy.DockerfileModel.Instruction;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Verifies, after `mvn package`, that the Dockerfile's build stage works on the jar Maven built:
 * its jar glob matches exactly that jar, its extraction command runs, the layer folders it copies
 * exist, and the entry point it starts runs the application from the copied layout. This is the
 * image build without a Docker engine: the same commands on the same files.
 */
class DockerImageLayoutIT {

    private static final Pattern COPY_FROM_BUILD =
            Pattern.compile("--from=build /build/(\\S+?)/? \\./");

    private final DockerfileModel dockerfile = DockerfileModel.read();

    @TempDir Path build;

    @Test
    @Timeout(180)
    void theImageLayoutBuiltFromThePackagedJarStartsTheApplication() throws Exception {
        Path jar = packagedJar(DockerfileTest.jarCopy(dockerfile));
        Files.copy(jar, build.resolve("app.jar"));

        Result extract = run(build, extractCommand(), List.of());
        assertThat(extract.exitCode()).as(extract.output()).isZero();

        Path app = build.resolve("app");
        for (String layer : copiedLayers()) {
            Path source = build.resolve(layer);
            assertThat(source).as("layer %s", layer).isDirectory();
            copyTree(source, app);
        }
        List<String> entrypoint = entrypoint();
        assertThat(entrypoint).first().isEqualTo("java");
        String mainClass = entrypoint.get(entrypoint.size() - 1);
        assertThat(app.resolve(mainClass.replace('.', '/') + ".class")).isRegularFile();
        assertThat(app.resolve("BOOT-INF/classes/io/dtlsingest/DtlsIngestApplication.class"))
                .isRegularFile();

        // Started without its required settings, the application must get as far as Spring Boot's
        // own start-up failure report: the launcher found the classes and libraries it needs.
        Result started = run(app, entrypoint, List.of("-XX:TieredStopAtLevel=1"));
        assertThat(started.output())
                .contains("Starting DtlsIngestApplication")
                .contains("APPLICATION FAILED TO START");
        assertThat(started.exitCode()).isNotZero();
    }

    private static Path packagedJar(String glob) throws IOException {
        Path dir = HelmChart.PROJECT.resolve(glob).getParent();
        List<Path> jars = new ArrayList<>();
        try (DirectoryStream<Path> matches =
                Files.newDirectoryStream(dir, Path.of(glob).getFileName().toString())) {
            matches.forEach(jars::add);
        }
        assertThat(jars).as("jars matching %s after mvn package", glob).hasSize(1);
        return jars.get(0);
    }

    private List<String> extractCommand() {
        for (Instruction run : dockerfile.inStage(0, "RUN")) {
            Matcher extract =
                    Pattern.compile("java -Djarmode=tools -jar app\\.jar extract .*")
                            .matcher(run.arguments());
            if (extract.find()) {
                return List.of(extract.group().split("\\s+"));
            }
        }
        throw new AssertionError("the build stage does not extract the jar's layers");
    }

    private List<String> copiedLayers() {
        List<String> layers = new ArrayList<>();
        for (Instruction copy : dockerfile.inStage(dockerfile.lastStage(), "COPY")) {
            Matcher matcher = COPY_FROM_BUILD.matcher(copy.arguments());
            assertThat(matcher.find()).as("COPY %s", copy.arguments()).isTrue();
            layers.add(matcher.group(1));
        }
        assertThat(layers).hasSize(4);
        return layers;
    }

    private List<String> entrypoint() {
        String json = dockerfile.runtime("ENTRYPOINT");
        List<String> parts = new ArrayList<>();
        Matcher quoted = Pattern.compile("\"([^\"]*)\"").matcher(json);
        while (quoted.find()) {
            parts.add(quoted.group(1));
        }
        return parts;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static Result run(Path dir, List<String> command, List<String> jvmOptions)
            throws Exception {
        List<String> full = new ArrayList<>();
        full.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        full.addAll(jvmOptions);
        full.addAll(command.subList(1, command.size()));
        ProcessBuilder builder = new ProcessBuilder(full).directory(dir.toFile());
        builder.redirectErrorStream(true);
        // Ports 0 keep a stray start from taking the service's real ports on this machine.
        builder.environment()
                .keySet()
                .removeIf(name -> name.startsWith("INGEST_") || name.startsWith("SPRING_"));
        builder.environment().put("SERVER_PORT", "0");
        builder.environment().put("MANAGEMENT_SERVER_PORT", "0");
        builder.environment().put("INGEST_DTLS_PORT", "0");
        Process process = builder.start();
        process.getOutputStream().close();
        byte[] output = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), new String(output));
    }

    private record Result(int exitCode, String output) {}
}
