package io.dtlsingest.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.DatagramSocket;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A JVM started by the benchmark: the service or the echo server, logging to a file. */
final class ChildProcess implements AutoCloseable {

    private static final Pattern HISTOGRAM_TOTAL = Pattern.compile("^Total\\s+\\d+\\s+(\\d+)");

    private final String name;
    private final Process process;

    private ChildProcess(String name, Process process) {
        this.name = name;
        this.process = process;
    }

    static ChildProcess start(String name, List<String> command, Map<String, String> env, Path log)
            throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(env);
        builder.redirectErrorStream(true);
        builder.redirectOutput(log.toFile());
        return new ChildProcess(name, builder.start());
    }

    static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** A TCP port that was free a moment ago. */
    static int freeTcpPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** A UDP port that was free a moment ago. */
    static int freeUdpPort() throws IOException {
        try (DatagramSocket socket = new DatagramSocket(0)) {
            return socket.getLocalPort();
        }
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Live heap in bytes: {@code jcmd GC.class_histogram} collects garbage first and then sums the
     * sizes of all objects still reachable.
     */
    long liveHeapBytes() throws IOException, InterruptedException {
        Process jcmd =
                new ProcessBuilder("jcmd", Long.toString(pid()), "GC.class_histogram")
                        .redirectErrorStream(true)
                        .start();
        long total = -1;
        try (BufferedReader lines =
                new BufferedReader(
                        new InputStreamReader(jcmd.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                Matcher matcher = HISTOGRAM_TOTAL.matcher(line.trim());
                if (matcher.find()) {
                    total = Long.parseLong(matcher.group(1));
                }
            }
        }
        if (!jcmd.waitFor(60, TimeUnit.SECONDS) || total < 0) {
            throw new IOException("jcmd GC.class_histogram gave no total for " + name);
        }
        return total;
    }

    /** Runs a jcmd command against the process, for example to start or dump a recording. */
    void jcmd(String... arguments) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>();
        command.add("jcmd");
        command.add(Long.toString(pid()));
        command.addAll(List.of(arguments));
        Process jcmd =
                new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .start();
        jcmd.waitFor(60, TimeUnit.SECONDS);
    }

    /** Stops the process gracefully (SIGTERM), forcibly after {@code graceSeconds}. */
    void stop(int graceSeconds) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(graceSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            try {
                stop(30);
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
