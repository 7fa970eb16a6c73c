package org.fedmap.e2e;

import static org.fedmap.testsupport.Gateway11.errorCode;
import static org.fedmap.testsupport.Gateway11.headerSessionId;
import static org.fedmap.testsupport.Gateway11.id;
import static org.fedmap.testsupport.Gateway11.post11;
import static org.fedmap.testsupport.Gateway11.request;
import static org.fedmap.testsupport.Soap.count;
import static org.fedmap.testsupport.Soap.xpath;
import static org.fedmap.testsupport.XmlAssert.assertSimilar;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.fedmap.model.Metadata;
import org.fedmap.model.Namespaces;
import org.fedmap.model.Target;
import org.fedmap.testsupport.Gateway11;
import org.fedmap.testsupport.SoapConnection;
import org.fedmap.testsupport.SoapConnection.HttpResponse;
import org.fedmap.testsupport.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * IF-MAP 1.1 the way Juniper/Ivanti gateways speak it: raw SOAP 1.1 documents in the gateway's own
 * style, over persistent HTTPS connections (one for the SSRC, one for the ARC), answers compared
 * with XMLUnit. Two gateways: ic1 signs users in and publishes their sessions, ic2 enforces access
 * and subscribes to them.
 */
class Ifmap11GatewayTest {
    private static final String ENV = "xmlns:SOAP-ENV=\"" + Namespaces.SOAP_1_1 + "\" xmlns:ifmap=\"" + Namespaces.IFMAP_1 + "\"";
    private static final String META = "xmlns:meta=\"" + Namespaces.META_1 + "\"";
    private static final String JNPR = "xmlns:jnpr=\"" + Gateway11.JNPR + "\"";
    /** The access-request of a user session, named the way gateways name them. */
    private static final String AR = "<access-request name=\"ic1:sid4f3a1c9e2b7d6a5f4e3c2b1a0d9e8f7a6b5c4d3e2f1a0b9c\"/>";
    private static final String ENDPOINT = "<ip-address value=\"192.0.2.7\" type=\"IPv4\"/>";
    private static final String IC1_ADDRESS = "<ip-address value=\"10.0.1.21\" type=\"IPv4\"/>";
    private static final String DEVICE = "<device><name>ic1:1138</name></device>";
    private static final String USER = "<identity name=\"alice.smith\" type=\"username\"/>";

    private TestServer server;
    private SoapConnection ic1;
    private SoapConnection ic2;
    private String ic1Session;
    private String ic2Session;

    @BeforeEach
    void start() {
        server = TestServer.start();
        server.addClient("ic1", TestServer.PASSWORD);
        server.addClient("ic2", TestServer.PASSWORD);
        ic1 = server.connect("ic1");
        ic2 = server.connect("ic2");
        ic1Session = Gateway11.newSession(ic1);
        ic2Session = Gateway11.newSession(ic2);
    }

    @AfterEach
    void stop() {
        ic1.close();
        ic2.close();
        server.close();
    }

    /** A link of two bare identifiers, wrapped as 1.1 wants them. */
    private static String link(String a, String b) {
        return Gateway11.link(id(a), id(b));
    }

    private static String envelope(String sessionId, String response) {
        return "<SOAP-ENV:Envelope " + ENV + "><SOAP-ENV:Header><ifmap:session-id>" + sessionId
                + "</ifmap:session-id></SOAP-ENV:Header><SOAP-ENV:Body><ifmap:response>" + response
                + "</ifmap:response></SOAP-ENV:Body></SOAP-ENV:Envelope>";
    }

    /** What ic1 publishes when a user signs in. */
    private void publishUserSession() {
        HttpResponse r = post11(ic1, request(ic1Session, "<ifmap:publish validation=\"None\">"
                + "<update>" + link(AR, ENDPOINT) + "<metadata><meta:access-request-ip/></metadata></update>"
                + "<update>" + link(AR, IC1_ADDRESS) + "<metadata><meta:authenticated-by/></metadata></update>"
                + "<update>" + link(AR, DEVICE) + "<metadata><meta:access-request-device/></metadata></update>"
                + "<update>" + link(AR, USER) + "<metadata><meta:authenticated-as/>"
                + "<meta:role><name>Employees</name></meta:role></metadata></update>"
                + "<update>" + id(AR) + "<metadata><meta:capability><name>engineering</name></meta:capability>"
                + "<meta:device-attribute><name>HC-Antivirus-OK</name></meta:device-attribute></metadata></update>"
                + "<update>" + id(IC1_ADDRESS) + "<metadata><jnpr:generation-id>1699123456</jnpr:generation-id>"
                + "</metadata></update></ifmap:publish>"));
        assertEquals(200, r.status());
        assertSimilar(envelope(ic1Session, "<publishReceived/>"), r.body());
    }

    @Test
    void newSessionIsAnsweredWithSessionAndPublisherIdInHeaderAndBody() {
        try (SoapConnection c = server.connect("ic1")) {
            HttpResponse r = post11(c, Gateway11.newSessionRequest());
            assertEquals(200, r.status());
            assertTrue(r.header("content-type").startsWith("text/xml"), r.header("content-type"));
            String sid = headerSessionId(r.body());
            assertTrue(sid.matches("[0-9a-f]{32}"), sid);
            assertSimilar("<SOAP-ENV:Envelope " + ENV + "><SOAP-ENV:Header><ifmap:session-id>" + sid
                    + "</ifmap:session-id><ifmap:publisher-id>ic1</ifmap:publisher-id></SOAP-ENV:Header><SOAP-ENV:Body>"
                    + "<ifmap:session-id>" + sid + "</ifmap:session-id><ifmap:publisher-id>ic1</ifmap:publisher-id>"
                    + "</SOAP-ENV:Body></SOAP-ENV:Envelope>", r.body());
        }
    }

    @Test
    void anotherGatewayFindsTheUserSessionWithIdentifierResultsBeforeLinkResults() {
        publishUserSession();
        HttpResponse r = post11(ic2, request(ic2Session, "<ifmap:search validation=\"None\" max-depth=\"1\""
                + " match-links=\"meta:access-request-ip\">" + id(ENDPOINT) + "</ifmap:search>"));
        assertSimilar(envelope(ic2Session, "<searchResult>"
                + "<identifierResult>" + id(ENDPOINT) + "</identifierResult>"
                + "<identifierResult>" + id(AR) + "<metadata>"
                + "<meta:capability " + META + " publisher-id=\"ic1\" cardinality=\"multiValue\"><name>engineering</name></meta:capability>"
                + "<meta:device-attribute " + META + " publisher-id=\"ic1\" cardinality=\"multiValue\"><name>HC-Antivirus-OK</name>"
                + "</meta:device-attribute></metadata></identifierResult>"
                + "<linkResult>" + link(AR, ENDPOINT) + "<metadata><meta:access-request-ip " + META
                + " publisher-id=\"ic1\" cardinality=\"singleValue\"/></metadata></linkResult>"
                + "</searchResult>"), r.body(), "timestamp");
        assertTrue(xpath(r.body(), "//meta1:capability/@timestamp").matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"));

        HttpResponse wide = post11(ic2, request(ic2Session, "<ifmap:search validation=\"None\" max-depth=\"2\">"
                + id(ENDPOINT) + "</ifmap:search>"));
        assertEquals(5, count(wide.body(), "//identifierResult"), "endpoint, access-request, gateway, device, user");
        assertEquals(4, count(wide.body(), "//linkResult"));
        assertEquals(0, count(wide.body(), "//linkResult/following-sibling::identifierResult"),
                "all identifierResults come before the first linkResult");
    }

    @Test
    void atStartUpAGatewayFetchesItsGenerationIdWithAVendorResultFilter() {
        publishUserSession();
        HttpResponse r = post11(ic1, request(ic1Session, "<ifmap:search validation=\"None\" max-depth=\"0\""
                + " result-filter=\"jnpr:generation-id\">" + id(IC1_ADDRESS) + "</ifmap:search>"));
        assertSimilar(envelope(ic1Session, "<searchResult><identifierResult>" + id(IC1_ADDRESS) + "<metadata>"
                + "<jnpr:generation-id " + JNPR + " publisher-id=\"ic1\" cardinality=\"multiValue\">1699123456</jnpr:generation-id>"
                + "</metadata></identifierResult></searchResult>"), r.body(), "timestamp");
    }

    @Test
    void perSessionSubscriptionSeesOtherGatewaysEventsButNotItsOwn() {
        publishUserSession();
        String own = "&quot;ic2&quot;";
        HttpResponse subscribed = post11(ic2, request(ic2Session, "<ifmap:subscribe validation=\"None\">"
                + "<update name=\"o:sid4f3a1c9e\" max-depth=\"1\" match-links=\"meta:access-request-ip or jnpr:migration-id\""
                + " result-filter=\"meta:event[@publisher-id != " + own + "] or jnpr:idp-event[@publisher-id != " + own
                + "] or jnpr:deny-message[@publisher-id != " + own + "]\" validation=\"None\">" + id(AR)
                + "</update></ifmap:subscribe>"));
        assertSimilar(envelope(ic2Session, "<subscribeReceived/>"), subscribed.body());

        try (SoapConnection arc = server.connect("ic2")) {
            HttpResponse attached = post11(arc, Gateway11.attachSessionRequest(ic2Session));
            assertEquals(ic2Session, headerSessionId(attached.body()));
            assertEquals("ic2", xpath(attached.body(), "/soap11:Envelope/soap11:Body/ifmap1:publisher-id"));

            HttpResponse first = post11(arc, request(ic2Session, "<ifmap:poll validation=\"None\"/>"));
            assertSimilar(envelope(ic2Session, "<pollResult><searchResult name=\"o:sid4f3a1c9e\">"
                    + "<identifierResult>" + id(AR) + "</identifierResult>"
                    + "<identifierResult>" + id(ENDPOINT) + "</identifierResult>"
                    + "<linkResult>" + link(AR, ENDPOINT) + "</linkResult>"
                    + "</searchResult></pollResult>"), first.body());

            arc.send(Gateway11.request(ic2Session, "<ifmap:poll validation=\"None\"/>")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8), SoapConnection.SOAP11, Map.of());
            // ic2's own event is filtered out; ic1's event and vendor idp-event are delivered
            assertEquals("", errorCode(post11(ic2, request(ic2Session, "<ifmap:publish validation=\"None\"><update>" + id(AR)
                    + "<metadata><meta:event><name>ic2-own</name><event-recorded-time>2024-01-01T10:00:00Z</event-recorded-time>"
                    + "<magnitude>10</magnitude><confidence>10</confidence><significance>informational</significance>"
                    + "</meta:event></metadata></update></ifmap:publish>")).body()));
            assertEquals("", errorCode(post11(ic1, request(ic1Session, "<ifmap:publish validation=\"None\"><update>" + id(AR)
                    + "<metadata><meta:event><name>ic1-scan</name><event-recorded-time>2024-01-01T10:00:00Z</event-recorded-time>"
                    + "<magnitude>50</magnitude><confidence>90</confidence><significance>important</significance></meta:event>"
                    + "<jnpr:idp-event><attack>SQL injection</attack></jnpr:idp-event></metadata></update></ifmap:publish>")).body()));
            HttpResponse changed = arc.read();
            assertEquals(ic2Session, headerSessionId(changed.body()));
            assertEquals(1, count(changed.body(), "//searchResult[@name='o:sid4f3a1c9e']"));
            assertEquals("ic1-scan", xpath(changed.body(), "//identifierResult/metadata/meta1:event/name"));
            assertEquals("SQL injection", xpath(changed.body(), "//identifierResult/metadata/*[local-name()='idp-event']/attack"));
            assertEquals(0, count(changed.body(), "//meta1:event[name='ic2-own']"), "the subscriber's own event is excluded");
            assertEquals(0, count(changed.body(), "//meta1:capability"), "result-filter includes only what matches");
        }
    }

    @Test
    void deleteWithAPublisherFilterRemovesOnlyWhatMatches() {
        publishUserSession();
        HttpResponse r = post11(ic1, request(ic1Session, "<ifmap:publish validation=\"None\"><delete"
                + " filter=\"meta:role[@publisher-id = &quot;ic1&quot;]\">" + link(AR, USER) + "</delete></ifmap:publish>"));
        assertSimilar(envelope(ic1Session, "<publishReceived/>"), r.body());
        HttpResponse found = post11(ic2, request(ic2Session, "<ifmap:search max-depth=\"1\">" + id(USER) + "</ifmap:search>"));
        assertEquals(0, count(found.body(), "//meta1:role"));
        assertEquals(1, count(found.body(), "//linkResult/metadata/meta1:authenticated-as"));
    }

    @Test
    void aReconnectingGatewayKeepsItsPublisherIdAndItsData() {
        publishUserSession();
        String old = ic1Session;
        try (SoapConnection again = server.connect("ic1")) {
            HttpResponse r = post11(again, Gateway11.newSessionRequest());
            String fresh = headerSessionId(r.body());
            assertNotEquals(old, fresh);
            assertEquals("ic1", xpath(r.body(), "/soap11:Envelope/soap11:Header/ifmap1:publisher-id"));
            HttpResponse found = post11(again, request(fresh, "<ifmap:search max-depth=\"1\">" + id(AR) + "</ifmap:search>"));
            assertEquals("engineering", xpath(found.body(), "//meta1:capability/name"), "1.1 metadata outlives its session");
        }
        HttpResponse stale = post11(ic1, request(old, "<ifmap:search>" + id(AR) + "</ifmap:search>"));
        assertEquals("InvalidSessionID", errorCode(stale.body()));
        assertEquals(old, headerSessionId(stale.body()), "the invalid session-id is echoed");
        assertEquals("close", stale.header("connection"), "the SSRC ends after an invalid session-id");
    }

    @Test
    void aNewSessionTearsDownTheWaitingArcOfTheOldOne() {
        try (SoapConnection arc = server.connect("ic2")) {
            post11(arc, Gateway11.attachSessionRequest(ic2Session));
            arc.send(request(ic2Session, "<ifmap:poll/>").getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    SoapConnection.SOAP11, Map.of());
            long deadline = System.currentTimeMillis() + 10_000;
            while (server.server().sessions().pendingPolls() == 0 && System.currentTimeMillis() < deadline) {
                Thread.onSpinWait();
            }
            try (SoapConnection again = server.connect("ic2")) {
                Gateway11.newSession(again);
            }
            HttpResponse ended = arc.read();
            assertEquals("InvalidSessionID", errorCode(ended.body()));
            assertEquals(ic2Session, headerSessionId(ended.body()));
            assertEquals("close", ended.header("connection"), ended.headers().toString());
            assertTrue(arc.closedByServer(5000), "the old ARC is torn down");
        }
    }

    @Test
    void attachSessionOnTheSsrcConnectionMakesItTheArc() {
        HttpResponse attached = post11(ic2, Gateway11.attachSessionRequest(ic2Session));
        assertEquals(ic2Session, headerSessionId(attached.body()));
        post11(ic1, request(ic1Session, "<ifmap:publish><update>" + id(ENDPOINT) + "<metadata><meta:capability><name>x"
                + "</name></meta:capability></metadata></update></ifmap:publish>"));
        try (SoapConnection ssrc = server.connect("ic2")) {
            assertEquals("", errorCode(post11(ssrc, request(ic2Session, "<ifmap:subscribe><update name=\"s\">" + id(ENDPOINT)
                    + "</update></ifmap:subscribe>")).body()));
            HttpResponse polled = post11(ic2, request(ic2Session, "<ifmap:poll/>"));
            assertEquals("x", xpath(polled.body(), "//searchResult[@name='s']//meta1:capability/name"));
        }
    }

    @Test
    void purgePublisherRemovesTheGatewaysDataAndOnlyItsOwn() {
        publishUserSession();
        post11(ic2, request(ic2Session, "<ifmap:publish><update>" + id(ENDPOINT) + "<metadata><meta:capability><name>seen-by-ic2"
                + "</name></meta:capability></metadata></update></ifmap:publish>"));
        HttpResponse denied = post11(ic1, request(ic1Session, "<ifmap:purgePublisher publisher-id=\"ic2\"/>"));
        assertEquals("AccessDenied", errorCode(denied.body()));
        HttpResponse purged = post11(ic1, request(ic1Session, "<ifmap:purgePublisher publisher-id=\"ic1\"/>"));
        assertSimilar(envelope(ic1Session, "<purgePublisherReceived/>"), purged.body());
        assertEquals(0, server.server().graph().publisherItemCount("ic1"));
        assertEquals(1, server.server().graph().publisherItemCount("ic2"));
    }

    @Test
    void malformedRequestsGetOneOneErrorsAndChangeNothing() {
        publishUserSession();
        Map<Target, List<Metadata>> before = server.server().graph().snapshot();
        String[][] cases = {
                {"InvalidMetadataListType", "<ifmap:publish><update>" + id(ENDPOINT) + "<metadata>free text<meta:role>"
                        + "<name>x</name></meta:role></metadata></update></ifmap:publish>"},
                {"InvalidIdentifier", "<ifmap:publish><update>" + ENDPOINT + "<metadata><meta:role><name>x</name></meta:role>"
                        + "</metadata></update></ifmap:publish>"},
                {"InvalidIdentifier", "<ifmap:publish><update>" + id("<ip-address value=\"010.0.0.1\"/>")
                        + "<metadata><meta:role><name>x</name></meta:role></metadata></update></ifmap:publish>"},
                {"InvalidIdentifier", "<ifmap:publish><update>" + id(AR) + "<metadata><meta:role><name>ok</name></meta:role>"
                        + "</metadata></update><update><link>" + id(AR) + "</link><metadata><meta:role><name>x</name></meta:role>"
                        + "</metadata></update></ifmap:publish>"},
                {"InvalidIdentifierType", "<ifmap:publish><update>" + id("<identity name=\"x\" type=\"nickname\"/>")
                        + "<metadata><meta:role><name>x</name></meta:role></metadata></update></ifmap:publish>"},
                {"InvalidMetadata", "<ifmap:publish><update>" + id(AR) + "<metadata><meta:capability cardinality=\"singleValue\">"
                        + "<name>x</name></meta:capability></metadata></update></ifmap:publish>"},
                {"Failure", "<ifmap:publish><update>" + id(AR) + "<metadata><meta:role><name>x</name></meta:role></metadata>"
                        + "</update><notify>" + id(AR) + "</notify></ifmap:publish>"},
                {"Failure", "<ifmap:search result-filter=\"nope:role\">" + id(AR) + "</ifmap:search>"},
                {"Failure", "<ifmap:newSession/>"},
        };
        for (String[] c : cases) {
            HttpResponse r = post11(ic1, request(ic1Session, c[1]));
            assertEquals(200, r.status(), c[1]);
            assertEquals(c[0], errorCode(r.body()), c[1] + " -> " + r.text());
            assertEquals(ic1Session, headerSessionId(r.body()), "every 1.1 answer carries the session-id");
            assertFalse(xpath(r.body(), "//errorResult/errorString").isBlank());
        }
        assertEquals(before, server.server().graph().snapshot());
    }

    @Test
    void aRequestWithoutSessionIdOrOnTheWrongChannelIsInvalidSessionId() {
        HttpResponse noHeader = post11(ic1, "<SOAP-ENV:Envelope " + ENV + "><SOAP-ENV:Body><ifmap:search>" + id(AR)
                + "</ifmap:search></SOAP-ENV:Body></SOAP-ENV:Envelope>");
        assertEquals("InvalidSessionID", errorCode(noHeader.body()));
        try (SoapConnection other = server.connect("ic1")) {
            String sid = Gateway11.newSession(other);
            HttpResponse pollOnSsrc = post11(other, request(sid, "<ifmap:poll/>"));
            assertEquals("InvalidSessionID", errorCode(pollOnSsrc.body()), "poll is valid only on an attached ARC");
        }
    }

    @Test
    void aSecondAttachSessionClosesTheOlderArc() {
        try (SoapConnection arc1 = server.connect("ic2"); SoapConnection arc2 = server.connect("ic2")) {
            assertEquals(ic2Session, headerSessionId(post11(arc1, Gateway11.attachSessionRequest(ic2Session)).body()));
            assertEquals(ic2Session, headerSessionId(post11(arc2, Gateway11.attachSessionRequest(ic2Session)).body()));
            assertTrue(arc1.closedByServer(5000), "the older ARC is closed");
            post11(ic2, request(ic2Session, "<ifmap:subscribe><update name=\"s\">" + id(ENDPOINT) + "</update></ifmap:subscribe>"));
            HttpResponse polled = post11(arc2, request(ic2Session, "<ifmap:poll/>"));
            assertEquals(1, count(polled.body(), "//searchResult[@name='s']"), "the newer ARC works");
        }
    }

    @Test
    void oneOneInASoap12EnvelopeIsAnsweredInSoap12() {
        String request = "<env:Envelope xmlns:env=\"" + Namespaces.SOAP_1_2 + "\" xmlns:ifmap=\"" + Namespaces.IFMAP_1
                + "\"><env:Header><ifmap:session-id>" + ic1Session + "</ifmap:session-id></env:Header><env:Body>"
                + "<ifmap:search>" + id(AR) + "</ifmap:search></env:Body></env:Envelope>";
        HttpResponse r = ic1.post(request.getBytes(java.nio.charset.StandardCharsets.UTF_8), SoapConnection.SOAP12, Map.of());
        assertTrue(r.header("content-type").startsWith("application/soap+xml"), r.header("content-type"));
        assertEquals(1, count(r.body(), "/env:Envelope/env:Body/ifmap1:response/searchResult/identifierResult"));
        assertEquals(ic1Session, xpath(r.body(), "/env:Envelope/env:Header/ifmap1:session-id"));
    }
}
