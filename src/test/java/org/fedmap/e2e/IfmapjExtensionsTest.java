package org.fedmap.e2e;

import static org.fedmap.e2e.Ifmapj.MD;
import static org.fedmap.e2e.Ifmapj.expected;
import static org.fedmap.e2e.Ifmapj.view;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import de.hshannover.f4.trust.ifmapj.IfmapJ;
import de.hshannover.f4.trust.ifmapj.channel.SSRC;
import de.hshannover.f4.trust.ifmapj.exception.IfmapErrorResult;
import de.hshannover.f4.trust.ifmapj.extendedIdentifiers.ExtendedIdentifiers;
import de.hshannover.f4.trust.ifmapj.identifier.Device;
import de.hshannover.f4.trust.ifmapj.identifier.Identifiers;
import de.hshannover.f4.trust.ifmapj.identifier.Identity;
import de.hshannover.f4.trust.ifmapj.identifier.IdentityType;
import de.hshannover.f4.trust.ifmapj.identifier.IpAddress;
import de.hshannover.f4.trust.ifmapj.messages.MetadataLifetime;
import de.hshannover.f4.trust.ifmapj.messages.PublishDelete;
import de.hshannover.f4.trust.ifmapj.messages.Requests;
import de.hshannover.f4.trust.ifmapj.messages.SearchRequest;
import de.hshannover.f4.trust.ifmapj.messages.SearchResult;
import de.hshannover.f4.trust.ifmapj.metadata.Cardinality;
import de.hshannover.f4.trust.ifmapj21.ClockSkewDetector;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Calendar;
import java.util.List;
import java.util.TimeZone;
import org.fedmap.testsupport.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * IF-MAP 2.1 through ifmapj: extended identifiers (an XML document, canonicalised and escaped into
 * an identity name) and operational metadata ({@code client-time}, which ifmapj's clock skew
 * detector publishes, searches back and deletes).
 */
class IfmapjExtensionsTest {
    private static final String NS = "urn:example:fedmap-test:identifiers";
    private static final String VENDOR = "urn:example:fedmap-test:metadata";

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

    private static Document inNetwork() {
        return MD.create("in-network", "vendor", VENDOR, Cardinality.singleValue);
    }

    @Test
    void metadataOnAnExtendedIdentifierIsFoundAgainFromBothEnds() throws Exception {
        Identity network = ExtendedIdentifiers.createExtendedIdentifier(NS, "net", "network", "10.1.0.0/16");
        IpAddress host = Identifiers.createIp4("10.1.2.3");
        alice.publish(Requests.createPublishReq(List.of(
                Requests.createPublishUpdate(host, network, inNetwork(), MetadataLifetime.forever),
                Requests.createPublishUpdate(network, MD.createDevAttr("segmented"), MetadataLifetime.forever))));

        String kNetwork = Ifmapj.key(network);
        SearchResult fromNetwork = bob.search(Requests.createSearchReq(null, 1, null, null, null, network));
        assertEquals(expected()
                .id(kNetwork, "device-attribute=segmented")
                .link(kNetwork, "ip:10.1.2.3", "in-network")
                .id("ip:10.1.2.3")
                .build(), view(fromNetwork));

        SearchResult fromHost = bob.search(Requests.createSearchReq(null, 1, null, null, null, host));
        assertEquals(expected()
                .id("ip:10.1.2.3")
                .link(kNetwork, "ip:10.1.2.3", "in-network")
                .id(kNetwork, "device-attribute=segmented")
                .build(), view(fromHost));

        // the server hands the identifier back exactly as ifmapj wrote it
        List<Identity> returned = fromHost.getResultItems().stream()
                .filter(i -> i.getIdentifier2() == null && i.getIdentifier1() instanceof Identity)
                .map(i -> (Identity) i.getIdentifier1()).toList();
        assertEquals(1, returned.size());
        assertEquals(network.getName(), returned.get(0).getName());
        assertEquals("extended", returned.get(0).getOtherTypeDefinition());
        assertEquals(IdentityType.other, returned.get(0).getType());
    }

    @Test
    void theSameExtendedIdentifierWrittenDifferentlyIsTheSameIdentifier() throws Exception {
        Identity network = ExtendedIdentifiers.createExtendedIdentifier(NS, "net", "network", "172.16.0.0/12");
        alice.publish(Requests.createPublishReq(
                Requests.createPublishUpdate(network, MD.createDevAttr("lab"), MetadataLifetime.forever)));

        // another prefix, attributes in another order, an empty-element tag: ifmapj canonicalises
        Identity sameNetwork = Identifiers.createExtendedIdentity("<x:network xmlns:x=\"" + NS
                + "\" administrative-domain=\"\" name=\"172.16.0.0/12\"/>");
        assertEquals(expected().id(Ifmapj.key(network), "device-attribute=lab").build(),
                view(bob.search(Requests.createSearchReq(null, 0, null, null, null, sameNetwork))));
    }

    @Test
    void aNonCanonicalExtendedIdentifierIsRefused() throws Exception {
        // written by hand: self-closing and without administrative-domain
        Identity broken = Identifiers.createIdentity(IdentityType.other,
                "&lt;network xmlns=&quot;" + NS + "&quot; name=&quot;x&quot;/&gt;", null, "extended");
        IfmapErrorResult e = assertThrows(IfmapErrorResult.class, () -> alice.publish(Requests.createPublishReq(
                Requests.createPublishUpdate(broken, MD.createDevAttr("x"), MetadataLifetime.forever))));
        Ifmapj.assertErrorCode("InvalidIdentifier", e);
    }

    @Test
    void theClockSkewDetectorMeasuresTheDifferenceToTheServersClock() throws Exception {
        Device clock = Identifiers.createDev("alice-clock");
        ClockSkewDetector detector = IfmapJ.createClockSkewDetector(alice, clock);

        long inSync = detector.performClockSkewDetection(null);
        assertTrue(Math.abs(inSync) < Duration.ofMinutes(1).toMillis(), "skew " + inSync + " ms on one machine");

        Calendar anHourBehind = Calendar.getInstance(TimeZone.getTimeZone("UTC"));
        anHourBehind.add(Calendar.HOUR_OF_DAY, -1);
        long behind = detector.performClockSkewDetection(anHourBehind);
        assertTrue(Math.abs(behind - Duration.ofHours(1).toMillis()) < Duration.ofMinutes(1).toMillis(),
                "a client an hour behind measured " + behind + " ms");

        // the detector deletes its client-time again
        assertEquals(List.of(), server.server().graph().metadataOn(
                new org.fedmap.model.Device(org.fedmap.model.Device.Kind.NAME, "alice-clock")));
    }

    @Test
    void clientTimeIsStoredWithTheServersTimestampAndReplacedByTheNextOne() throws Exception {
        Device dev = Identifiers.createDev("alice-gw");
        alice.publish(Requests.createPublishReq(Requests.createPublishUpdate(dev,
                MD.createClientTime("2020-02-02T02:02:02Z"), MetadataLifetime.session)));
        alice.publish(Requests.createPublishReq(Requests.createPublishUpdate(dev,
                MD.createClientTime("2021-03-03T03:03:03Z"), MetadataLifetime.session)));

        SearchRequest s = Requests.createSearchReq(null, 0, null, null, "op-meta:client-time", dev);
        s.addNamespaceDeclaration("op-meta", Ifmapj.OPMETA);
        List<Element> times = Ifmapj.metadataElements(bob.search(s));
        assertEquals(1, times.size(), "client-time is singleValue");
        Element t = times.get(0);
        assertEquals(Ifmapj.OPMETA, t.getNamespaceURI());
        assertEquals("client-time", t.getLocalName());
        assertEquals("2021-03-03T03:03:03Z", t.getAttribute("current-timestamp"));
        assertEquals("alice", t.getAttribute("ifmap-publisher-id"));
        OffsetDateTime stamped = OffsetDateTime.parse(t.getAttribute("ifmap-timestamp"));
        assertTrue(stamped.getYear() >= 2024, "ifmap-timestamp is the server's time, not the client's: " + stamped);

        PublishDelete delete = Requests.createPublishDelete(dev, "op-meta:client-time[@ifmap-publisher-id = \"alice\"]");
        delete.addNamespaceDeclaration("op-meta", Ifmapj.OPMETA);
        alice.publish(Requests.createPublishReq(delete));
        assertEquals(List.of(), Ifmapj.metadataElements(bob.search(s)));
    }
}
