package org.fedmap.e2e;

import static org.fedmap.e2e.Ifmapj.MD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import de.hshannover.f4.trust.ifmapj.IfmapJ;
import de.hshannover.f4.trust.ifmapj.channel.ARC;
import de.hshannover.f4.trust.ifmapj.channel.SSRC;
import de.hshannover.f4.trust.ifmapj.identifier.AccessRequest;
import de.hshannover.f4.trust.ifmapj.identifier.Identifiers;
import de.hshannover.f4.trust.ifmapj.identifier.IpAddress;
import de.hshannover.f4.trust.ifmapj.messages.MetadataLifetime;
import de.hshannover.f4.trust.ifmapj.messages.PollResult;
import de.hshannover.f4.trust.ifmapj.messages.Requests;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.fedmap.ops.AdminAccess;
import org.fedmap.ops.ClientStatus;
import org.fedmap.ops.Json;
import org.fedmap.ops.Status;
import org.fedmap.testsupport.Cli;
import org.fedmap.testsupport.SoapConnection;
import org.fedmap.testsupport.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The admin API and its command-line clients against the real server: its own HTTPS listener, admin
 * credentials apart from IF-MAP clients', the source address rule, health on both listeners, Prometheus
 * metrics, and {@code fedmap status} / {@code client status} / {@code admin} as an operator runs them.
 */
class AdminApiTest {
    private static TestServer server;
    private static AdminAccess local;
    private static HttpClient http;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        local = AdminAccess.read(server.dataDir()).orElseThrow();
        http = HttpClient.newBuilder().sslContext(server.sslContext()).version(HttpClient.Version.HTTP_1_1).build();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static HttpResponse<String> get(String url, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).GET();
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> admin(String path, String authorization) throws Exception {
        return get(local.url() + path, authorization);
    }

    private static String localAdmin() {
        return basic(local.user(), local.password());
    }

    private static int adminPort() {
        return URI.create(local.url()).getPort();
    }

    @Test
    void theServerRecordsItsAdminListenerOwnerOnlyAndWithdrawsItWhenItStops() throws Exception {
        Path file = AdminAccess.file(server.dataDir());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals("local", local.user());
        assertEquals(server.server().adminUrl().orElseThrow().toString(), local.url());
        assertTrue(local.url().startsWith("https://127.0.0.1:") && adminPort() != server.port(), local.url());

        Path dir = Files.createTempDirectory("fedmap-admin");
        try (TestServer other = TestServer.start(Map.of(), dir, true)) {
            assertTrue(Files.exists(AdminAccess.file(dir)));
            String before = AdminAccess.read(dir).orElseThrow().password();
            other.close();
            assertFalse(Files.exists(AdminAccess.file(dir)), "the local credential goes with the server");
            try (TestServer again = TestServer.start(Map.of(), dir, false)) {
                assertFalse(before.equals(AdminAccess.read(dir).orElseThrow().password()),
                        "every start makes a new local credential");
            }
        }
    }

    @Test
    void withoutAdminCredentialsTheApiAnswers401() throws Exception {
        HttpResponse<String> none = admin("/api/status", null);
        assertEquals(401, none.statusCode());
        assertTrue(none.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic realm="));
        assertEquals(401, admin("/api/status", basic("alice", TestServer.PASSWORD)).statusCode(),
                "an IF-MAP client's credentials do not open the admin API");
        assertEquals(401, admin("/api/clients", basic("local", "not-the-password")).statusCode());
        assertEquals(401, admin("/api/nothing-here", null).statusCode(), "no route is revealed without credentials");

        HttpResponse<String> ok = admin("/api/status", localAdmin());
        assertEquals(200, ok.statusCode(), ok.body());
        assertTrue(ok.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        assertTrue(Json.read(ok.body(), Status.class).version().startsWith("fedmap "));
        assertEquals(404, admin("/api/nothing-here", localAdmin()).statusCode());
    }

    @Test
    void aSourceAddressOutsideAdminAllowIsRefusedWhateverItCarries() throws Exception {
        for (String path : List.of("/api/status", "/health", "/metrics")) {
            try (SoapConnection from2 = new SoapConnection("127.0.0.1", adminPort(), server.trustManagers(), path,
                    localAdmin(), "127.0.0.2", null)) {
                assertEquals(403, from2.get(path).status(), path + " from 127.0.0.2");
            }
        }
        // the rule is the configured one: a server admitting only 127.0.0.2 refuses 127.0.0.1
        try (TestServer narrow = TestServer.start(Map.of("admin.allow", "127.0.0.2/32"))) {
            AdminAccess access = AdminAccess.read(narrow.dataDir()).orElseThrow();
            int port = URI.create(access.url()).getPort();
            String auth = basic(access.user(), access.password());
            try (SoapConnection from1 = new SoapConnection("127.0.0.1", port, narrow.trustManagers(), "/", auth,
                    "127.0.0.1", null);
                 SoapConnection from2 = new SoapConnection("127.0.0.1", port, narrow.trustManagers(), "/", auth,
                         "127.0.0.2", null)) {
                assertEquals(403, from1.get("/api/status").status());
                assertEquals(200, from2.get("/api/status").status());
            }
        }
    }

    @Test
    void healthIsUpOnBothListenersWithoutCredentials() throws Exception {
        for (String url : List.of(local.url() + "/health", server.url("/health"))) {
            HttpResponse<String> r = get(url, null);
            assertEquals(200, r.statusCode(), url);
            assertEquals(Map.of("status", "UP"), Json.read(r.body(), Map.class), url);
        }
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create(server.url("/health")))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(405, post.statusCode(), "the IF-MAP port's health check is GET only");
    }

    /** Sample lines of the Prometheus text format, by series (name and labels as written). */
    private static Map<String, Double> scrape() throws Exception {
        HttpResponse<String> r = admin("/metrics", null);
        assertEquals(200, r.statusCode(), "metrics need no credentials");
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"));
        Pattern sample = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*(?:\\{[^}]*\\})?) (\\S+)");
        Map<String, Double> series = new HashMap<>();
        for (String line : r.body().split("\n")) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            Matcher m = sample.matcher(line);
            assertTrue(m.matches(), "not a Prometheus sample line: " + line);
            series.put(m.group(1), Double.parseDouble(m.group(2)));
        }
        return series;
    }

    private static double value(Map<String, Double> series, String name) {
        Double v = series.get(name);
        assertNotNull(v, name + " is missing from " + series.keySet());
        return v;
    }

    @Test
    void metricsShowSessionsPollsGraphAndCommitsAfterRealRequests() throws Exception {
        SSRC gateway = Ifmapj.ssrc(server, "alice");
        SSRC watcher = Ifmapj.ssrc(server, "bob");
        ARC arc = null;
        try {
            gateway.newSession();
            watcher.newSession();
            AccessRequest ar = Identifiers.createAr("metrics-session");
            IpAddress ip = Identifiers.createIp4("192.0.2.61");
            gateway.publish(Requests.createPublishReq(List.of(
                    Requests.createPublishUpdate(ar, ip, MD.createArIp(), MetadataLifetime.forever),
                    Requests.createPublishUpdate(ar, MD.createCapability("vpn"), MetadataLifetime.forever))));
            watcher.subscribe(Requests.createSubscribeReq(
                    Requests.createSubscribeUpdate("s", null, 1, null, null, null, ip)));
            arc = watcher.getArc();
            Ifmapj.poll(arc); // the first, complete result
            Future<PollResult> waiting = Ifmapj.pollInBackground(arc);
            Ifmapj.awaitPendingPolls(server, 1);

            Map<String, Double> m = scrape();
            assertEquals(server.server().sessions().count(), value(m, "fedmap_sessions"), 0);
            assertTrue(value(m, "fedmap_sessions") >= 2);
            assertEquals(1, value(m, "fedmap_polls_pending"), 0);
            var stats = server.server().graph().stats();
            assertEquals(stats.identifiers(), value(m, "fedmap_graph_identifiers"), 0);
            assertEquals(stats.links(), value(m, "fedmap_graph_links"), 0);
            assertEquals(stats.metadata(), value(m, "fedmap_graph_metadata"), 0);
            assertTrue(value(m, "fedmap_graph_access_requests") >= 1);
            assertTrue(value(m, "fedmap_store_commit_seconds_count{result=\"ok\"}") >= 1,
                    "the forever publish was written durably");
            assertEquals(0, value(m, "fedmap_store_commit_seconds_count{result=\"failed\"}"), 0);
            assertTrue(m.keySet().stream().anyMatch(k -> k.startsWith("fedmap_store_commit_seconds_bucket{")),
                    "commit latency is a histogram");
            assertTrue(value(m, "jvm_threads_live_threads") > 0);
            assertTrue(m.keySet().stream().anyMatch(k -> k.startsWith("jvm_memory_used_bytes{")));
            assertTrue(m.containsKey("jvm_gc_live_data_size_bytes"));
            assertTrue(m.containsKey("process_cpu_usage"));
            // every IF-MAP request is timed by version, operation and result
            assertTrue(m.keySet().stream().anyMatch(k -> k.startsWith("fedmap_requests_seconds_count{")
                    && k.contains("operation=\"publish\"") && k.contains("result=\"ok\"")
                    && k.contains("version=\"2\"") && m.get(k) >= 1), m.keySet().toString());
            assertTrue(m.keySet().stream().anyMatch(k -> k.startsWith("fedmap_requests_seconds_count{")
                    && k.contains("operation=\"subscribe\"")), "subscribe timed");
            assertTrue(m.containsKey("fedmap_trace_dropped_total"));

            gateway.publish(Requests.createPublishReq(
                    Requests.createPublishUpdate(ar, MD.createCapability("printing"), MetadataLifetime.session)));
            Ifmapj.await(waiting, arc);
            assertEquals(0, value(scrape(), "fedmap_polls_pending"), 0);
        } finally {
            Ifmapj.close(gateway, watcher, arc);
        }
    }

    @Test
    void statusThroughTheDataDirectoryShowsSessionsAndGraphAfterAPublish() throws Exception {
        SSRC gateway = Ifmapj.ssrc(server, "alice");
        try {
            gateway.newSession();
            gateway.publish(Requests.createPublishReq(Requests.createPublishUpdate(Identifiers.createAr("status-ar"),
                    Identifiers.createIp4("192.0.2.62"), MD.createArIp(), MetadataLifetime.session)));
            Cli.Run json = Cli.fedmap("", "status", "--data", server.dataDir().toString(), "--json");
            assertEquals(0, json.code(), json.err());
            Status s = Json.read(json.out(), Status.class);
            var stats = server.server().graph().stats();
            assertEquals(server.server().sessions().count(), s.sessions());
            assertEquals(new Status.GraphCounts(stats.identifiers(), stats.links(), stats.metadata(),
                    stats.accessRequests(), stats.sequence()), s.graph());
            assertEquals("off", s.trace());
            assertTrue(s.store().sizeBytes() > 0);
            assertEquals(server.url(), s.ifmapUrl());

            Cli.Run table = Cli.fedmap("", "status", "--data", server.dataDir().toString());
            assertEquals(0, table.code(), table.err());
            assertTrue(table.out().contains(s.sessions() + " IF-MAP session(s)"), table.out());
            assertTrue(table.out().contains(stats.identifiers() + " identifier(s), " + stats.links() + " link(s), "
                    + stats.metadata() + " metadata item(s)"), table.out());
            assertTrue(table.out().contains("trace         off"), table.out());
        } finally {
            Ifmapj.close(gateway);
        }
    }

    @Test
    void clientStatusShowsAConnectedClientWithItsSessionAndRefusals() throws Exception {
        server.addClient("carol", TestServer.PASSWORD);
        server.addClient("dave", TestServer.PASSWORD);
        @SuppressWarnings("deprecation")
        SSRC carol = IfmapJ.createSsrc(server.url(), "carol", TestServer.PASSWORD, server.trustManagers());
        try (SoapConnection wrong = new SoapConnection(server, "dave", "not-daves-password")) {
            carol.newSession();
            carol.publish(Requests.createPublishReq(Requests.createPublishUpdate(Identifiers.createAr("carol-ar"),
                    MD.createCapability("x"), MetadataLifetime.session)));
            assertEquals(401, wrong.post("<x/>").status());

            Cli.Run json = Cli.fedmap("", "client", "status", "carol", "--data", server.dataDir().toString(), "--json");
            assertEquals(0, json.code(), json.err());
            List<ClientStatus> one = Json.readList(json.out(), ClientStatus.class);
            assertEquals(1, one.size());
            ClientStatus c = one.get(0);
            assertEquals("carol", c.publisherId());
            assertTrue(c.connected());
            assertNotNull(c.lastContact());
            assertEquals(1, c.metadataItems());
            assertEquals(0, c.refusals());
            assertEquals(1, c.sessions().size());
            assertEquals(carol.getSessionId(), c.sessions().get(0).sessionId());
            assertEquals("127.0.0.1", c.sessions().get(0).sourceAddress());
            assertEquals("2", c.sessions().get(0).version());

            Cli.Run all = Cli.fedmap("", "client", "status", "--data", server.dataDir().toString());
            assertEquals(0, all.code(), all.err());
            String carolLine = line(all.out(), "carol ");
            assertTrue(carolLine.contains(" yes ") && carolLine.contains(carol.getSessionId() + " from 127.0.0.1"),
                    all.out());
            String daveLine = line(all.out(), "dave ");
            assertTrue(daveLine.matches("dave\\s+dave\\s+enabled\\s+no\\s+never\\s+0\\s+1\\s+-"), daveLine);

            Cli.Run missing = Cli.fedmap("", "client", "status", "nobody", "--data", server.dataDir().toString());
            assertEquals(1, missing.code());
            assertTrue(missing.err().contains("404") && missing.err().contains("no client named nobody"), missing.err());
        } finally {
            Ifmapj.close(carol);
        }
    }

    private static String line(String text, String start) {
        return text.lines().filter(l -> l.startsWith(start)).findFirst()
                .orElseThrow(() -> new AssertionError("no line starting '" + start + "' in\n" + text));
    }

    @Test
    void anAdminAccountReachesTheApiByUrlUntilItIsRemoved() {
        String data = server.dataDir().toString();
        Cli.Run add = Cli.fedmap("ops-password-1\n", "admin", "add", "ops1", "--password-stdin", "--data", data);
        assertEquals(0, add.code(), add.err());
        Cli.Run list = Cli.fedmap("", "admin", "list", "--data", data);
        assertTrue(list.out().lines().anyMatch(l -> l.startsWith("ops1 ")), list.out());

        String pem = server.dataDir().resolve("tls").resolve("server.pem").toString();
        Cli.Run byUrl = Cli.fedmap("ops-password-1\n", "status", "--admin", local.url(), "--user", "ops1",
                "--password-stdin", "--trust-pem", pem, "--json");
        assertEquals(0, byUrl.code(), byUrl.err());
        assertTrue(Json.read(byUrl.out(), Status.class).version().startsWith("fedmap "));

        Cli.Run wrong = Cli.fedmap("not-it\n", "status", "--admin", local.url(), "--user", "ops1",
                "--password-stdin", "--trust-pem", pem);
        assertEquals(1, wrong.code());
        assertTrue(wrong.err().contains("refused the credentials"), wrong.err());

        assertEquals(0, Cli.fedmap("", "admin", "remove", "ops1", "--data", data).code());
        Cli.Run removed = Cli.fedmap("ops-password-1\n", "status", "--admin", local.url(), "--user", "ops1",
                "--password-stdin", "--trust-pem", pem);
        assertEquals(1, removed.code(), "a removed account is refused at once");
        assertTrue(removed.err().contains("HTTP 401"), removed.err());
        assertEquals(1, Cli.fedmap("", "admin", "remove", "ops1", "--data", data).code(), "already gone");

        Cli.Run reserved = Cli.fedmap("x\n", "admin", "add", "local", "--password-stdin", "--data", data);
        assertEquals(1, reserved.code());
        assertTrue(reserved.err().contains("local credential"), reserved.err());
    }
}
