package io.dtlsingest.deploy;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A command-line tool the deployment checks run: helm or docker-compose. A missing tool fails the
 * test that needs it, saying how to install it; it never skips the test.
 */
final class ExternalTool {

    private static final String INSTALL_HINT =
            "run `bash .ci/install-tools` as root, which installs openssl, docker-compose and helm";
    private static final long TIMEOUT_SECONDS = 120;

    private final Path executable;

    private ExternalTool(Path executable) {
        this.executable = executable;
    }

    /**
     * Helm 4, from the environment variable HELM or else where .ci/install-tools puts it. Another
     * major version fails: the chart and its checks are made for Helm 4.
     */
    static ExternalTool helm() {
        String configured = System.getenv("HELM");
        return helmAt(Path.of(configured != null ? configured : "/usr/local/bin/helm"));
    }

    /** Helm 4 at this path; fails the test, saying how to install it, when it is not there. */
    static ExternalTool helmAt(Path helm) {
        if (!Files.isExecutable(helm)) {
            fail(
                    "helm 4 is not installed at %s: %s, or set HELM to a Helm 4 binary",
                    helm, INSTALL_HINT);
        }
        ExternalTool tool = new ExternalTool(helm);
        String version = tool.run(Path.of("."), "version", "--short").stdout().strip();
        if (!version.startsWith("v4.")) {
            fail("%s is helm %s, not helm 4: %s", helm, version, INSTALL_HINT);
        }
        return tool;
    }

    /** docker-compose from the PATH (the Debian package `docker-compose`). */
    static ExternalTool dockerCompose() {
        return dockerComposeOn(System.getenv().getOrDefault("PATH", ""));
    }

    /** docker-compose from this search path; fails the test, saying how to install it. */
    static ExternalTool dockerComposeOn(String path) {
        for (String dir : path.split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, "docker-compose");
            if (!dir.isEmpty() && Files.isExecutable(candidate)) {
                return new ExternalTool(candidate);
            }
        }
        return fail(
                "docker-compose is not on the PATH: %s, or `apt-get install docker-compose`",
                INSTALL_HINT);
    }

    /** Runs the tool in {@code dir} and returns what it printed and its exit code. */
    Result run(Path dir, String... args) {
        List<String> command = new ArrayList<>();
        command.add(executable.toString());
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).directory(dir.toFile()).start();
            process.getOutputStream().close();
            CompletableFuture<String> stdout = readAsync(process.getInputStream());
            CompletableFuture<String> stderr = readAsync(process.getErrorStream());
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return fail("%s did not finish within %d s", command, TIMEOUT_SECONDS);
            }
            return new Result(command, process.exitValue(), stdout.join(), stderr.join());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command, e);
        }
    }

    /** Runs the tool and fails the test, showing its output, unless it exits with 0. */
    String succeed(Path dir, String... args) {
        Result result = run(dir, args);
        if (result.exitCode() != 0) {
            fail(
                    "%s exited with %d:%n%s%n%s",
                    result.command(), result.exitCode(), result.stdout(), result.stderr());
        }
        return result.stdout();
    }

    private static CompletableFuture<String> readAsync(InputStream in) {
        return CompletableFuture.supplyAsync(
                () -> {
                    try (in) {
                        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
    }

    /** What a run of the tool printed, and how it ended. */
    record Result(List<String> command, int exitCode, String stdout, String stderr) {}
}
