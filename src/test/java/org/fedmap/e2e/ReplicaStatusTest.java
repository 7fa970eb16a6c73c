package org.fedmap.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.fedmap.ops.AdminAccess;
import org.fedmap.ops.Json;
import org.fedmap.ops.Status;
import org.fedmap.security.CertificateAuthority;
import org.fedmap.testsupport.Cli;
import org.fedmap.testsupport.Gateway11;
import org.fedmap.testsupport.SoapConnection;
import org.fedmap.testsupport.SoapTarget;
import org.fedmap.testsupport.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two servers on 127.0.0.1 and .2 replicating to each other: the admin API's status and {@code fedmap
 * status} show the link to the other as SYNCED with a measured lag, then UNREACHABLE and PURGED once the
 * other has stopped for longer than the fail-secure timeout.
 */
class ReplicaStatusTest {
    private static final String PASSWORD = "pair-password-0123456789";

    @TempDir
    Path dir;
    private final List<TestServer> servers = new ArrayList<>();
    private final int[] ports = new int[2];

    @AfterEach
    void stop() {
        servers.forEach(TestServer::close);
    }

    private static String address(int i) {
        return "127.0.0." + (i + 1);
    }

    private Path data(int i) {
        return dir.resolve("s" + (i + 1));
    }

    private void pair() {
        ok(Cli.fedmap("", "pki", "init-ca", "--data", data(0).toString()));
        for (int i = 0; i < 2; i++) {
            ports[i] = TestServer.freePort();
            if (i > 0) {
                try {
                    Files.createDirectories(data(i).resolve("pki"));
                    for (String f : List.of(CertificateAuthority.CA_CERTIFICATE, CertificateAuthority.CA_KEY,
                            CertificateAuthority.CA_KEY_PASSWORD)) {
                        Files.copy(data(0).resolve(f), data(i).resolve(f));
                    }
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
            ok(Cli.fedmap("", "pki", "server-cert", "--cn", "s" + (i + 1), "--san", "IP:" + address(i),
                    "--data", data(i).toString()));
        }
        for (int i = 0; i < 2; i++) {
            int j = 1 - i;
            ok(Cli.fedmap(PASSWORD + "\n", "replica", "add", "s" + (j + 1), "--url",
                    "https://" + address(j) + ":" + ports[j] + "/dana-ws/soap/dsifmap", "--hostname", address(j),
                    "--allow-ip", address(j), "--auth", "basic", "--user", "pair", "--password-stdin",
                    "--data", data(i).toString()));
        }
        for (int i = 0; i < 2; i++) {
            servers.add(TestServer.start(Map.of("server.bind", address(i), "server.port", Integer.toString(ports[i]),
                    "server.id", "s" + (i + 1), "failsecure.timeout", "5s"), data(i), false));
        }
        servers.get(1).addClient("gw2", TestServer.PASSWORD);
    }

    private static Cli.Run ok(Cli.Run r) {
        assertEquals(0, r.code(), r.toString());
        return r;
    }

    private static Status status(TestServer server) throws Exception {
        AdminAccess local = AdminAccess.read(server.dataDir()).orElseThrow();
        HttpClient http = HttpClient.newBuilder().sslContext(server.sslContext()).version(HttpClient.Version.HTTP_1_1)
                .build();
        String auth = "Basic " + Base64.getEncoder().encodeToString((local.user() + ":" + local.password())
                .getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(local.url() + "/api/status"))
                .header("Authorization", auth).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return Json.read(r.body(), Status.class);
    }

    /** The one replica s1 knows, once it is as {@code wanted}. */
    private Status.Replica awaitReplica(String what, Predicate<Status.Replica> wanted) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            List<Status.Replica> replicas = status(servers.get(0)).replicas();
            if (replicas.size() == 1 && wanted.test(replicas.get(0))) {
                return replicas.get(0);
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 30 s: " + what + "; status shows " + replicas);
            }
            Thread.sleep(100);
        }
    }

    @Test
    void statusShowsTheReplicaSyncedWithItsLagThenUnreachableAndPurgedWhenItStops() throws Exception {
        pair();
        Status.Replica synced = awaitReplica("s2 SYNCED", r -> r.state().equals("SYNCED"));
        assertEquals("s2", synced.name());
        assertEquals("s2", synced.serverId(), "the replica's own server id, from its answers");
        assertTrue(synced.appliedUpTo() >= 0, "the feed position: " + synced);
        assertEquals(-1, synced.lagMillis(), "no lag is claimed before a change came through the feed");

        SoapTarget there = user -> new SoapConnection(address(1), ports[1], servers.get(1).trustManagers(), user,
                TestServer.PASSWORD);
        try (Gateway11 gw = Gateway11.start(there, "gw2")) {
            gw.publish("<update>" + Gateway11.ar("gw2:sid1") + "<metadata><meta:capability><name>finance</name>"
                    + "</meta:capability></metadata></update>");
        }
        Status.Replica fed = awaitReplica("a lag measured from s2's change", r -> r.lagMillis() >= 0);
        assertEquals("SYNCED", fed.state());
        assertTrue(fed.appliedUpTo() > synced.appliedUpTo(), "the feed moved on: " + synced + " -> " + fed);

        Cli.Run text = ok(Cli.fedmap("", "status", "--data", data(0).toString()));
        assertTrue(text.out().lines().anyMatch(l -> l.startsWith("replica") && l.contains("s2 (server id s2) SYNCED")
                && l.contains(" ms")), text.out());

        servers.get(1).server().close();
        Status.Replica down = awaitReplica("s2 UNREACHABLE", r -> r.state().equals("UNREACHABLE"));
        assertTrue(!down.lastError().isEmpty(), "why it is unreachable: " + down);
        Status.Replica purged = awaitReplica("s2 PURGED after the fail-secure timeout", r -> r.state().equals("PURGED"));
        assertTrue(purged.lastContactAgeMillis() >= 5_000, "silent for the fail-secure timeout: " + purged);
    }
}
