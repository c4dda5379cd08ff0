package io.dtlsingest.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The instructions of a Dockerfile, read without a Docker engine: comments dropped, continued lines
 * joined, each instruction tagged with the build stage it belongs to.
 */
record DockerfileModel(List<Instruction> instructions) {

    static final Path FILE = HelmChart.PROJECT.resolve("Dockerfile");

    /** One instruction: its stage (0 for the first FROM), keyword in upper case and arguments. */
    record Instruction(int stage, String keyword, String arguments) {}

    static DockerfileModel read() {
        try {
            return parse(Files.readAllLines(FILE));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static DockerfileModel parse(List<String> lines) {
        List<Instruction> instructions = new ArrayList<>();
        StringBuilder pending = new StringBuilder();
        int stage = -1;
        for (String line : lines) {
            String trimmed = line.strip();
            if (trimmed.startsWith("#") || (trimmed.isEmpty() && pending.isEmpty())) {
                continue;
            }
            if (trimmed.endsWith("\\")) {
                pending.append(trimmed.substring(0, trimmed.length() - 1).strip()).append(' ');
                continue;
            }
            pending.append(trimmed);
            String[] parts = pending.toString().strip().split("\\s+", 2);
            String keyword = parts[0].toUpperCase(Locale.ROOT);
            if (keyword.equals("FROM")) {
                stage++;
            }
            instructions.add(new Instruction(stage, keyword, parts.length > 1 ? parts[1] : ""));
            pending.setLength(0);
        }
        return new DockerfileModel(instructions);
    }

    List<Instruction> all(String keyword) {
        return instructions.stream().filter(i -> i.keyword().equals(keyword)).toList();
    }

    int lastStage() {
        return instructions.get(instructions.size() - 1).stage();
    }

    List<Instruction> inStage(int stage, String keyword) {
        return all(keyword).stream().filter(i -> i.stage() == stage).toList();
    }

    /** The one instruction of this keyword in the last (runtime) stage. */
    String runtime(String keyword) {
        List<Instruction> found = inStage(lastStage(), keyword);
        if (found.size() != 1) {
            throw new AssertionError("expected one " + keyword + " in the runtime stage: " + found);
        }
        return found.get(0).arguments();
    }
}
