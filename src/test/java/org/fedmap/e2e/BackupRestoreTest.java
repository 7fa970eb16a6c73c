package org.fedmap.e2e;

import static org.fedmap.testsupport.Soap.errorCode;
import static org.fedmap.testsupport.Soap.v2;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.fedmap.model.Metadata;
import org.fedmap.model.Target;
import org.fedmap.testsupport.Cli;
import org.fedmap.testsupport.Files2;
import org.fedmap.testsupport.Soap;
import org.fedmap.testsupport.SoapConnection;
import org.fedmap.testsupport.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code fedmap backup} of a serving server, under publish load, and {@code fedmap restore} into a
 * new data directory that a second server then serves: the copy is one committed state (every
 * publisher's items a gap-free prefix, no publish half there), a quiet copy restores to the very same
 * graph, keys travel only on request, and restore refuses what it must not touch.
 */
class BackupRestoreTest {
    private Path work;

    @BeforeEach
    void makeDirs() throws Exception {
        work = Files.createTempDirectory("fedmap-backup-test");
    }

    @AfterEach
    void removeDirs() {
        Files2.deleteTree(work);
    }

    private static String pair(String writer, long n) {
        return "<update lifetime=\"forever\"><access-request name=\"" + writer + "-a-" + n + "\"/><metadata>"
                + "<meta:capability ifmap-cardinality=\"multiValue\"><name>x</name></meta:capability></metadata></update>"
                + "<update lifetime=\"forever\"><access-request name=\"" + writer + "-b-" + n + "\"/><metadata>"
                + "<meta:capability ifmap-cardinality=\"multiValue\"><name>x</name></meta:capability></metadata></update>";
    }

    private static Cli.Run ok(Cli.Run run) {
        assertEquals(0, run.code(), run.toString());
        return run;
    }

    @Test
    void aBackupUnderLoadIsOneCommittedStateAndAQuietOneRestoresTheSameGraph() throws Exception {
        Path data = work.resolve("primary");
        Path standby = work.resolve("standby");
        Path underLoad = work.resolve("under-load.zip");
        Path quiet = work.resolve("quiet.zip");
        String liveDigest;
        try (TestServer primary = TestServer.start(Map.of(), data, false)) {
            primary.addClient("alice", TestServer.PASSWORD);
            AtomicBoolean stop = new AtomicBoolean();
            Map<String, Long> published = new ConcurrentHashMap<>();
            List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
            List<Thread> writers = new ArrayList<>();
            for (int w = 0; w < 3; w++) {
                String writer = "w" + w;
                // one client, a session per source address, as the nodes of a gateway cluster
                String address = "127.0.0." + (w + 1);
                Thread t = new Thread(() -> {
                    try (SoapConnection c = SoapConnection.from(primary, address, "alice")) {
                        String sid = Soap.newSession(c);
                        for (long n = 1; !stop.get(); n++) {
                            byte[] answer = c.post(v2("<ifmap:publish session-id=\"" + sid + "\">" + pair(writer, n)
                                    + "</ifmap:publish>")).body();
                            if (!errorCode(answer).isEmpty()) {
                                throw new AssertionError(new String(answer, StandardCharsets.UTF_8));
                            }
                            published.put(writer, n);
                        }
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                });
                writers.add(t);
                t.start();
                Thread.sleep(50);
            }
            Thread.sleep(1000);
            Cli.Run backup = ok(Cli.fedmap("", "backup", "--data", data.toString(), "--out", underLoad.toString()));
            assertTrue(backup.out().contains("without keys"), backup.out());
            Thread.sleep(300);
            stop.set(true);
            for (Thread t : writers) {
                t.join(20_000);
            }
            assertEquals(List.of(), failures, "a publish failed while the backup ran");
            assertEquals(3, published.size(), "every writer published");
            ok(Cli.fedmap("", "backup", "--data", data.toString(), "--out", quiet.toString()));
            liveDigest = digest(primary.server().graph().snapshot());
        }

        Cli.Run restored = ok(Cli.fedmap("", "restore", "--data", standby.toString(), "--in", underLoad.toString()));
        // alice, and the first client the primary made at its first start
        assertTrue(restored.out().contains("2 client(s)"), restored.out());
        try (TestServer second = TestServer.start(Map.of(), standby, false)) {
            Map<String, TreeSet<Long>> a = new java.util.TreeMap<>();
            Map<String, TreeSet<Long>> b = new java.util.TreeMap<>();
            for (Target t : second.server().graph().snapshot().keySet()) {
                String name = t.toString().replaceAll(".*name=([^,\\]]*).*", "$1");
                String[] parts = name.split("-");
                (parts[1].equals("a") ? a : b).computeIfAbsent(parts[0], k -> new TreeSet<>()).add(Long.parseLong(parts[2]));
            }
            assertEquals(a, b, "no publish is half in the backup");
            assertFalse(a.isEmpty(), "the backup taken under load holds what was published before it");
            for (Map.Entry<String, TreeSet<Long>> e : a.entrySet()) {
                assertEquals(e.getValue().size(), e.getValue().last(), e.getKey() + "'s publishes are not a gap-free prefix");
            }
            // the server serving the restored data answers as the primary did, for the same client
            try (SoapConnection alice = second.connect("alice")) {
                String sid = Soap.newSession(alice);
                assertEquals("x", Soap.xpath(alice.post(v2("<ifmap:search session-id=\"" + sid + "\">"
                        + "<access-request name=\"w0-a-1\"/></ifmap:search>")).body(), "//meta:capability/name"));
            }
        }

        Path third = work.resolve("third");
        ok(Cli.fedmap("", "restore", "--data", third.toString(), "--in", quiet.toString()));
        try (TestServer again = TestServer.start(Map.of(), third, false)) {
            assertEquals(liveDigest, digest(again.server().graph().snapshot()), "the quiet backup is the same graph");
        }
    }

    /** SHA-256 over every target and its items (publisher, time, content) in a fixed order. */
    private static String digest(Map<Target, List<Metadata>> graph) throws Exception {
        List<String> lines = new ArrayList<>();
        graph.forEach((t, items) -> {
            StringBuilder line = new StringBuilder(t.toString());
            for (Metadata m : items) {
                line.append('|').append(m.publisherId()).append('|').append(m.timestamp()).append('|').append(m.xml());
            }
            lines.add(line.toString());
        });
        lines.sort(null);
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        for (String l : lines) {
            sha.update(l.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) '\n');
        }
        return lines.size() + " targets, " + HexFormat.of().formatHex(sha.digest());
    }

    private static List<String> entries(Path zip) throws Exception {
        List<String> names = new ArrayList<>();
        try (ZipInputStream z = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry e = z.getNextEntry(); e != null; e = z.getNextEntry()) {
                names.add(e.getName());
            }
        }
        return names;
    }

    @Test
    void keysTravelOnlyWhenAskedAndTheFileIsTheOwnersAlone() throws Exception {
        Path data = work.resolve("primary");
        try (TestServer primary = TestServer.start(Map.of(), data, false)) {
            primary.addClient("alice", TestServer.PASSWORD);
            ok(Cli.fedmap("", "pki", "init-ca", "--data", data.toString()));
            ok(Cli.fedmap("", "backup", "--data", data.toString(), "--out", work.resolve("plain.zip").toString()));
            ok(Cli.fedmap("", "backup", "--data", data.toString(), "--out", work.resolve("keys.zip").toString(),
                    "--with-keys"));
        }
        assertTrue(entries(work.resolve("plain.zip")).stream().noneMatch(n -> n.startsWith("tls/") || n.startsWith("pki/")),
                entries(work.resolve("plain.zip")).toString());
        assertTrue(entries(work.resolve("keys.zip")).containsAll(List.of("tls/server.p12", "pki/ca-key.p12")),
                entries(work.resolve("keys.zip")).toString());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(work.resolve("keys.zip"))));

        Path standby = work.resolve("standby");
        Cli.Run noKeys = Cli.fedmap("", "restore", "--data", standby.toString(), "--in", work.resolve("plain.zip").toString(),
                "--with-keys");
        assertEquals(1, noKeys.code());
        assertTrue(noKeys.err().contains("holds no keys"), noKeys.err());
        assertFalse(Files.exists(standby.resolve("db").resolve("fedmap.script")), "a refused restore left a database");

        ok(Cli.fedmap("", "restore", "--data", standby.toString(), "--in", work.resolve("keys.zip").toString(),
                "--with-keys"));
        assertArrayEquals(Files.readAllBytes(data.resolve("tls").resolve("server.p12")),
                Files.readAllBytes(standby.resolve("tls").resolve("server.p12")));
        try (TestServer second = TestServer.start(Map.of(), standby, false)) {
            assertEquals(TestServer.class, second.getClass());
            try (SoapConnection alice = second.connect("alice")) {
                Soap.newSession(alice);
            }
        }
    }

    @Test
    void restoreRefusesWhatItMustNotTouchAndChangesNothing() throws Exception {
        Path data = work.resolve("primary");
        Path backup = work.resolve("b.zip");
        try (TestServer primary = TestServer.start(Map.of(), data, false)) {
            primary.addClient("alice", TestServer.PASSWORD);
            ok(Cli.fedmap("", "backup", "--data", data.toString(), "--out", backup.toString()));
            Cli.Run again = Cli.fedmap("", "backup", "--data", data.toString(), "--out", backup.toString());
            assertEquals(1, again.code());
            assertTrue(again.err().contains("already exists"), again.err());

            Cli.Run onRunning = Cli.fedmap("", "restore", "--data", data.toString(), "--in", backup.toString());
            assertEquals(1, onRunning.code());
            assertTrue(onRunning.err().contains("already holds a database"), onRunning.err());
            assertEquals(1, onRunning.err().lines().count(), onRunning.err());
            try (SoapConnection alice = primary.connect("alice")) {
                Soap.newSession(alice);
            }
        }

        Path garbage = work.resolve("garbage.zip");
        Files.write(garbage, new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        Path newer = work.resolve("newer.zip");
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(backup));
             ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(newer))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                byte[] bytes = in.readAllBytes();
                if (e.getName().equals("fedmap-backup.properties")) {
                    bytes = new String(bytes, StandardCharsets.UTF_8).replaceAll("layout=\\d+", "layout=999")
                            .getBytes(StandardCharsets.UTF_8);
                }
                out.putNextEntry(new ZipEntry(e.getName()));
                out.write(bytes);
                out.closeEntry();
            }
        }
        Path escaping = work.resolve("escaping.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(escaping))) {
            out.putNextEntry(new ZipEntry("fedmap-backup.properties"));
            out.write("format=1\nlayout=1\n".getBytes(StandardCharsets.UTF_8));
            out.putNextEntry(new ZipEntry("db/../../outside"));
            out.write(1);
        }
        String[][] cases = {{garbage.toString(), "is not a fedmap backup"}, {newer.toString(), "newer fedmap"},
                {escaping.toString(), "unexpected entry"}, {work.resolve("missing.zip").toString(), "no backup file"}};
        for (String[] c : cases) {
            Path target = work.resolve("target");
            Cli.Run run = Cli.fedmap("", "restore", "--data", target.toString(), "--in", c[0]);
            assertEquals(1, run.code(), run.toString());
            assertTrue(run.err().contains(c[1]), run.err());
            assertFalse(Files.exists(target.resolve("db").resolve("fedmap.script")), c[0]);
            assertFalse(Files.exists(work.resolve("outside")));
            try (InputStream ignored = Files.newInputStream(backup)) {
                assertTrue(Files.size(backup) > 0);
            }
        }
    }
}
