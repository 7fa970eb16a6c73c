package org.fedmap.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import org.fedmap.testsupport.Cli;
import org.fedmap.testsupport.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchCommandTest {
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    private static TestServer server;
    private static Path pem;

    @TempDir
    static Path tmp;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
        pem = tmp.resolve("server.pem");
        Files.writeString(pem, "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(server.certificate().getEncoded())
                + "\n-----END CERTIFICATE-----\n");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void gatewayExportsAndControllerIsNotified() throws IOException {
        Path out = Files.createDirectory(tmp.resolve("out"));
        long before = server.server().graph().stats().metadata();
        Cli.Run run = Cli.fedmap("", "bench", "--url", server.url(), "--client", "alice:" + TestServer.PASSWORD,
                "--client", "bob:" + TestServer.PASSWORD, "--gateways", "1", "--controllers", "1", "--rate", "50",
                "--duration", "2", "--warmup", "0", "--out-dir", out.toString(), "--trust-pem", pem.toString(),
                "--metrics", server.server().adminUrl().orElseThrow().resolve("/metrics").toString());
        assertEquals(0, run.code(), run.out() + run.err());
        assertTrue(run.out().contains("p99 ms"), run.out());
        assertTrue(run.out().contains("server metrics:"), run.out());

        JsonNode json = new ObjectMapper().readTree(out.resolve("bench-result.json").toFile());
        long exports = json.get("exports").asLong();
        assertTrue(exports > 0, json.toString());
        JsonNode publish = json.get("latencyMs").get("publish");
        for (String p : new String[] {"p50", "p90", "p99", "p99_9", "max"}) {
            assertTrue(publish.get(p).isNumber(), p + " in " + publish);
        }
        assertTrue(json.get("searches").asLong() > 0, json.toString());
        assertTrue(json.get("notifications").asLong() > 0, json.toString());
        assertEquals(0, json.get("errorCount").asLong(), json.get("errors").toString());
        assertTrue(json.get("client").get("benchThreadsCpuSeconds").isNumber());
        assertFalse(json.get("perSecond").isEmpty());
        // the server's own figures: every export left an access-request behind, and threads are counted
        JsonNode metrics = json.get("serverMetrics");
        assertTrue(metrics.get("federatedSessions").asLong() >= exports, metrics.toString());
        assertTrue(metrics.get("heapUsedBytes").asLong() > 0, metrics.toString());
        assertTrue(metrics.get("liveThreads").asLong() > 0, metrics.toString());
        assertTrue(metrics.get("ifmapSessions").asLong() >= 2, metrics.toString());

        for (String png : new String[] {"bench-latency.png", "bench-throughput.png"}) {
            byte[] head = Arrays.copyOf(Files.readAllBytes(out.resolve(png)), PNG.length);
            assertArrayEquals(PNG, head, png);
        }
        // the sessions stay on the server: six metadata items per export (three links, three items on the access-request)
        long after = server.server().graph().stats().metadata();
        assertTrue(after - before >= 6 * exports, before + " -> " + after + " for " + exports + " exports");
    }

    @Test
    void gatewaysAndControllersSpeakIfmap11() throws IOException {
        Path out = Files.createDirectory(tmp.resolve("out11"));
        long before = server.server().graph().stats().metadata();
        Cli.Run run = Cli.fedmap("", "bench", "--url", server.url(), "--ifmap-version", "1.1", "--client",
                "bob:" + TestServer.PASSWORD, "--client", "alice:" + TestServer.PASSWORD, "--spread-source-addresses",
                "--gateways", "1", "--controllers", "2", "--rate", "50", "--duration",
                "2", "--warmup", "0", "--out-dir", out.toString(), "--trust-pem", pem.toString());
        assertEquals(0, run.code(), run.out() + run.err());

        JsonNode json = new ObjectMapper().readTree(out.resolve("bench-result.json").toFile());
        assertEquals("1.1", json.get("config").get("ifmapVersion").asText());
        long exports = json.get("exports").asLong();
        assertTrue(exports > 0, json.toString());
        assertTrue(json.get("searches").asLong() > 0, json.toString());
        assertTrue(json.get("notifications").asLong() > 0, json.toString());
        assertEquals(0, json.get("errorCount").asLong(), json.get("errors").toString());
        // 1.1 metadata is permanent: the role rides on the identity link, as the IC publishes it. The gateway is
        // bob, who has published nothing before (a new session of alice would end her earlier one and its metadata).
        long after = server.server().graph().stats().metadata();
        assertTrue(after - before >= 6 * exports, before + " -> " + after + " for " + exports + " exports");
    }

    @Test
    void wrongPasswordIsOneLine() {
        Cli.Run run = Cli.fedmap("", "bench", "--url", server.url(), "--client", "alice:not-the-password",
                "--duration", "1", "--warmup", "0", "--out-dir", tmp.toString(), "--trust-pem", pem.toString());
        assertEquals(1, run.code(), run.out() + run.err());
        assertEquals(1, run.err().strip().lines().count(), run.err());
        assertTrue(run.err().contains("alice"), run.err());
    }

    @Test
    void badUrlIsOneLine() {
        for (String url : new String[] {"not a url", "ftp://127.0.0.1/x", "https://127.0.0.1:" + TestServer.freePort() + "/"}) {
            Cli.Run run = Cli.fedmap("", "bench", "--url", url, "--client", "alice:" + TestServer.PASSWORD,
                    "--duration", "1", "--out-dir", tmp.toString(), "--trust-pem", pem.toString());
            assertEquals(1, run.code(), url + ": " + run.out() + run.err());
            assertEquals(1, run.err().strip().lines().count(), run.err());
        }
    }

    @Test
    void rolesSharingACredentialNeedSpreadSourceAddresses() {
        Cli.Run run = Cli.fedmap("", "bench", "--url", server.url(), "--client", "alice:" + TestServer.PASSWORD,
                "--gateways", "2", "--out-dir", tmp.toString(), "--trust-pem", pem.toString());
        assertEquals(1, run.code(), run.out() + run.err());
        assertTrue(run.err().contains("--spread-source-addresses"), run.err());
    }
}
