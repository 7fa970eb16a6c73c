package org.fedmap.federation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.fedmap.testsupport.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two sites each have a user "jdoe", who are not the same person, on endpoints that even share a MAC
 * address (two separate networks). Each site's gateway exports its users in its own administrative
 * domain with the built-in policy mapper, so the two identities and the two MAC addresses stay apart
 * in IF-MAP: the protected gateway's import policy treats them differently, and one signing out leaves
 * the other's session whole.
 */
class AdministrativeDomainScenarioTest {
    private static final String MAC = "00:1b:21:3a:4f:0c";

    @TempDir
    Path dir;
    private TestServer server;

    @BeforeEach
    void start() {
        server = TestServer.start();
        for (String c : List.of("site-a", "site-b", "hq")) {
            server.addClient(c, TestServer.PASSWORD);
        }
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void twoSameNamedUsersOfTwoDomainsStayApart() throws Exception {
        Mappers mappers = new Mappers(List.of());
        try (GatewayConnector siteA = exporter(mappers, "site-a"); GatewayConnector siteB = exporter(mappers, "site-b");
             GatewayConnector hq = importer(mappers)) {
            siteA.export(new LocalSession("jdoe", "Users", List.of("engineering"), "10.1.0.7", MAC, List.of(),
                    Instant.now()));
            siteB.export(new LocalSession("jdoe", "Users", List.of("engineering"), "10.2.0.7", MAC, List.of(),
                    Instant.now()));

            SessionAtAddress a = hq.importAt("10.1.0.7").orElseThrow();
            SessionAtAddress b = hq.importAt("10.2.0.7").orElseThrow();
            assertEquals("site-a.example.com", a.federated().identity().administrativeDomain());
            assertEquals("site-a.example.com", a.federated().macAdministrativeDomain());
            assertEquals("site-b.example.com", b.federated().identity().administrativeDomain());
            assertEquals("site-b.example.com", b.federated().macAdministrativeDomain());
            assertEquals("user=jdoe roles=engineering", a.local().line());
            assertEquals("user=jdoe roles=guest", b.local().line(), "the partner site's jdoe is a guest here");

            assertTrue(siteA.end("Users", "jdoe", "10.1.0.7"));
            assertTrue(hq.importAt("10.1.0.7").isEmpty());
            SessionAtAddress stillB = hq.importAt("10.2.0.7").orElseThrow();
            assertEquals(b.local(), stillB.local());
            assertEquals("site-b.example.com", stillB.federated().macAdministrativeDomain(),
                    "site-b's link to its MAC address is untouched");
        }
    }

    private GatewayConnector exporter(Mappers mappers, String site) throws Exception {
        Path policies = policies(site, """
                policies:
                  - name: site
                    administrative-domain: %s.example.com
                    capabilities: {copy: all-roles}
                """.formatted(site), null);
        return GatewayConnector.connect(new GatewayConnector.Settings(server.url(), site, TestServer.PASSWORD,
                server.sslContext().getSocketFactory(), mappers.exportMapper(null, new MapperSettings(policies)), null,
                Duration.ofMinutes(3), Duration.ofSeconds(10)));
    }

    private GatewayConnector importer(Mappers mappers) throws Exception {
        Path policies = policies("hq", null, """
                policies:
                  - name: partner-site
                    when:
                      identity: {administrative-domain: site-b.example.com}
                    then: {roles: [guest], stop: true}
                  - name: capabilities-as-roles
                    then: {copy-capabilities: true}
                """);
        return GatewayConnector.connect(new GatewayConnector.Settings(server.url(), "hq", TestServer.PASSWORD,
                server.sslContext().getSocketFactory(), null, mappers.importMapper(null, new MapperSettings(policies)),
                Duration.ofMinutes(3), Duration.ofSeconds(10)));
    }

    private Path policies(String name, String export, String imports) throws IOException {
        Path d = Files.createDirectories(dir.resolve(name));
        if (export != null) {
            Files.writeString(d.resolve("export.yaml"), export);
        }
        if (imports != null) {
            Files.writeString(d.resolve("import.yaml"), imports);
        }
        return d;
    }
}
