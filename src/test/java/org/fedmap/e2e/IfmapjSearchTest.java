package org.fedmap.e2e;

import static org.fedmap.e2e.Ifmapj.MD;
import static org.fedmap.e2e.Ifmapj.expected;
import static org.fedmap.e2e.Ifmapj.view;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import de.hshannover.f4.trust.ifmapj.channel.SSRC;
import de.hshannover.f4.trust.ifmapj.identifier.AccessRequest;
import de.hshannover.f4.trust.ifmapj.identifier.Identifiers;
import de.hshannover.f4.trust.ifmapj.identifier.Identity;
import de.hshannover.f4.trust.ifmapj.identifier.IdentityType;
import de.hshannover.f4.trust.ifmapj.identifier.IpAddress;
import de.hshannover.f4.trust.ifmapj.identifier.MacAddress;
import de.hshannover.f4.trust.ifmapj.messages.MetadataLifetime;
import de.hshannover.f4.trust.ifmapj.messages.PublishRequest;
import de.hshannover.f4.trust.ifmapj.messages.Requests;
import de.hshannover.f4.trust.ifmapj.messages.SearchRequest;
import de.hshannover.f4.trust.ifmapj.messages.SearchResult;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.fedmap.model.Link;
import org.fedmap.model.Metadata;
import org.fedmap.testsupport.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

/**
 * A gateway (alice) publishes one user session the way a policy server does, and another client
 * (bob) searches it with ifmapj: traversal depth, match-links, result-filter (present, empty,
 * missing), terminal identifier types, unknown start identifiers and the operational attributes the
 * server stamps. The tests only read, so they share one server and one publication.
 */
class IfmapjSearchTest {
    private static final IpAddress IP = Identifiers.createIp4("192.0.2.10");
    private static final AccessRequest AR = Identifiers.createAr("gw1:session-1");
    private static final MacAddress MAC = Identifiers.createMac("00:11:22:33:44:55");
    private static final Identity USER = Identifiers.createIdentity(IdentityType.userName, "jdoe");

    private static final String K_IP = "ip:192.0.2.10";
    private static final String K_AR = "ar:gw1:session-1";
    private static final String K_MAC = "mac:00:11:22:33:44:55";
    private static final String K_USER = "id:username:jdoe";

    private static TestServer server;
    private static SSRC alice;
    private static SSRC bob;
    private static Instant publishedAround;

    @BeforeAll
    static void publishAUserSession() throws Exception {
        server = TestServer.start();
        alice = Ifmapj.ssrc(server, "alice");
        bob = Ifmapj.ssrc(server, "bob");
        alice.newSession();
        bob.newSession();

        PublishRequest publish = Requests.createPublishReq();
        publish.addPublishElement(Requests.createPublishUpdate(AR, IP, MD.createArIp(), MetadataLifetime.session));
        publish.addPublishElement(Requests.createPublishUpdate(AR, MAC, MD.createArMac(), MetadataLifetime.session));
        publish.addPublishElement(Requests.createPublishUpdate(AR, USER, MD.createAuthAs(), MetadataLifetime.forever));
        publish.addPublishElement(Requests.createPublishUpdate(AR, USER, MD.createRole("employee"),
                MetadataLifetime.forever));
        publish.addPublishElement(Requests.createPublishUpdate(AR, MD.createCapability("guest"),
                MetadataLifetime.session));
        publish.addPublishElement(Requests.createPublishUpdate(AR, MD.createCapability("vpn-user"),
                MetadataLifetime.forever));
        publishedAround = Instant.now();
        alice.publish(publish);
    }

    @AfterAll
    static void stop() {
        Ifmapj.close(alice, bob);
        if (server != null) {
            server.close();
        }
    }

    private static SearchRequest search(String matchLinks, Integer maxDepth, String terminal, String resultFilter) {
        SearchRequest s = Requests.createSearchReq(matchLinks, maxDepth, terminal, null, resultFilter, IP);
        s.addNamespaceDeclaration("meta", Ifmapj.META);
        return s;
    }

    @Test
    void theStoreHoldsWhatWasPublishedWithItsLifetimes() {
        var graph = server.server().graph();
        var ar = new org.fedmap.model.AccessRequest("gw1:session-1", "");
        var ip = new org.fedmap.model.IpAddress(org.fedmap.model.IpAddress.Version.IPV4, "192.0.2.10", "");
        var user = org.fedmap.model.Identity.of(org.fedmap.model.Identity.Type.USERNAME, "jdoe");
        assertEquals(List.of("access-request-ip SESSION"), lifetimes(graph.metadataOn(new Link(ar, ip))));
        assertEquals(List.of("authenticated-as FOREVER", "role FOREVER"), lifetimes(graph.metadataOn(new Link(user, ar))));
        assertEquals(List.of("capability SESSION", "capability FOREVER"), lifetimes(graph.metadataOn(ar)));
        assertTrue(graph.metadataOn(ip).isEmpty(), "nothing was published on the ip-address itself");
    }

    private static List<String> lifetimes(List<Metadata> items) {
        return items.stream().map(m -> m.localName() + " " + m.lifetime()).toList();
    }

    @Test
    void matchLinksChooseTheWayAndResultFilterChoosesWhatIsShown() throws Exception {
        SearchResult r = bob.search(search("meta:access-request-ip or meta:authenticated-as", 2, null,
                "meta:capability or meta:access-request-ip or meta:authenticated-as"));
        // the mac-address link carries no matching item, so it is not followed; the role on the
        // followed identity link did not match match-links, so it is not shown
        assertEquals(expected()
                .id(K_IP)
                .link(K_AR, K_IP, "access-request-ip")
                .id(K_AR, "capability=guest", "capability=vpn-user")
                .link(K_AR, K_USER, "authenticated-as")
                .id(K_USER)
                .build(), view(r));
    }

    @Test
    void anEmptyResultFilterReturnsIdentifiersAndLinksWithoutMetadata() throws Exception {
        SearchResult r = bob.search(search(null, 2, null, ""));
        assertEquals(expected()
                .id(K_IP)
                .link(K_AR, K_IP)
                .id(K_AR)
                .link(K_AR, K_MAC)
                .id(K_MAC)
                .link(K_AR, K_USER)
                .id(K_USER)
                .build(), view(r));
    }

    @Test
    void withoutFiltersEverythingWithinTheDepthIsReturned() throws Exception {
        SearchResult r = bob.search(search(null, 2, null, null));
        assertEquals(expected()
                .id(K_IP)
                .link(K_AR, K_IP, "access-request-ip")
                .id(K_AR, "capability=guest", "capability=vpn-user")
                .link(K_AR, K_MAC, "access-request-mac")
                .id(K_MAC)
                .link(K_AR, K_USER, "authenticated-as", "role=employee")
                .id(K_USER)
                .build(), view(r));
    }

    @Test
    void aResultFilterWithAPredicateSelectsSingleItems() throws Exception {
        SearchResult r = bob.search(search(null, 2, null, "meta:capability[name='vpn-user'] or meta:role"));
        assertEquals(expected()
                .id(K_IP)
                .link(K_AR, K_IP)
                .id(K_AR, "capability=vpn-user")
                .link(K_AR, K_MAC)
                .id(K_MAC)
                .link(K_AR, K_USER, "role=employee")
                .id(K_USER)
                .build(), view(r));
    }

    @Test
    void aTerminalIdentifierTypeStopsTheTraversal() throws Exception {
        SearchResult r = bob.search(search(null, 5, "access-request", null));
        assertEquals(expected()
                .id(K_IP)
                .link(K_AR, K_IP, "access-request-ip")
                .id(K_AR, "capability=guest", "capability=vpn-user")
                .build(), view(r));
    }

    @Test
    void depthOneReachesOnlyTheNeighbours() throws Exception {
        SearchResult r = bob.search(search(null, 1, null, null));
        assertEquals(expected()
                .id(K_IP)
                .link(K_AR, K_IP, "access-request-ip")
                .id(K_AR, "capability=guest", "capability=vpn-user")
                .build(), view(r));
    }

    @Test
    void withoutMaxDepthOnlyTheStartIdentifierIsReturned() throws Exception {
        SearchResult r = bob.search(search(null, null, null, null));
        assertEquals(expected().id(K_IP).build(), view(r));
    }

    @Test
    void anIdentifierNobodyPublishedComesBackBare() throws Exception {
        SearchRequest s = Requests.createSearchReq(null, 3, null, null, null, Identifiers.createIp4("198.51.100.99"));
        SearchResult r = bob.search(s);
        assertEquals(expected().id("ip:198.51.100.99").build(), view(r));
    }

    @Test
    void aSearchFromTheOtherEndFindsTheSameLinks() throws Exception {
        SearchRequest s = Requests.createSearchReq("meta:authenticated-as", 1, null, null, null, USER);
        s.addNamespaceDeclaration("meta", Ifmapj.META);
        SearchResult r = bob.search(s);
        assertEquals(expected()
                .id(K_USER)
                .link(K_AR, K_USER, "authenticated-as")
                .id(K_AR, "capability=guest", "capability=vpn-user")
                .build(), view(r));
    }

    @Test
    void publishedMetadataCarriesThePublisherAndTheTime() throws Exception {
        SearchResult r = bob.search(search(null, 2, null, null));
        List<Element> items = Ifmapj.metadataElements(r);
        assertEquals(6, items.size());
        for (Element m : items) {
            String what = m.getLocalName();
            assertEquals("alice", m.getAttribute("ifmap-publisher-id"), what);
            String timestamp = m.getAttribute("ifmap-timestamp");
            assertFalse(timestamp.isEmpty(), what + " has no ifmap-timestamp");
            Instant t = OffsetDateTime.parse(timestamp).toInstant();
            // the server's clock and this one are the same clock: the stamp is the publication time
            assertTrue(Duration.between(publishedAround, t).abs().compareTo(Duration.ofMinutes(5)) < 0,
                    what + " stamped " + timestamp + ", published around " + publishedAround);
            String cardinality = m.getAttribute("ifmap-cardinality");
            assertEquals(what.equals("capability") || what.equals("role") ? "multiValue" : "singleValue", cardinality,
                    what);
            assertNotNull(m.getNamespaceURI());
            assertEquals(Ifmapj.META, m.getNamespaceURI(), what);
        }
    }

    @Test
    void thePublisherFilterSeesTheStampedPublisher() throws Exception {
        Map<String, List<String>> mine = view(bob.search(search(null, 2, null, "[@ifmap-publisher-id = 'alice']")));
        Map<String, List<String>> others = view(bob.search(search(null, 2, null, "[@ifmap-publisher-id != 'alice']")));
        assertEquals(List.of("capability=guest", "capability=vpn-user"), mine.get(K_AR));
        assertEquals(List.of("authenticated-as", "role=employee"), mine.get(Ifmapj.link(K_AR, K_USER)));
        for (Map.Entry<String, List<String>> e : others.entrySet()) {
            assertEquals(List.of(), e.getValue(), e.getKey() + " shows an item not published by alice");
        }
    }
}
