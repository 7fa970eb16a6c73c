package org.fedmap.ops.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.fedmap.testsupport.Files2;
import org.junit.jupiter.api.Test;

/** The files the trace and the client messages go to: opened at the first entry, rolled, kept private. */
class RollingLogFileTest {

    @Test
    void nothingIsCreatedUntilTheFirstEntryAndARolledFileLosesNoEntry() throws IOException {
        Path dir = Files.createTempDirectory("fedmap-rolling");
        try {
            Path file = dir.resolve("logs").resolve("test-trace.log");
            RollingLogFile log = new RollingLogFile(file, new LogFileLimits(4096, 7, 1 << 20));
            assertFalse(Files.exists(file), "no entry, no file");
            String entry = "x".repeat(199) + "\n";
            for (int i = 0; i < 60; i++) {
                log.write(String.format("%03d", i) + entry);
                if (i % 10 == 9) {
                    log.flush();
                }
            }
            log.close();

            // rolled files are compressed by logback's own thread: give it a moment to finish
            long until = System.nanoTime() + 10_000_000_000L;
            String[] lines = entries(file);
            while (lines == null && System.nanoTime() < until) {
                sleep(50);
                lines = entries(file);
            }
            assertTrue(lines != null, "12 kB in files of 4 kB rolls, into compressed files");
            assertEquals(60, lines.length);
            for (int i = 0; i < 60; i++) {
                assertTrue(lines[i].startsWith(String.format("%03d", i)), "entry " + i + " in order: " + lines[i]);
            }
            if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
                assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(file),
                        "the active file after a roll");
            }
        } finally {
            Files2.deleteTree(dir);
        }
    }

    /** Every entry, rolled files first, once at least one rolled file is complete; else null. */
    private static String[] entries(Path file) throws IOException {
        List<Path> rolled;
        try (Stream<Path> files = Files.list(file.getParent())) {
            rolled = files.filter(p -> p.getFileName().toString().matches("test-trace\\.\\d{4}-\\d\\d-\\d\\d\\.\\d+\\.log\\.gz"))
                    .sorted((a, b) -> Integer.compare(index(a), index(b))).toList();
        }
        if (rolled.isEmpty()) {
            return null;
        }
        StringBuilder all = new StringBuilder();
        try {
            for (Path p : rolled) {
                all.append(gunzip(p));
            }
        } catch (java.io.EOFException | java.util.zip.ZipException e) {
            return null; // still being written
        }
        all.append(Files.readString(file, StandardCharsets.UTF_8));
        String[] lines = all.toString().split("\n");
        return lines.length == 60 ? lines : null;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int index(Path rolled) {
        String n = rolled.getFileName().toString();
        return Integer.parseInt(n.substring(n.lastIndexOf('.', n.length() - 8) + 1, n.length() - 7));
    }

    private static String gunzip(Path p) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(p))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toString(StandardCharsets.UTF_8);
        }
    }
}
