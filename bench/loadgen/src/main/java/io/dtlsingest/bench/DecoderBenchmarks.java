package io.dtlsingest.bench;

import io.dtlsingest.bench.jmh.DecoderBenchmark;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs the JMH decoder benchmark in a forked JVM, once everything else has stopped, and reads its
 * JSON result: ops/s of each decoder as the median over the measurement iterations, with min and
 * max.
 */
final class DecoderBenchmarks {

    private DecoderBenchmarks() {}

    static Map<String, Stats> run(Path out, boolean quick) throws Exception {
        Path result = out.resolve("jmh.json");
        List<String> command =
                List.of(
                        ChildProcess.javaBinary(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        "org.openjdk.jmh.Main",
                        DecoderBenchmark.class.getName(),
                        "-f",
                        "1",
                        "-wi",
                        quick ? "1" : "3",
                        "-w",
                        quick ? "1s" : "2s",
                        "-i",
                        quick ? "3" : "5",
                        "-r",
                        quick ? "1s" : "3s",
                        "-rf",
                        "json",
                        "-rff",
                        result.toString());
        Process jmh =
                new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(out.resolve("jmh.log").toFile())
                        .start();
        if (!jmh.waitFor(10, TimeUnit.MINUTES) || jmh.exitValue() != 0) {
            jmh.destroyForcibly();
            throw new IllegalStateException("JMH failed; see " + out.resolve("jmh.log"));
        }

        Map<String, Stats> opsPerSecond = new LinkedHashMap<>();
        for (JsonNode benchmark : JsonMapper.builder().build().readTree(result.toFile())) {
            String name = benchmark.get("benchmark").asString();
            JsonNode raw = benchmark.get("primaryMetric").get("rawData").get(0);
            double[] iterations = new double[raw.size()];
            for (int i = 0; i < raw.size(); i++) {
                iterations[i] = raw.get(i).asDouble();
            }
            opsPerSecond.put(name.substring(name.lastIndexOf('.') + 1), Stats.of(iterations));
        }
        return opsPerSecond;
    }
}
