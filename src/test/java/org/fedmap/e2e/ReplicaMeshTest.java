package org.fedmap.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.fedmap.model.AccessRequest;
import org.fedmap.model.Metadata;
import org.fedmap.security.CertificateAuthority;
import org.fedmap.testsupport.Cli;
import org.fedmap.testsupport.Gateway11;
import org.fedmap.testsupport.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three servers on 127.0.0.1, .2 and .3, each with a certificate from one CA made with {@code fedmap
 * pki}, replicating to each other in a full mesh configured with {@code fedmap replica add}: what a
 * gateway publishes at one is found at the other two; a server stopped past the fail-secure timeout has
 * its data purged at the others; restarted, it is resynced.
 */
class ReplicaMeshTest {
    private static final String MESH_USER = "mesh";
    private static final String MESH_PASSWORD = "mesh-password-0123456789";

    @TempDir
    Path dir;
    private final List<TestServer> servers = new ArrayList<>(List.of());
    private final int[] ports = new int[3];

    @AfterEach
    void stop() {
        for (TestServer s : servers) {
            if (s != null) {
                s.close();
            }
        }
    }

    private static String address(int i) {
        return "127.0.0." + (i + 1);
    }

    private Path data(int i) {
        return dir.resolve("s" + (i + 1));
    }

    private TestServer start(int i) {
        return TestServer.start(Map.of("server.bind", address(i), "server.port", Integer.toString(ports[i]),
                "server.id", "s" + (i + 1), "failsecure.timeout", "5s"), data(i), false);
    }

    /** One CA, a certificate per server for its address, each server told of the other two. */
    private void mesh() throws IOException {
        ok(Cli.fedmap("", "pki", "init-ca", "--data", data(0).toString()));
        for (int i = 0; i < 3; i++) {
            ports[i] = TestServer.freePort();
            if (i > 0) {
                Files.createDirectories(data(i).resolve("pki"));
                for (String f : List.of(CertificateAuthority.CA_CERTIFICATE, CertificateAuthority.CA_KEY,
                        CertificateAuthority.CA_KEY_PASSWORD)) {
                    Files.copy(data(0).resolve(f), data(i).resolve(f));
                }
            }
            ok(Cli.fedmap("", "pki", "server-cert", "--cn", "s" + (i + 1), "--san", "IP:" + address(i),
                    "--data", data(i).toString()));
        }
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                if (i != j) {
                    ok(Cli.fedmap(MESH_PASSWORD + "\n", "replica", "add", "s" + (j + 1), "--url",
                            "https://" + address(j) + ":" + ports[j] + "/dana-ws/soap/dsifmap", "--hostname", address(j),
                            "--allow-ip", address(j), "--auth", "basic", "--user", MESH_USER, "--password-stdin",
                            "--data", data(i).toString()));
                }
            }
        }
        for (int i = 0; i < 3; i++) {
            servers.add(start(i));
            servers.get(i).addClient("gw" + (i + 1), TestServer.PASSWORD);
        }
    }

    private static Cli.Run ok(Cli.Run r) {
        assertEquals(0, r.code(), r.toString());
        return r;
    }

    private void publishAt(int i, String session, String capability) {
        TestServer server = servers.get(i);
        // the server listens on its own loopback address only
        org.fedmap.testsupport.SoapTarget there = user -> new org.fedmap.testsupport.SoapConnection(address(i),
                ports[i], server.trustManagers(), user, TestServer.PASSWORD);
        try (Gateway11 gw = Gateway11.start(there, "gw" + (i + 1))) {
            gw.publish("<update>" + Gateway11.ar(session) + "<metadata><meta:capability><name>" + capability
                    + "</name></meta:capability></metadata></update>");
        }
    }

    private List<Metadata> at(int i, String session) {
        return servers.get(i).server().graph().metadataOn(new AccessRequest(session, ""));
    }

    /** A server's graph as items by target, without what differs by server (where an item came from). */
    private Map<org.fedmap.model.Target, java.util.Set<String>> content(int i) {
        Map<org.fedmap.model.Target, java.util.Set<String>> out = new java.util.HashMap<>();
        servers.get(i).server().graph().snapshot().forEach((t, items) -> out.put(t, items.stream()
                .map(m -> m.publisherId() + "|" + m.timestamp() + "|" + m.xml())
                .collect(java.util.stream.Collectors.toSet())));
        return out;
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
    void whatIsPublishedAtOneServerIsFoundAtTheOthersAndPurgedWhenItsServerIsGone() throws Exception {
        mesh();
        publishAt(0, "gw1:sid1", "engineering");
        publishAt(1, "gw2:sid2", "finance");
        publishAt(2, "gw3:sid3", "legal");
        for (int i = 0; i < 3; i++) {
            int server = i;
            await("s" + (i + 1) + " holds all three sessions", () -> at(server, "gw1:sid1").size() == 1
                    && at(server, "gw2:sid2").size() == 1 && at(server, "gw3:sid3").size() == 1);
        }
        Metadata replicated = at(2, "gw1:sid1").get(0);
        assertEquals("gw1", replicated.publisherId(), "the original publisher-id travels with the item");
        assertEquals("s1", replicated.origin());
        assertEquals(at(0, "gw1:sid1").get(0).timestamp(), replicated.timestamp(), "and its original timestamp");
        assertEquals(content(0), content(1), "s1 and s2 hold the same graph");
        assertEquals(content(0), content(2), "s1 and s3 hold the same graph");

        // s2 stops: after the fail-secure timeout its session is gone from s1 and s3, theirs stay
        servers.get(1).server().close();
        await("s2's data purged at s1 and s3", () -> at(0, "gw2:sid2").isEmpty() && at(2, "gw2:sid2").isEmpty());
        assertEquals(1, at(0, "gw3:sid3").size());
        assertEquals(1, at(2, "gw1:sid1").size());

        // back on the same data: s1 and s3 resync from it, and it from them
        servers.set(1, start(1));
        await("s2's session back at s1 and s3", () -> at(0, "gw2:sid2").size() == 1 && at(2, "gw2:sid2").size() == 1);
        assertTrue(at(1, "gw1:sid1").size() == 1 && at(1, "gw3:sid3").size() == 1);
    }
}
