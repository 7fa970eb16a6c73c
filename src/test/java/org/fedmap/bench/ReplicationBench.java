package org.fedmap.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Recorder;
import org.fedmap.engine.Change;
import org.fedmap.engine.PublishBatch;
import org.fedmap.engine.PublishOperation;
import org.fedmap.model.AccessRequest;
import org.fedmap.model.Identity;
import org.fedmap.model.IpAddress;
import org.fedmap.model.Lifetime;
import org.fedmap.model.Link;
import org.fedmap.model.Metadata;
import org.fedmap.model.ProtocolVersion;
import org.fedmap.security.CertificateAuthority;
import org.fedmap.testsupport.Cli;
import org.fedmap.testsupport.Items;
import org.fedmap.testsupport.SoapConnection;
import org.fedmap.testsupport.TestServer;

/**
 * Replication between two in-process servers on 127.0.0.1 and 127.0.0.2 (basic replicas, certificates
 * from one CA): the lag from a publish at s1 to its arrival at s2 while gateways export sessions to s1
 * over HTTPS at a paced rate, and the time s2 takes to resync 100,000 sessions from s1. Not a test;
 * run it as
 *
 * <pre>
 * mvn -q -o test-compile dependency:build-classpath -Dmdep.outputFile=target/test.cp -Dmdep.includeScope=test
 * java -Xmx6g -cp target/test-classes:target/classes:$(cat target/test.cp) org.fedmap.bench.ReplicationBench [rate] [seconds] [sessions]
 * </pre>
 *
 * Lag is measured at s2 from its change feed: arrival time minus the item's timestamp at s1 (both in
 * one JVM, one clock).
 */
public final class ReplicationBench {
    private ReplicationBench() {
    }

    public static void main(String[] args) throws Exception {
        int rate = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        int sessions = args.length > 2 ? Integer.parseInt(args[2]) : 100_000;
        Path dir = Files.createTempDirectory("fedmap-replication-bench");
        int[] ports = {TestServer.freePort(), TestServer.freePort()};
        setUp(dir, ports);
        TestServer s1 = start(dir, ports, 0);
        TestServer s2 = start(dir, ports, 1);
        try {
            lag(s1, s2, ports, rate, seconds);
        } finally {
            s2.close();
        }
        resync(s1, dir, ports, sessions);
        s1.close();
    }

    private static void setUp(Path dir, int[] ports) throws Exception {
        ok(Cli.fedmap("", "pki", "init-ca", "--data", dir.resolve("s1").toString()));
        Files.createDirectories(dir.resolve("s2/pki"));
        for (String f : List.of(CertificateAuthority.CA_CERTIFICATE, CertificateAuthority.CA_KEY,
                CertificateAuthority.CA_KEY_PASSWORD)) {
            Files.copy(dir.resolve("s1").resolve(f), dir.resolve("s2").resolve(f));
        }
        for (int i = 0; i < 2; i++) {
            ok(Cli.fedmap("", "pki", "server-cert", "--cn", "s" + (i + 1), "--san", "IP:127.0.0." + (i + 1), "--data",
                    dir.resolve("s" + (i + 1)).toString()));
            int j = 1 - i;
            ok(Cli.fedmap("mesh-password-0123456789\n", "replica", "add", "s" + (j + 1), "--url",
                    "https://127.0.0." + (j + 1) + ":" + ports[j] + "/dana-ws/soap/dsifmap", "--hostname", "127.0.0." + (j + 1),
                    "--allow-ip", "127.0.0." + (j + 1), "--auth", "basic", "--user", "mesh", "--password-stdin",
                    "--data", dir.resolve("s" + (i + 1)).toString()));
        }
    }

    private static TestServer start(Path dir, int[] ports, int i) {
        return TestServer.start(Map.of("server.bind", "127.0.0." + (i + 1), "server.port", Integer.toString(ports[i]),
                "server.id", "s" + (i + 1), "http.max-threads", "64"), dir.resolve("s" + (i + 1)), false);
    }

    private static void ok(Cli.Run r) {
        if (r.code() != 0) {
            throw new IllegalStateException(r.toString());
        }
    }

    private static String envelope(String body) {
        return "<env:Envelope xmlns:env=\"http://www.w3.org/2003/05/soap-envelope\""
                + " xmlns:ifmap=\"http://www.trustedcomputinggroup.org/2010/IFMAP/2\""
                + " xmlns:meta=\"http://www.trustedcomputinggroup.org/2010/IFMAP-METADATA/2\"><env:Body>" + body
                + "</env:Body></env:Envelope>";
    }

    /** Gateways export sessions to s1 at {@code rate} a second; s2's feed says when each arrives. */
    private static void lag(TestServer s1, TestServer s2, int[] ports, int rate, int seconds) throws Exception {
        Recorder lag = new Recorder(3);
        AtomicBoolean measuring = new AtomicBoolean(false);
        AtomicLong arrived = new AtomicLong();
        s2.server().graph().feed().addListener(c -> {
            if (c.cause() != Change.Cause.REPLICATION || !measuring.get()) {
                return;
            }
            long now = System.currentTimeMillis();
            for (Change.PlaceChange p : c.places()) {
                for (Metadata m : p.added()) {
                    lag.recordValue(Math.max(0, now - m.timestamp()));
                    arrived.incrementAndGet();
                }
            }
        });
        int gateways = 16;
        List<Thread> threads = new ArrayList<>();
        AtomicBoolean stop = new AtomicBoolean(false);
        AtomicLong exported = new AtomicLong();
        long start = System.nanoTime();
        for (int g = 0; g < gateways; g++) {
            String name = "gw" + g;
            s1.addClient(name, TestServer.PASSWORD);
            int gw = g;
            Thread t = new Thread(() -> {
                SoapConnection c = new SoapConnection("127.0.0.1", ports[0], s1.trustManagers(), name, TestServer.PASSWORD);
                String text = c.post(envelope("<ifmap:newSession/>").getBytes(StandardCharsets.UTF_8),
                        SoapConnection.SOAP12, Map.of()).text();
                int at = text.indexOf("session-id=\"");
                String session = text.substring(at + 12, text.indexOf('"', at + 12));
                long n = 0;
                double perGateway = rate / (double) gateways;
                while (!stop.get()) {
                    long due = start + (long) (n / perGateway * 1e9);
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        try {
                            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                    String ar = "<access-request name=\"" + name + ":sid" + n + "\"/>";
                    String ip = "<ip-address value=\"10." + gw + "." + ((n / 250) % 250) + "." + (n % 250 + 1)
                            + "\" type=\"IPv4\"/>";
                    c.post(envelope("<ifmap:publish session-id=\"" + session + "\"><update lifetime=\"forever\">" + ar
                            + ip + "<metadata><meta:access-request-ip ifmap-cardinality=\"singleValue\"/></metadata>"
                            + "</update><update lifetime=\"forever\">" + ar + "<metadata><meta:capability"
                            + " ifmap-cardinality=\"multiValue\"><name>engineering</name></meta:capability></metadata>"
                            + "</update></ifmap:publish>").getBytes(StandardCharsets.UTF_8), SoapConnection.SOAP12, Map.of());
                    exported.incrementAndGet();
                    n++;
                }
            }, "export-" + g);
            threads.add(t);
            t.start();
        }
        Thread.sleep(seconds * 1000L / 3);
        measuring.set(true);
        lag.getIntervalHistogram();
        long e0 = exported.get();
        long t0 = System.nanoTime();
        Thread.sleep(seconds * 2000L / 3);
        var h = lag.getIntervalHistogram();
        double elapsed = (System.nanoTime() - t0) / 1e9;
        long e1 = exported.get();
        measuring.set(false);
        stop.set(true);
        for (Thread t : threads) {
            t.join(10_000);
        }
        System.out.printf("lag: %.0f session exports/s at s1 (asked %d), %d items arrived at s2 in %.1f s;"
                + " lag p50 %d ms, p99 %d ms, max %d ms%n", (e1 - e0) / elapsed, rate, h.getTotalCount(), elapsed,
                h.getValueAtPercentile(50), h.getValueAtPercentile(99), h.getMaxValue());
    }

    /** s1 holds {@code sessions} more sessions; s2 starts empty and takes them all from s1. */
    private static void resync(TestServer s1, Path dir, int[] ports, int sessions) throws Exception {
        var graph = s1.server().graph();
        for (int n = 0; n < sessions; n++) {
            AccessRequest ar = new AccessRequest("bulk:sid" + n, "");
            graph.publish(new PublishBatch("gw0", "bulk", ProtocolVersion.IFMAP_2, List.of(
                    new PublishOperation.Update(new Link(ar, IpAddress.v4("10.200." + (n / 250 % 250) + "." + (n % 250 + 1))),
                            List.of(Items.accessRequestIp()), Lifetime.FOREVER),
                    new PublishOperation.Update(new Link(ar, Identity.of(Identity.Type.USERNAME, "user" + n)),
                            List.of(Items.authenticatedAs(), Items.role("Users")), Lifetime.FOREVER),
                    new PublishOperation.Update(ar, List.of(Items.capability("engineering")), Lifetime.FOREVER))));
        }
        long expected = graph.stats().metadata();
        // s2 starts afresh: its store is emptied so that everything comes from the snapshot
        Path s2 = dir.resolve("s2");
        Path fresh = dir.resolve("s2-fresh");
        Files.createDirectories(fresh);
        for (String keep : List.of("pki", "tls", "replication")) {
            copyTree(s2.resolve(keep), fresh.resolve(keep));
        }
        ok(Cli.fedmap("mesh-password-0123456789\n", "replica", "add", "s1", "--url",
                "https://127.0.0.1:" + ports[0] + "/dana-ws/soap/dsifmap", "--hostname", "127.0.0.1",
                "--allow-ip", "127.0.0.1", "--auth", "basic", "--user", "mesh", "--password-stdin", "--data",
                fresh.toString()));
        long t0 = System.nanoTime();
        TestServer s2again = TestServer.start(Map.of("server.bind", "127.0.0.2", "server.port", Integer.toString(ports[1]),
                "server.id", "s2"), fresh, false);
        try {
            while (s2again.server().graph().stats().metadata() < expected) {
                Thread.sleep(20);
            }
            System.out.printf("resync: %d sessions (%d items) from s1 to a fresh s2 in %.1f s (start of s2 included)%n",
                    sessions, expected, (System.nanoTime() - t0) / 1e9);
        } finally {
            s2again.close();
        }
    }

    private static void copyTree(Path from, Path to) throws java.io.IOException {
        if (!Files.exists(from)) {
            return;
        }
        try (var walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }
}
