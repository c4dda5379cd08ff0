package io.dtlsingest.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU time used by the processes of the run, from {@code /proc/<pid>/stat}: the load generator
 * itself, the server under test, the run's PostgreSQL (the postmaster listening on its port and the
 * backends it forked) and everything else on the machine (the rest of {@code /proc/stat}). Read
 * before and after an interval, it shows who used the cores.
 */
final class CpuShare {

    private static final double TICKS_PER_SECOND = 100.0;

    private final long serverPid;
    private final int postgresPort;
    private Map<String, Long> start;
    private long startNanos;

    CpuShare(long serverPid, int postgresPort) {
        this.serverPid = serverPid;
        this.postgresPort = postgresPort;
    }

    void start() {
        start = ticks();
        startNanos = System.nanoTime();
    }

    /** Cores used by each process group since {@link #start()}, for example 0.8 of a core. */
    Map<String, Double> coresUsed() {
        Map<String, Long> end = ticks();
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        Map<String, Double> cores = new LinkedHashMap<>();
        end.forEach(
                (group, ticks) ->
                        cores.put(
                                group,
                                Stats.round(
                                        (ticks - start.getOrDefault(group, 0L))
                                                / TICKS_PER_SECOND
                                                / seconds)));
        return cores;
    }

    private Map<String, Long> ticks() {
        Map<String, Long> ticks = new LinkedHashMap<>();
        long loadGenerator = processTicks(ProcessHandle.current().pid());
        long server = processTicks(serverPid);
        long postgres = postgresTicks();
        long all = machineTicks();
        ticks.put("loadGenerator", loadGenerator);
        ticks.put("server", server);
        ticks.put("postgres", postgres);
        ticks.put("otherProcesses", Math.max(0, all - loadGenerator - server - postgres));
        return ticks;
    }

    private static long processTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // Fields after the command name, which is in parentheses and may hold spaces.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private long postgresTicks() {
        try (Stream<Path> list = Files.list(Path.of("/proc"))) {
            List<Long> pids =
                    list.map(p -> p.getFileName().toString())
                            .filter(name -> name.chars().allMatch(Character::isDigit))
                            .map(Long::parseLong)
                            .toList();
            long postmaster = -1;
            for (long pid : pids) {
                if (isPostmasterOnPort(pid)) {
                    postmaster = pid;
                }
            }
            long total = 0;
            for (long pid : pids) {
                if (pid == postmaster || (postmaster > 0 && parentOf(pid) == postmaster)) {
                    total += processTicks(pid);
                }
            }
            return total;
        } catch (IOException e) {
            return 0;
        }
    }

    private boolean isPostmasterOnPort(long pid) {
        try {
            String cmdline = Files.readString(Path.of("/proc", Long.toString(pid), "cmdline"));
            String[] words = cmdline.split("[\\u0000 ]");
            for (int i = 0; i + 1 < words.length; i++) {
                if (words[i].equals("-p") && words[i + 1].equals(Integer.toString(postgresPort))) {
                    return words[0].endsWith("postgres");
                }
            }
            return false;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static long parentOf(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[1]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Busy ticks of all cores (user, nice, system, irq, softirq) from /proc/stat. */
    private static long machineTicks() {
        try {
            String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            return Long.parseLong(cpu[1])
                    + Long.parseLong(cpu[2])
                    + Long.parseLong(cpu[3])
                    + Long.parseLong(cpu[6])
                    + Long.parseLong(cpu[7]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
