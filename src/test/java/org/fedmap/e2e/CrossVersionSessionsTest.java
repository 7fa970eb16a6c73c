package org.fedmap.e2e;

import static org.fedmap.testsupport.Gateway11.count;
import static org.fedmap.testsupport.Gateway11.node;
import static org.fedmap.testsupport.Gateway11.xpath;
import static org.fedmap.e2e.Ifmapj.MD;
import static org.fedmap.e2e.Ifmapj.expected;
import static org.fedmap.e2e.Ifmapj.view;
import static org.fedmap.testsupport.XmlAssert.assertSimilar;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import de.hshannover.f4.trust.ifmapj.channel.SSRC;
import de.hshannover.f4.trust.ifmapj.identifier.AccessRequest;
import de.hshannover.f4.trust.ifmapj.identifier.Identifier;
import de.hshannover.f4.trust.ifmapj.identifier.Identifiers;
import de.hshannover.f4.trust.ifmapj.identifier.IpAddress;
import de.hshannover.f4.trust.ifmapj.identifier.MacAddress;
import de.hshannover.f4.trust.ifmapj.messages.MetadataLifetime;
import de.hshannover.f4.trust.ifmapj.messages.PublishElement;
import de.hshannover.f4.trust.ifmapj.messages.Requests;
import de.hshannover.f4.trust.ifmapj.messages.SearchResult;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.fedmap.model.Metadata;
import org.fedmap.model.Namespaces;
import org.fedmap.model.Target;
import org.fedmap.testsupport.SoapConnection.HttpResponse;
import org.fedmap.testsupport.Gateway11;
import org.fedmap.testsupport.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Sessions of the two versions over one graph. IF-MAP 1.1 metadata has no lifetime: it outlives the
 * session that published it, whether the gateway starts a new session or its session ends by the
 * fail-secure timeout, while an ended 2.x session takes its session-lifetime metadata along. A
 * client keeps its publisher-id across sessions and versions, so a 1.1 purgePublisher removes what
 * the client published in either version, and only that.
 *
 * <p>The server runs with a 1 s fail-secure timeout; tests wait for a session to be gone by asking
 * the server, with a deadline.
 */
class CrossVersionSessionsTest {
    private static final Duration GONE_WITHIN = Duration.ofSeconds(10);

    private static TestServer server;
    private static int next;

    private SSRC bob;
    private String arName;
    private String ipValue;
    private AccessRequest ar;
    private IpAddress ip;
    private MacAddress mac;
    private String kAr;
    private String kIp;
    private String kMac;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of("failsecure.timeout", "1s"));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void openBob() throws Exception {
        int n = ++next;
        arName = "alice:sid" + String.format("%048x", 0x100 + n);
        ipValue = "192.0.2." + (120 + n);
        ar = Identifiers.createAr(arName);
        ip = Identifiers.createIp4(ipValue);
        mac = Identifiers.createMac(String.format("00:16:3e:20:00:%02x", n));
        kAr = Ifmapj.key(ar);
        kIp = Ifmapj.key(ip);
        kMac = Ifmapj.key(mac);
        bob = Ifmapj.ssrc(server, "bob");
        bob.newSession();
    }

    @AfterEach
    void closeBob() {
        Ifmapj.close(bob);
    }

    private String login() {
        return "<update>" + Gateway11.link(Gateway11.ar(arName), Gateway11.ip(ipValue))
                + "<metadata><meta:access-request-ip/></metadata></update>"
                + "<update>" + Gateway11.ar(arName)
                + "<metadata><meta:capability><name>guest</name></meta:capability></metadata></update>";
    }

    private static void publish(SSRC client, PublishElement... elements) throws Exception {
        client.publish(Requests.createPublishReq(List.of(elements)));
    }

    private SearchResult bobSearches(Identifier start, int depth) throws Exception {
        return bob.search(Requests.createSearchReq(null, depth, null, null, null, start));
    }

    private static boolean sessionExists(String sessionId) {
        return server.server().sessions().list().stream().anyMatch(s -> s.sessionId().equals(sessionId));
    }

    /**
     * Waits until the session is gone and the server counts one session less than {@code countBefore}
     * (taken while the session still existed).
     */
    private static void awaitSessionGone(String sessionId, int countBefore) throws InterruptedException {
        Ifmapj.awaitCondition("session " + sessionId + " to end",
                () -> !sessionExists(sessionId) && server.server().sessions().count() == countBefore - 1, GONE_WITHIN);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    // ---------------------------------------------------------------- lifetimes

    @Test
    void aReconnectingGatewayGetsItsPublisherIdAndDataBackAndItsOldSessionIdIsRefused() {
        Gateway11 first = Gateway11.start(server, "alice");
        Gateway11 second = Gateway11.connect(server, "alice");
        try {
            first.publish(login());
            String oldSession = first.sessionId();

            HttpResponse again = second.newSession();
            assertNotEquals(oldSession, second.sessionId());
            assertEquals("alice", second.publisherId());
            assertEquals("alice", xpath(again.body(), "/soap:Envelope/soap:Header/ifmap:publisher-id"));
            assertEquals(second.sessionId(), xpath(again.body(), "/soap:Envelope/soap:Header/ifmap:session-id"));
            assertFalse(sessionExists(oldSession), "the new session replaced the old one");

            byte[] found = second.search("max-depth=\"1\"", Gateway11.ar(arName));
            assertSimilar("<metadata><m:capability xmlns:m='" + Namespaces.META_1 + "' publisher-id='alice'"
                    + " cardinality='multiValue'><name>guest</name></m:capability></metadata>",
                    node(found, "//identifierResult[identifier/access-request/@name='" + arName + "']/metadata"), "timestamp");
            assertEquals(1, count(found, "//linkResult/metadata/meta:access-request-ip[@publisher-id='alice']"), text(found));

            // the old session-id, on the old connection
            HttpResponse refused = first.call("<ifmap:search>" + Gateway11.ar(arName) + "</ifmap:search>");
            assertEquals(200, refused.status());
            assertEquals(oldSession, xpath(refused.body(), "/soap:Envelope/soap:Header/ifmap:session-id"),
                    "the invalid id is echoed: " + refused.text());
            assertEquals("InvalidSessionID", Gateway11.errorCode(refused.body()), refused.text());
            assertFalse(xpath(refused.body(), "//errorResult/errorString").isBlank(), refused.text());
            assertTrue(first.ssrc().closedByServer(5_000), "after an invalid session-id the server ends that SSRC");

            // the new session is untouched
            assertEquals("guest", xpath(second.search("", Gateway11.ar(arName)), "//meta:capability/name"));
        } finally {
            first.close();
            second.close();
        }
    }

    @Test
    void metadataOfA11SessionOutlivesItsFailSecureTimeoutWhileA2xSessionTakesItsSessionMetadata() throws Exception {
        Gateway11 gateway = Gateway11.start(server, "alice");
        String v11Session;
        int sessions;
        try {
            gateway.publish(login());
            gateway.attach();
            v11Session = gateway.sessionId();
            sessions = server.server().sessions().count();
        } finally {
            gateway.close(); // both of alice's connections: SSRC and ARC
        }
        awaitSessionGone(v11Session, sessions);
        assertEquals(expected()
                .id(kIp)
                .link(kAr, kIp, "access-request-ip")
                .id(kAr, "capability=guest")
                .build(), view(bobSearches(ip, 1)), "1.1 metadata is kept until deleted or purged");

        AccessRequest ar2x = Identifiers.createAr(arName + "-2x");
        SSRC alice2x = Ifmapj.ssrc(server, "alice");
        String v2Session;
        try {
            alice2x.newSession();
            v2Session = alice2x.getSessionId();
            sessions = server.server().sessions().count();
            publish(alice2x,
                    Requests.createPublishUpdate(ar2x, MD.createCapability("session-only"), MetadataLifetime.session),
                    Requests.createPublishUpdate(ar2x, MD.createCapability("kept"), MetadataLifetime.forever));
            assertEquals(expected().id(Ifmapj.key(ar2x), "capability=kept", "capability=session-only").build(),
                    view(bobSearches(ar2x, 0)));
        } finally {
            Ifmapj.close(alice2x);
        }
        awaitSessionGone(v2Session, sessions);
        assertEquals(expected().id(Ifmapj.key(ar2x), "capability=kept").build(), view(bobSearches(ar2x, 0)));
        assertEquals(expected()
                .id(kIp)
                .link(kAr, kIp, "access-request-ip")
                .id(kAr, "capability=guest")
                .build(), view(bobSearches(ip, 1)), "the 2.x session end left the 1.1 items alone");
    }

    // ---------------------------------------------------------------- purgePublisher

    @Test
    void purgePublisherIn11RemovesThePublishersItemsOfBothVersionsAndMayNotPurgeAnother() throws Exception {
        // alice first publishes with ifmapj in a 2.x session ...
        SSRC alice2x = Ifmapj.ssrc(server, "alice");
        Gateway11 gateway = Gateway11.connect(server, "alice");
        try {
            alice2x.newSession();
            publish(alice2x,
                    Requests.createPublishUpdate(ar, MD.createCapability("from-2x"), MetadataLifetime.forever),
                    Requests.createPublishUpdate(ar, mac, MD.createArMac(), MetadataLifetime.forever));
            publish(bob, Requests.createPublishUpdate(ar, MD.createCapability("bobs"), MetadataLifetime.forever));

            // ... then as a gateway in 1.1 (her 2.x session ends, its forever items stay)
            gateway.newSession();
            assertEquals("alice", gateway.publisherId());
            gateway.publish(login());
            assertEquals(expected()
                    .id(kAr, "capability=bobs", "capability=from-2x", "capability=guest")
                    .link(kAr, kMac, "access-request-mac")
                    .id(kMac)
                    .link(kAr, kIp, "access-request-ip")
                    .id(kIp)
                    .build(), view(bobSearches(ar, 1)));

            Map<Target, List<Metadata>> before = server.server().graph().snapshot();
            HttpResponse denied = gateway.call("<ifmap:purgePublisher publisher-id=\"bob\"/>");
            assertEquals("AccessDenied", Gateway11.errorCode(denied.body()), denied.text());
            assertEquals(gateway.sessionId(), xpath(denied.body(), "/soap:Envelope/soap:Header/ifmap:session-id"));
            assertEquals(before, server.server().graph().snapshot(), "the refused purge changed the graph");

            byte[] purged = gateway.ok("<ifmap:purgePublisher publisher-id=\"alice\"/>");
            assertEquals(1, count(purged, "/soap:Envelope/soap:Body/ifmap:response/purgePublisherReceived"), text(purged));
            assertEquals(0, server.server().graph().publisherItemCount("alice"));
            assertEquals(expected().id(kAr, "capability=bobs").build(), view(bobSearches(ar, 1)));
        } finally {
            Ifmapj.close(alice2x);
            gateway.close();
        }
    }
}
