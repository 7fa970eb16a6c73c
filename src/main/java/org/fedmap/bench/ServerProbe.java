package org.fedmap.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * OS-level figures of the server process from /proc (Linux): resident memory, threads and CPU
 * time. The server has no metrics endpoint; these stand in for heap and thread figures.
 */
final class ServerProbe {
    /** Linux reports /proc/PID/stat times in clock ticks, 100 a second on every common kernel. */
    static final double TICKS_PER_SECOND = 100.0;

    record Sample(long pid, long rssKb, long threads, double cpuSeconds, long nanoTime) {
    }

    private ServerProbe() {
    }

    /** A sample of {@code pid}, or null when no pid is given or /proc cannot be read. */
    static Sample sample(Long pid) {
        if (pid == null) {
            return null;
        }
        try {
            long rss = -1;
            long threads = -1;
            for (String line : Files.readAllLines(Path.of("/proc", pid.toString(), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    rss = Long.parseLong(line.replaceAll("[^0-9]", ""));
                } else if (line.startsWith("Threads:")) {
                    threads = Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
            String stat = Files.readString(Path.of("/proc", pid.toString(), "stat"));
            // fields after the command name in parentheses: state is field 3, utime 14, stime 15
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
            double cpu = (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND;
            return new Sample(pid, rss, threads, cpu, System.nanoTime());
        } catch (IOException | RuntimeException e) {
            return new Sample(pid, -1, -1, -1, System.nanoTime());
        }
    }
}
