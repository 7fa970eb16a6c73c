package org.fedmap.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.fedmap.model.AccessRequest;
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
 * Two servers that know each other by certificate ({@code replica add --auth certificate --ca ...
 * --restrict CN=...}): each presents its own TLS certificate when it pulls, and a certificate whose
 * subject the restriction does not allow is refused.
 */
class ReplicaCertificateTest {
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

    private static void ok(Cli.Run r) {
        assertEquals(0, r.code(), r.toString());
    }

    /** s1 and s2 with certificates from one CA; s1 admits s2 only as {@code restrictOnS1}. */
    private void twoServers(String restrictOnS1) throws Exception {
        ok(Cli.fedmap("", "pki", "init-ca", "--data", data(0).toString()));
        Files.createDirectories(data(1).resolve("pki"));
        for (String f : List.of(CertificateAuthority.CA_CERTIFICATE, CertificateAuthority.CA_KEY,
                CertificateAuthority.CA_KEY_PASSWORD)) {
            Files.copy(data(0).resolve(f), data(1).resolve(f));
        }
        for (int i = 0; i < 2; i++) {
            ports[i] = TestServer.freePort();
            ok(Cli.fedmap("", "pki", "server-cert", "--cn", "s" + (i + 1), "--san", "IP:" + address(i),
                    "--data", data(i).toString()));
        }
        for (int i = 0; i < 2; i++) {
            int j = 1 - i;
            ok(Cli.fedmap("", "replica", "add", "s" + (j + 1), "--url",
                    "https://" + address(j) + ":" + ports[j] + "/dana-ws/soap/dsifmap", "--hostname", address(j),
                    "--allow-ip", address(j), "--auth", "certificate", "--ca",
                    data(i).resolve(CertificateAuthority.CA_CERTIFICATE).toString(),
                    "--restrict", i == 0 ? restrictOnS1 : "CN=s1", "--data", data(i).toString()));
        }
        for (int i = 0; i < 2; i++) {
            servers.add(TestServer.start(Map.of("server.bind", address(i), "server.port", Integer.toString(ports[i]),
                    "server.id", "s" + (i + 1)), data(i), false));
            servers.get(i).addClient("gw" + (i + 1), TestServer.PASSWORD);
        }
    }

    private void publishAt(int i, String session) {
        TestServer server = servers.get(i);
        SoapTarget there = user -> new SoapConnection(address(i), ports[i], server.trustManagers(), user,
                TestServer.PASSWORD);
        try (Gateway11 gw = Gateway11.start(there, "gw" + (i + 1))) {
            gw.publish("<update>" + Gateway11.ar(session)
                    + "<metadata><meta:capability><name>x</name></meta:capability></metadata></update>");
        }
    }

    private int at(int i, String session) {
        return servers.get(i).server().graph().metadataOn(new AccessRequest(session, "")).size();
    }

    private static boolean within(Duration d, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + d.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(50);
        }
        return condition.getAsBoolean();
    }

    @Test
    void serversThatKnowEachOtherByCertificateReplicateBothWays() throws Exception {
        twoServers("CN=s2");
        publishAt(0, "gw1:a");
        publishAt(1, "gw2:b");
        assertEquals(true, within(Duration.ofSeconds(30), () -> at(1, "gw1:a") == 1 && at(0, "gw2:b") == 1));
    }

    @Test
    void aCertificateWhoseSubjectIsNotAllowedIsRefused() throws Exception {
        twoServers("CN=someone-else");
        publishAt(0, "gw1:a");
        publishAt(1, "gw2:b");
        assertEquals(true, within(Duration.ofSeconds(30), () -> at(1, "gw1:a") == 0 && at(0, "gw2:b") == 1),
                "s1 answers s2 nothing; s1 pulls from s2, which admits it");
        Thread.sleep(1500);
        assertEquals(0, at(1, "gw1:a"), "s1 never let s2 in");
    }
}
