package org.fedmap.e2e;

import static org.fedmap.e2e.Ifmapj.MD;
import static org.fedmap.e2e.Ifmapj.view;
import static org.junit.jupiter.api.Assertions.assertEquals;

import de.hshannover.f4.trust.ifmapj.channel.SSRC;
import de.hshannover.f4.trust.ifmapj.identifier.Identifier;
import de.hshannover.f4.trust.ifmapj.identifier.Identifiers;
import de.hshannover.f4.trust.ifmapj.identifier.IdentityType;
import de.hshannover.f4.trust.ifmapj.messages.MetadataLifetime;
import de.hshannover.f4.trust.ifmapj.messages.Requests;
import de.hshannover.f4.trust.ifmapj.messages.SearchResult;
import java.util.List;
import org.fedmap.testsupport.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kind of identifier ifmapj writes comes back from the server as the same identifier:
 * administrative domains, IPv6, identity types, non-ASCII and XML-special characters, and extended
 * identifiers whose canonical form needs character references and nested elements. The metadata on
 * them comes back with its text intact.
 */
class IfmapjIdentifiersTest {
    private static TestServer server;
    private static SSRC alice;
    private static SSRC bob;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
        alice = Ifmapj.ssrc(server, "alice");
        bob = Ifmapj.ssrc(server, "bob");
        alice.newSession();
        bob.newSession();
    }

    @AfterAll
    static void stop() {
        Ifmapj.close(alice, bob);
        if (server != null) {
            server.close();
        }
    }

    static List<Identifier> identifiers() throws Exception {
        return List.of(
                Identifiers.createIdentity(IdentityType.userName, "J\u00fcrgen \u540d\u524d"),
                Identifiers.createIdentity(IdentityType.userName, "a&b <c> \"d\" 'e'"),
                Identifiers.createIp4("10.0.0.1", "site-a"),
                Identifiers.createIp6("2001:db8:0:0:0:0:0:1"),
                Identifiers.createMac("00:aa:bb:cc:dd:ee", "site-b"),
                Identifiers.createAr("ar with spaces", "site-c"),
                Identifiers.createIdentity(IdentityType.other, "thing-1", null, "vendor:thing"),
                Identifiers.createIdentity(IdentityType.emailAddress, "a@example.com", "corp"),
                Identifiers.createIdentity(IdentityType.distinguishedName, "CN=x,O=y"),
                Identifiers.createIdentity(IdentityType.hipHit, "2001:db8:0:0:0:0:0:2"),
                Identifiers.createDev("dev \u00e9"),
                Identifiers.createExtendedIdentity("<x:network xmlns:x=\"urn:ex:ids\" administrative-domain=\"\" "
                        + "name=\"A&amp;B \u00fc\u00a0x\ty &apos;q&apos; &gt;\"/>"),
                Identifiers.createExtendedIdentity("<x:network xmlns:x=\"urn:ex:ids\" administrative-domain=\"d\">\n"
                        + "  <x:range first=\"10.0.0.0\" last=\"10.0.0.255\">primary</x:range>\n"
                        + "  <x:range first=\"10.0.1.0\"/>\n</x:network>"));
    }

    @ParameterizedTest
    @MethodSource("identifiers")
    void anIdentifierAndItsMetadataComeBackAsPublished(Identifier id) throws Exception {
        alice.publish(Requests.createPublishReq(Requests.createPublishUpdate(id,
                MD.createRole("r&d <ops> \"\u00fc\""), MetadataLifetime.forever)));
        SearchResult r = bob.search(Requests.createSearchReq(null, 0, null, null, null, id));
        assertEquals(List.of(Ifmapj.key(id)), List.copyOf(view(r).keySet()));
        assertEquals(List.of("role=r&d <ops> \"\u00fc\""), view(r).get(Ifmapj.key(id)));
    }

    @Test
    void theAdministrativeDomainIsPartOfTheIdentifier() throws Exception {
        alice.publish(Requests.createPublishReq(Requests.createPublishUpdate(Identifiers.createIp4("10.9.9.9", "site-a"),
                MD.createDevAttr("in-site-a"), MetadataLifetime.forever)));
        assertEquals(List.of("device-attribute=in-site-a"), view(bob.search(Requests.createSearchReq(null, 0, null,
                null, null, Identifiers.createIp4("10.9.9.9", "site-a")))).get("ip:10.9.9.9@site-a"));
        assertEquals(List.of(), view(bob.search(Requests.createSearchReq(null, 0, null, null, null,
                Identifiers.createIp4("10.9.9.9")))).get("ip:10.9.9.9"));
        assertEquals(List.of(), view(bob.search(Requests.createSearchReq(null, 0, null, null, null,
                Identifiers.createIp4("10.9.9.9", "site-b")))).get("ip:10.9.9.9@site-b"));
    }
}
