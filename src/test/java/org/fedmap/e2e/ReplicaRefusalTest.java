package org.fedmap.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.fedmap.model.AccessRequest;
import org.fedmap.security.CertificateAuthority;
import org.fedmap.testsupport.Cli;
import org.fedmap.testsupport.Gateway11;
import org.fedmap.testsupport.LogCapture;
import org.fedmap.testsupport.SoapConnection;
import org.fedmap.testsupport.SoapTarget;
import org.fedmap.testsupport.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two replica servers on 127.0.0.1 and .2 where one side's replica entry is wrong: a replica that does not
 * give the configured password, or connects from an address not allowed, is refused with the reason in the
 * refusing server's log, and its pulls bring it nothing.
 */
class ReplicaRefusalTest {
    private static final String PASSWORD = "mesh-password-0123456789";

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

    /** Two servers with certificates from one CA; s1's entry for s2 uses the given password and allowed address. */
    private void pair(String s1PasswordForS2, String s1AllowsS2From) throws Exception {
        ok(Cli.fedmap("", "pki", "init-ca", "--data", data(0).toString()));
        for (int i = 0; i < 2; i++) {
            ports[i] = TestServer.freePort();
            if (i > 0) {
                Files.createDirectories(data(i).resolve("pki"));
                for (String f : List.of(CertificateAuthority.CA_CERTIFICATE, CertificateAuthority.CA_KEY,
                        CertificateAuthority.CA_KEY_PASSWORD)) {
                    Files.copy(data(0).resolve(f), data(i).resolve(f));
                }
            }
            ok(Cli.fedmap("", "pki", "server-cert", "--cn", "s" + (i + 1), "--san", "IP:" + address(i), "--data",
                    data(i).toString()));
        }
        add(0, 1, s1PasswordForS2, s1AllowsS2From);
        add(1, 0, PASSWORD, address(0));
        for (int i = 0; i < 2; i++) {
            servers.add(TestServer.start(Map.of("server.bind", address(i), "server.port", Integer.toString(ports[i]),
                    "server.id", "s" + (i + 1), "failsecure.timeout", "5s"), data(i), false));
            servers.get(i).addClient("gw" + (i + 1), TestServer.PASSWORD);
        }
    }

    private void add(int at, int peer, String password, String allowIp) {
        ok(Cli.fedmap(password + "\n", "replica", "add", "s" + (peer + 1), "--url",
                "https://" + address(peer) + ":" + ports[peer] + "/dana-ws/soap/dsifmap", "--hostname", address(peer),
                "--allow-ip", allowIp, "--auth", "basic", "--user", "mesh", "--password-stdin", "--data",
                data(at).toString()));
    }

    private static Cli.Run ok(Cli.Run r) {
        assertEquals(0, r.code(), r.toString());
        return r;
    }

    private void publishAt(int i, String session) {
        TestServer server = servers.get(i);
        SoapTarget there = user -> new SoapConnection(address(i), ports[i], server.trustManagers(), user,
                TestServer.PASSWORD);
        try (Gateway11 gw = Gateway11.start(there, "gw" + (i + 1))) {
            gw.publish("<update>" + Gateway11.ar(session)
                    + "<metadata><meta:capability><name>engineering</name></meta:capability></metadata></update>");
        }
    }

    private boolean holds(int i, String session) {
        return !servers.get(i).server().graph().metadataOn(new AccessRequest(session, "")).isEmpty();
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 30 s: " + what);
            }
            Thread.sleep(50);
        }
    }

    @Test
    void aWrongPasswordOnOneSideRefusesBothDirections() throws Exception {
        try (LogCapture log = new LogCapture()) {
            pair("not-the-mesh-password-42", address(1));
            publishAt(0, "gw1:sid1");
            publishAt(1, "gw2:sid2");
            await("both servers refuse the other's pulls", () -> log.messages().stream()
                    .filter(m -> m.contains("refused: wrong user or password")).count() >= 2);
            // a refused pull brings nothing: each server still holds only its own session
            assertTrue(holds(0, "gw1:sid1") && !holds(0, "gw2:sid2"), "s1 got nothing from s2");
            assertTrue(holds(1, "gw2:sid2") && !holds(1, "gw1:sid1"), "s2 got nothing from s1");
            assertTrue(log.messages().stream().noneMatch(m -> m.contains(PASSWORD)), "no password is logged");
        }
    }

    @Test
    void aReplicaConnectingFromAnAddressNotAllowedIsRefused() throws Exception {
        try (LogCapture log = new LogCapture()) {
            pair(PASSWORD, "127.0.0.9");
            publishAt(0, "gw1:sid1");
            publishAt(1, "gw2:sid2");
            // s1 may pull from s2 (s2 allows 127.0.0.1), so what s2 has reaches s1 ...
            await("s2's session at s1", () -> holds(0, "gw2:sid2"));
            // ... but s2 connecting from 127.0.0.2 is refused by s1 and gets nothing
            await("s1 refuses s2's address", () -> log.contains("pull from 127.0.0.2 refused: no replica is allowed"));
            assertTrue(!holds(1, "gw1:sid1"), "s2 got nothing from s1");
        }
    }
}
