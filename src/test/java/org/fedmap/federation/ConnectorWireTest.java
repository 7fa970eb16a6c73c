package org.fedmap.federation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.fedmap.model.Identity;
import org.fedmap.testsupport.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Smoke: the connector over the wire with the simplest mappers. */
class ConnectorWireTest {
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
        return GatewayConnector.connect(new GatewayConnector.Settings(server.url(), client, TestServer.PASSWORD,
                server.sslContext().getSocketFactory(), new RolesAsCapabilities(), new CapabilitiesAsRoles(),
                Duration.ofSeconds(2), Duration.ofSeconds(10)));
    }

    @Test
    void exportThenImportThenEnd() throws Exception {
        try (GatewayConnector gw1 = connector("gw1"); GatewayConnector gw2 = connector("gw2")) {
            gw1.export(new LocalSession("alice", "Users", List.of("engineering", "staff"), "10.0.0.5",
                    "00-1B-21-3A-4F-0C", List.of("av-ok"), Instant.now()));
            Optional<SessionAtAddress> found = gw2.importAt("10.0.0.5");
            assertTrue(found.isPresent());
            assertEquals("user=alice roles=engineering,staff", found.get().local().line());
            assertEquals(List.of("av-ok"), found.get().federated().deviceAttributes());
            assertEquals(List.of("r-Users"), found.get().federated().roles());
            assertEquals("gw1", found.get().publisherId());

            java.util.concurrent.BlockingQueue<ImportEvent> events = new java.util.concurrent.LinkedBlockingQueue<>();
            gw2.follow("10.0.0.5", events::add);
            ImportEvent first = events.poll(10, java.util.concurrent.TimeUnit.SECONDS);
            assertEquals("user=alice roles=engineering,staff", first.line());

            gw1.export(new LocalSession("alice", "Users", List.of("staff"), "10.0.0.5", null, List.of(), Instant.now()));
            ImportEvent changed = events.poll(10, java.util.concurrent.TimeUnit.SECONDS);
            assertEquals("user=alice roles=staff", changed.line());

            assertTrue(gw1.end("Users", "alice", "10.0.0.5"));
            ImportEvent gone = events.poll(10, java.util.concurrent.TimeUnit.SECONDS);
            assertEquals("user= roles=", gone.line());
            assertFalse(gw1.end("Users", "alice", "10.0.0.5"));

            server.close();
            ImportEvent none = events.poll(10, java.util.concurrent.TimeUnit.SECONDS);
            assertEquals(null, none, "nothing imported: nothing to drop");
        }
    }
}
