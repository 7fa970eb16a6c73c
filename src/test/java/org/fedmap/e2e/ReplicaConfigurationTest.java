package org.fedmap.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.fedmap.ops.AdminAccess;
import org.fedmap.ops.ConfiguredReplica;
import org.fedmap.ops.Json;
import org.fedmap.ops.Status;
import org.fedmap.server.Config;
import org.fedmap.server.ConfigException;
import org.fedmap.testsupport.Cli;
import org.fedmap.testsupport.ServerProcess;
import org.fedmap.testsupport.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replica configuration against the real server: {@code fedmap replica add/remove} seen by a running
 * server through {@code GET /api/replicas}, and the server id ({@code server.id}, or the one a server
 * makes on its first start and keeps). No replication is exercised: none is built yet.
 */
class ReplicaConfigurationTest {
    private static final String URL = "https://127.0.0.2:9443/dana-ws/soap/dsifmap";
    private static final String PASSWORD = "mesh-secret-42";
    /** Generous: how long the server may take to notice a change; only a bound, not a speed requirement. */
    private static final Duration NOTICE = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private static String admin(TestServer server, String path) throws Exception {
        AdminAccess local = AdminAccess.read(server.dataDir()).orElseThrow();
        HttpClient http = HttpClient.newBuilder().sslContext(server.sslContext()).version(HttpClient.Version.HTTP_1_1)
                .build();
        String auth = "Basic " + Base64.getEncoder().encodeToString((local.user() + ":" + local.password())
                .getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(local.url() + path))
                .header("Authorization", auth).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return r.body();
    }

    private static List<ConfiguredReplica> awaitReplicas(TestServer server, Predicate<List<ConfiguredReplica>> until)
            throws Exception {
        long deadline = System.nanoTime() + NOTICE.toNanos();
        while (true) {
            List<ConfiguredReplica> now = Json.readList(admin(server, "/api/replicas"), ConfiguredReplica.class);
            if (until.test(now) || System.nanoTime() > deadline) {
                return now;
            }
            Thread.sleep(50);
        }
    }

    @Test
    void aRunningServerNoticesAReplicaAddedAndRemovedByTheCommandLine() throws Exception {
        try (TestServer server = TestServer.start()) {
            assertEquals(List.of(), Json.readList(admin(server, "/api/replicas"), ConfiguredReplica.class));

            Cli.Run add = Cli.fedmap(PASSWORD + "\n", "replica", "add", "london", "--url", URL, "--hostname",
                    "london.example.com", "--allow-ip", "127.0.0.2", "--auth", "basic", "--user", "boston",
                    "--password-stdin", "--data", server.dataDir().toString());
            assertEquals(0, add.code(), add.toString());

            List<ConfiguredReplica> seen = awaitReplicas(server, l -> !l.isEmpty());
            assertEquals(1, seen.size(), seen.toString());
            ConfiguredReplica london = seen.get(0);
            assertEquals("london", london.name());
            assertEquals(URL, london.url());
            assertEquals("london.example.com", london.hostname());
            assertEquals(List.of("127.0.0.2"), london.allowedSources());
            assertEquals("basic", london.auth());
            assertEquals("boston", london.user());
            assertEquals(List.of(), london.restrictions());
            String body = admin(server, "/api/replicas");
            assertFalse(body.contains(PASSWORD), body);
            assertFalse(body.toLowerCase().contains("password"), "no secret, sealed or not: " + body);
            assertFalse(body.contains("\"state\"") || body.contains("\"lag\""), "nothing pretends a connection: " + body);
            assertEquals(1, server.server().replicas().list().size());

            Cli.Run remove = Cli.fedmap("", "replica", "remove", "london", "--data", server.dataDir().toString());
            assertEquals(0, remove.code(), remove.toString());
            assertEquals(List.of(), awaitReplicas(server, List::isEmpty));
        }
    }

    @Test
    void aServerMakesItsIdOnceKeepsItAcrossRestartsAndAConfiguredIdWins() throws Exception {
        Path data = dir.resolve("data");
        String made;
        try (TestServer server = TestServer.start(Map.of(), data, false)) {
            made = server.server().serverId();
            assertTrue(made.matches("localhost-[a-z0-9]{6}"), made);
            assertEquals(made, Json.read(admin(server, "/api/status"), Status.class).serverId());
        }
        try (TestServer server = TestServer.start(Map.of(), data, false)) {
            assertEquals(made, server.server().serverId(), "the same id after a restart");
        }
        try (TestServer server = TestServer.start(Map.of("server.id", "boston"), data, false)) {
            assertEquals("boston", server.server().serverId());
            assertEquals("boston", Json.read(admin(server, "/api/status"), Status.class).serverId());
        }
        try (TestServer server = TestServer.start(Map.of(), data, false)) {
            assertEquals(made, server.server().serverId(), "the made id is back once the configuration names none");
        }
    }

    @Test
    void anInvalidServerIdIsRefusedAtStartInOneLine() throws Exception {
        ConfigException e = assertThrows(ConfigException.class,
                () -> Config.from(Map.of("server.id", "boston 1"), null));
        assertEquals("server.id = 'boston 1' is not a valid server id: use 1 to 64 letters, digits, '.', '-' or '_'",
                e.getMessage());
        assertThrows(ConfigException.class, () -> Config.from(Map.of("server.id", "x".repeat(65)), null));
        assertEquals("x".repeat(64), Config.from(Map.of("server.id", "x".repeat(64)), null).serverId());
        assertEquals(null, Config.from(Map.of(), null).serverId());

        Path conf = Files.writeString(dir.resolve("bad.properties"), "server.id=bost:on\n");
        Cli.Run run = Cli.fedmap("", "serve", "--conf", conf.toString(), "--data", dir.resolve("d").toString());
        assertEquals(1, run.code(), run.toString());
        assertEquals(1, run.err().lines().count(), run.err());
        assertTrue(run.err().contains("server.id = 'bost:on'"), run.err());
    }

    @Test
    void aFailSecureTimeoutOfFiveSecondsIsAccepted() {
        assertEquals(Duration.ofSeconds(5), Config.from(Map.of("failsecure.timeout", "5s"), null).failsecureTimeout());
    }

    @Test
    void serveShowsTheServerIdAndSoDoesStatus() throws Exception {
        try (ServerProcess server = ServerProcess.in(dir, Map.of("server.id", "london")).start()) {
            assertTrue(server.output().contains("  server   id london\n"), server.output());
            Cli.Run status = Cli.fedmap("", "status", "--data", server.dataDir().toString());
            assertEquals(0, status.code(), status.toString());
            assertTrue(status.out().lines().anyMatch(l -> l.equals("server id     london")), status.out());
        }
    }
}
