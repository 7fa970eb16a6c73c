package org.fedmap.federation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.fedmap.model.Identity;
import org.fedmap.testsupport.Gateway11;
import org.fedmap.testsupport.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The connector's own duties over the wire, against the real server, with the simplest mappers (the
 * policy engine has its own tests): replace on re-export, removal on end, following, fail-secure, and
 * coming back after the server does.
 */
class GatewayConnectorTest {
    static final class RolesAsCapabilities implements SessionExportMapper {
        @Override
        public String name() {
            return "test";
        }

        @Override
        public IfmapSession export(LocalSession s) {
            return new IfmapSession(Identity.of(Identity.Type.USERNAME, s.username()), s.roles(), List.of("r-" + s.realm()),
                    s.hostCheckerPolicies(), "");
        }
    }

    static final class CapabilitiesAsRoles implements SessionImportMapper {
        @Override
        public String name() {
            return "test";
        }

        @Override
        public ImportedSession importSession(IfmapSession s) {
            return new ImportedSession(s.identity().name(), s.capabilities());
        }
    }

    private TestServer server;

    @BeforeEach
    void start() {
        server = TestServer.start();
        server.addClient("gw1", TestServer.PASSWORD);
        server.addClient("gw2", TestServer.PASSWORD);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private GatewayConnector connector(String client) throws Exception {
        return connector(client, TestServer.PASSWORD);
    }

    private GatewayConnector connector(String client, String password) throws Exception {
        return GatewayConnector.connect(new GatewayConnector.Settings(server.url(), client, password,
                server.sslContext().getSocketFactory(), new RolesAsCapabilities(), new CapabilitiesAsRoles(),
                Duration.ofSeconds(2), Duration.ofSeconds(10)));
    }

    @Test
    void aRoleChangeReplacesTheSessionAndLogoutRemovesIt() throws Exception {
        try (GatewayConnector gw1 = connector("gw1"); GatewayConnector gw2 = connector("gw2")) {
            gw1.export(new LocalSession("alice", "Users", List.of("engineering", "staff"), "10.0.0.5",
                    "00-1B-21-3A-4F-0C", List.of("av-ok"), Instant.now()));
            Optional<SessionAtAddress> found = gw2.importAt("10.0.0.5");
            assertTrue(found.isPresent());
            assertEquals("user=alice roles=engineering,staff", found.get().local().line());
            assertEquals(List.of("av-ok"), found.get().federated().deviceAttributes());
            assertEquals(List.of("r-Users"), found.get().federated().roles());
            assertEquals("gw1", found.get().publisherId());

            BlockingQueue<ImportEvent> events = new LinkedBlockingQueue<>();
            gw2.follow("10.0.0.5", events::add);
            ImportEvent first = events.poll(10, TimeUnit.SECONDS);
            assertEquals("user=alice roles=engineering,staff", first.line());

            gw1.export(new LocalSession("alice", "Users", List.of("staff"), "10.0.0.5", null, List.of(), Instant.now()));
            ImportEvent changed = events.poll(10, TimeUnit.SECONDS);
            assertEquals("user=alice roles=staff", changed.line());

            assertTrue(gw1.end("Users", "alice", "10.0.0.5"));
            ImportEvent gone = events.poll(10, TimeUnit.SECONDS);
            assertEquals("user= roles=", gone.line());
            assertFalse(gw1.end("Users", "alice", "10.0.0.5"));

            server.close();
            ImportEvent none = events.poll(4, TimeUnit.SECONDS);
            assertEquals(null, none, "nothing was imported, so nothing is dropped");
        }
    }

    @Test
    void anImportedSessionIsDroppedWhenTheServerIsOutOfContactAndComesBackWithIt() throws Exception {
        int port = server.port();
        Path data = server.dataDir();
        try (GatewayConnector gw1 = connector("gw1"); GatewayConnector gw2 = connector("gw2")) {
            gw1.export(new LocalSession("carol", "Users", List.of("finance"), "2001:DB8::7", null, List.of(),
                    Instant.now()));
            BlockingQueue<ImportEvent> events = new LinkedBlockingQueue<>();
            gw2.follow("2001:db8:0:0:0:0:0:7", events::add);
            assertEquals("user=carol roles=finance", events.poll(10, TimeUnit.SECONDS).line());

            server.server().close(); // the data directory stays
            ImportEvent dropped = events.poll(20, TimeUnit.SECONDS);
            assertEquals(ImportEvent.Kind.DROPPED, dropped.kind());
            assertEquals("user= roles=", dropped.line());

            // IF-MAP 1.1 sessions are durable: the restarted server has carol's session, and the follower sees it
            server = TestServer.start(Map.of("server.port", Integer.toString(port)), data, true);
            ImportEvent back = events.poll(30, TimeUnit.SECONDS);
            assertEquals(ImportEvent.Kind.CHANGED, back.kind());
            assertEquals("user=carol roles=finance", back.line());
            assertEquals("2001:db8:0:0:0:0:0:7", back.session().orElseThrow().ip());
        }
    }

    @Test
    void aServerCertificateForAnotherHostNameIsRefused() throws Exception {
        // the server answers on every loopback address, but its certificate names 127.0.0.1, not 127.0.0.2
        server.close();
        server = TestServer.start(Map.of("server.bind", "0.0.0.0"));
        server.addClient("gw1", TestServer.PASSWORD);
        String named = "https://127.0.0.1:" + server.port() + "/dana-ws/soap/dsifmap";
        String elsewhere = named.replace("127.0.0.1", "127.0.0.2");
        GatewayConnector.Settings s = new GatewayConnector.Settings(elsewhere, "gw1", TestServer.PASSWORD,
                server.sslContext().getSocketFactory(), new RolesAsCapabilities(), null, Duration.ofSeconds(2),
                Duration.ofSeconds(10));
        javax.net.ssl.SSLHandshakeException e = assertThrows(javax.net.ssl.SSLHandshakeException.class,
                () -> GatewayConnector.connect(s));
        assertTrue(e.getMessage().contains("127.0.0.2"), e.getMessage());
        // the same certificate for the name it does carry is accepted
        GatewayConnector.connect(new GatewayConnector.Settings(named, "gw1", TestServer.PASSWORD,
                server.sslContext().getSocketFactory(), new RolesAsCapabilities(), null, Duration.ofSeconds(2),
                Duration.ofSeconds(10))).close();
    }

    @Test
    void wrongCredentialsAreRefusedAtConnect() {
        MapServerException e = assertThrows(MapServerException.class,
                () -> connector("gw1", "not-the-password"));
        assertEquals("HTTP-401", e.errorCode());
        assertTrue(e.getMessage().contains("refused the client name or password"), e.getMessage());
    }

    @Test
    void anotherPublishersItemsOnTheSessionSurviveItsReExportAndEnd() throws Exception {
        try (GatewayConnector gw1 = connector("gw1"); GatewayConnector gw2 = connector("gw2")) {
            GatewayConnector.Exported e = gw1.export(new LocalSession("dave", "Users", List.of("a"), "10.9.9.9", null,
                    List.of(), Instant.now()));
            // another gateway adds its own capability to dave's access-request
            Gateway11 other = Gateway11.start(server, "gw2");
            other.publish("<update>" + Gateway11.ar(e.accessRequest())
                    + "<metadata><meta:capability><name>quarantine</name></meta:capability></metadata></update>");
            gw1.export(new LocalSession("dave", "Users", List.of("b"), "10.9.9.9", null, List.of(), Instant.now()));
            assertEquals(Set.of("quarantine", "b"),
                    Set.copyOf(gw2.importAt("10.9.9.9").orElseThrow().federated().capabilities()));
            assertTrue(gw1.end("Users", "dave", "10.9.9.9"));
            assertTrue(gw2.importAt("10.9.9.9").isEmpty(), "no user is linked to the address any more");
            other.close();
        }
    }
}
