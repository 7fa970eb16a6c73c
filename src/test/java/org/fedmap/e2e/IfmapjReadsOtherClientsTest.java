package org.fedmap.e2e;

import static org.fedmap.e2e.Ifmapj.view;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import de.hshannover.f4.trust.ifmapj.channel.SSRC;
import de.hshannover.f4.trust.ifmapj.identifier.Identifier;
import de.hshannover.f4.trust.ifmapj.identifier.Identifiers;
import de.hshannover.f4.trust.ifmapj.identifier.IdentityType;
import de.hshannover.f4.trust.ifmapj.messages.Requests;
import de.hshannover.f4.trust.ifmapj.messages.SearchResult;
import java.util.List;
import org.fedmap.testsupport.Soap;
import org.fedmap.testsupport.SoapConnection;
import org.fedmap.testsupport.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * ifmapj reads what other IF-MAP 2 clients published: clients that declare metadata prefixes only on
 * the SOAP Envelope, use default namespaces, send attributes ifmapj would refuse to read, or forge
 * operational attributes. ifmapj copies each metadata element out of the answer on its own, so every
 * element must carry its namespaces, and its identifier parser is strict.
 */
class IfmapjReadsOtherClientsTest {
    private static final String VENDOR = "urn:example:fedmap-test:vendor";

    private static TestServer server;
    private static SoapConnection alice;
    private static String aliceSession;
    private static SSRC bob;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
        alice = server.connect("alice");
        aliceSession = Soap.newSession(alice);
        bob = Ifmapj.ssrc(server, "bob");
        bob.newSession();
    }

    @AfterAll
    static void stop() {
        Ifmapj.close(bob);
        if (alice != null) {
            alice.close();
        }
        if (server != null) {
            server.close();
        }
    }

    /** Publishes with the envelope declaring {@code meta} and {@code v} (the vendor namespace). */
    private static void publish(String operations) {
        String envelope = Soap.v2("<ifmap:publish session-id=\"" + aliceSession + "\">" + operations + "</ifmap:publish>")
                .replace("<env:Envelope ", "<env:Envelope xmlns:v=\"" + VENDOR + "\" ");
        SoapConnection.HttpResponse r = alice.post(envelope);
        assertEquals(200, r.status(), r.text());
        assertEquals("", Soap.errorCode(r.body()), r.text());
    }

    private static List<Element> metadataOf(Identifier id) throws Exception {
        SearchResult r = bob.search(Requests.createSearchReq(null, 0, null, null, null, id));
        return Ifmapj.metadataElements(r);
    }

    @Test
    void metadataWhosePrefixesWereDeclaredOnlyOnTheEnvelopeArrivesWithItsNamespaces() throws Exception {
        publish("<update lifetime=\"forever\"><ip-address value=\"192.0.2.30\"/><metadata>"
                + "<meta:device-attribute ifmap-cardinality=\"multiValue\"><name>managed</name></meta:device-attribute>"
                + "<v:zone ifmap-cardinality=\"singleValue\" level=\"3\"><v:label>dmz</v:label></v:zone>"
                + "</metadata></update>");
        List<Element> items = metadataOf(Identifiers.createIp4("192.0.2.30"));
        assertEquals(2, items.size());
        assertEquals(Ifmapj.META, items.get(0).getNamespaceURI());
        assertEquals("device-attribute", items.get(0).getLocalName());
        Element zone = items.get(1);
        assertEquals(VENDOR, zone.getNamespaceURI());
        assertEquals("zone", zone.getLocalName());
        assertEquals("3", zone.getAttribute("level"));
        Element label = (Element) zone.getElementsByTagNameNS(VENDOR, "label").item(0);
        assertEquals("dmz", label.getTextContent());
    }

    @Test
    void metadataInADefaultNamespaceKeepsItsUnqualifiedChildrenUnqualified() throws Exception {
        publish("<update lifetime=\"forever\"><ip-address value=\"192.0.2.31\"/><metadata>"
                + "<role xmlns=\"" + Ifmapj.META + "\" ifmap-cardinality=\"multiValue\"><name xmlns=\"\">admin</name></role>"
                + "</metadata></update>");
        List<Element> items = metadataOf(Identifiers.createIp4("192.0.2.31"));
        assertEquals(1, items.size());
        Element role = items.get(0);
        assertEquals(Ifmapj.META, role.getNamespaceURI());
        Node name = role.getElementsByTagNameNS("*", "name").item(0);
        assertNull(name.getNamespaceURI(), "the name child was published without a namespace");
        assertEquals("role=admin", Ifmapj.describe(role.getOwnerDocument()));
    }

    @Test
    void operationalAttributesAClientSentAreReplacedByTheServersOwn() throws Exception {
        publish("<update lifetime=\"forever\"><ip-address value=\"192.0.2.32\"/><metadata>"
                + "<meta:device-attribute ifmap-cardinality=\"multiValue\" ifmap-publisher-id=\"mallory\" "
                + "ifmap-timestamp=\"1999-01-01T00:00:00Z\"><name>forged</name></meta:device-attribute>"
                + "</metadata></update>");
        Element item = metadataOf(Identifiers.createIp4("192.0.2.32")).get(0);
        assertEquals("alice", item.getAttribute("ifmap-publisher-id"));
        assertFalse(item.getAttribute("ifmap-timestamp").startsWith("1999"), item.getAttribute("ifmap-timestamp"));
    }

    @Test
    void anIdentityWithAnOtherTypeDefinitionItDoesNotNeedIsReadableByIfmapj() throws Exception {
        // ifmapj refuses to parse an identity that is not of type other but has other-type-definition
        publish("<update lifetime=\"forever\"><identity type=\"username\" name=\"carol\" other-type-definition=\"x\"/>"
                + "<metadata><meta:device-attribute ifmap-cardinality=\"multiValue\"><name>seen</name>"
                + "</meta:device-attribute></metadata></update>");
        SearchResult r = bob.search(Requests.createSearchReq(null, 0, null, null, null,
                Identifiers.createIdentity(IdentityType.userName, "carol")));
        assertEquals(List.of("device-attribute=seen"), view(r).get("id:username:carol"));
    }

    @Test
    void anIpAddressPublishedWithoutTypeIsTheIpv4AddressIfmapjSearches() throws Exception {
        publish("<update lifetime=\"forever\"><ip-address value=\"192.0.2.33\"/><metadata>"
                + "<meta:device-attribute ifmap-cardinality=\"multiValue\"><name>typeless</name></meta:device-attribute>"
                + "</metadata></update>");
        SearchResult r = bob.search(Requests.createSearchReq(null, 0, null, null, null,
                Identifiers.createIp4("192.0.2.33")));
        assertEquals(List.of("device-attribute=typeless"), view(r).get("ip:192.0.2.33"));
    }
}
