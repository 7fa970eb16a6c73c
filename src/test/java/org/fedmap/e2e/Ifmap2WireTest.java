package org.fedmap.e2e;

import static org.fedmap.testsupport.Soap.v2;
import static org.fedmap.testsupport.Soap.xpath;
import static org.fedmap.testsupport.XmlAssert.assertSimilar;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.fedmap.model.Namespaces;
import org.fedmap.testsupport.IfmapSchemas;
import org.fedmap.testsupport.Soap;
import org.fedmap.testsupport.SoapConnection;
import org.fedmap.testsupport.SoapConnection.HttpResponse;
import org.fedmap.testsupport.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The shape of every IF-MAP 2 answer, as raw SOAP over HTTPS, compared with XMLUnit and the schemas. */
class Ifmap2WireTest {
    private static final String ENV = "xmlns:env=\"" + Namespaces.SOAP_1_2 + "\" xmlns:ifmap=\"" + Namespaces.IFMAP_2 + "\"";
    private static final String META = "xmlns:meta=\"" + Namespaces.META_2 + "\"";
    private static TestServer server;
    private SoapConnection alice;
    private String sid;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void openSession() {
        alice = server.connect("alice");
        sid = Soap.newSession(alice);
    }

    @AfterEach
    void endSession() {
        alice.post(v2("<ifmap:purgePublisher session-id=\"" + sid + "\" ifmap-publisher-id=\"alice\"/>"));
        alice.post(v2("<ifmap:endSession session-id=\"" + sid + "\"/>"));
        alice.close();
    }

    private static String envelope(String response) {
        return "<env:Envelope " + ENV + "><env:Body><ifmap:response>" + response + "</ifmap:response></env:Body></env:Envelope>";
    }

    private HttpResponse post(String body) {
        HttpResponse r = alice.post(v2(body));
        assertEquals(200, r.status(), r.text());
        assertEquals("application/soap+xml;charset=utf-8", mediaType(r));
        IfmapSchemas.assertValidResponse(r.body());
        return r;
    }

    @Test
    void newSessionAnswersSessionIdPublisherIdAndPollLimit() {
        try (SoapConnection bob = server.connect("bob")) {
            HttpResponse r = bob.post(v2("<ifmap:newSession max-poll-result-size=\"1000000\"/>"));
            IfmapSchemas.assertValidResponse(r.body());
            String id = xpath(r.body(), "//newSessionResult/@session-id");
            assertTrue(id.matches("[0-9a-f]{32}"), "128 random bits as hex: " + id);
            assertSimilar(envelope("<newSessionResult session-id=\"" + id
                    + "\" ifmap-publisher-id=\"bob\" max-poll-result-size=\"1000000\"/>"), r.body());
            String again = Soap.newSession(bob);
            assertFalse(again.equals(id), "a new session gets a new id");
        }
    }

    @Test
    void publishAndSearchReturnTheGraphWithOperationalAttributes() {
        HttpResponse published = post("<ifmap:publish session-id=\"" + sid + "\">"
                + "<update lifetime=\"forever\"><access-request name=\"ar7\"/><ip-address value=\"192.0.2.7\" type=\"IPv4\"/>"
                + "<metadata><meta:access-request-ip ifmap-cardinality=\"singleValue\"/></metadata></update>"
                + "<update><access-request name=\"ar7\"/><metadata><meta:capability ifmap-cardinality=\"multiValue\">"
                + "<name>guest</name></meta:capability></metadata></update></ifmap:publish>");
        assertSimilar(envelope("<publishReceived/>"), published.body());

        HttpResponse found = post("<ifmap:search session-id=\"" + sid + "\" max-depth=\"1\" match-links=\"meta:access-request-ip\">"
                + "<ip-address value=\"192.0.2.7\"/></ifmap:search>");
        assertSimilar(envelope("<searchResult>"
                + "<resultItem><ip-address value=\"192.0.2.7\" type=\"IPv4\"/></resultItem>"
                + "<resultItem><access-request name=\"ar7\"/><ip-address value=\"192.0.2.7\" type=\"IPv4\"/>"
                + "<metadata><meta:access-request-ip " + META + " ifmap-cardinality=\"singleValue\" ifmap-publisher-id=\"alice\"/>"
                + "</metadata></resultItem>"
                + "<resultItem><access-request name=\"ar7\"/><metadata><meta:capability " + META
                + " ifmap-cardinality=\"multiValue\" ifmap-publisher-id=\"alice\"><name>guest</name></meta:capability>"
                + "</metadata></resultItem></searchResult>"), found.body(), "ifmap-timestamp");
        String ts = xpath(found.body(), "//meta:access-request-ip/@ifmap-timestamp");
        assertTrue(ts.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"), ts);
    }

    @Test
    void vendorMetadataComesBackAsPublishedWithForgedOperationalAttributesReplaced() {
        // the vendor prefix is declared only on the Envelope, as gateways do
        String request = "<?xml version=\"1.0\"?><env:Envelope " + ENV + " " + META
                + " xmlns:acme=\"http://example.com/acme/1\" xmlns:other=\"http://example.com/other\"><env:Body>"
                + "<ifmap:publish session-id=\"" + sid + "\"><update><mac-address value=\"00:1b:21:3a:4f:0c\"/><metadata>"
                + "<acme:posture ifmap-cardinality=\"multiValue\" ifmap-publisher-id=\"mallory\" ifmap-made-up=\"x\" level=\"3\""
                + " other:flag=\"on\"><acme:check name=\"av\">passed &amp; current</acme:check><note>kept</note>"
                + "</acme:posture></metadata></update></ifmap:publish></env:Body></env:Envelope>";
        assertEquals("", Soap.errorCode(alice.post(request).body()));
        HttpResponse found = post("<ifmap:search session-id=\"" + sid + "\"><mac-address value=\"00:1b:21:3a:4f:0c\"/></ifmap:search>");
        assertSimilar(envelope("<searchResult><resultItem><mac-address value=\"00:1b:21:3a:4f:0c\"/><metadata>"
                + "<acme:posture xmlns:acme=\"http://example.com/acme/1\" xmlns:other=\"http://example.com/other\""
                + " ifmap-cardinality=\"multiValue\" ifmap-publisher-id=\"alice\" level=\"3\" other:flag=\"on\">"
                + "<acme:check name=\"av\">passed &amp; current</acme:check><note>kept</note></acme:posture>"
                + "</metadata></resultItem></searchResult>"), found.body(), "ifmap-timestamp");
    }

    @Test
    void subscribeAndPollAnswerSearchThenUpdateDeleteAndNotify() {
        post("<ifmap:subscribe session-id=\"" + sid + "\"><update name=\"watch\" max-depth=\"1\">"
                + "<ip-address value=\"198.51.100.1\"/></update></ifmap:subscribe>");
        try (SoapConnection arc = server.connect("alice")) {
            HttpResponse first = arc.post(v2("<ifmap:poll session-id=\"" + sid + "\"/>"));
            IfmapSchemas.assertValidResponse(first.body());
            assertSimilar(envelope("<pollResult><searchResult name=\"watch\"><resultItem>"
                    + "<ip-address value=\"198.51.100.1\" type=\"IPv4\"/></resultItem></searchResult></pollResult>"), first.body());

            post("<ifmap:publish session-id=\"" + sid + "\"><update><ip-address value=\"198.51.100.1\"/><metadata>"
                    + "<meta:capability ifmap-cardinality=\"multiValue\"><name>scan</name></meta:capability></metadata></update>"
                    + "<notify><ip-address value=\"198.51.100.1\"/><metadata><meta:request-for-investigation"
                    + " ifmap-cardinality=\"multiValue\" qualifier=\"probe\"/></metadata></notify></ifmap:publish>");
            HttpResponse second = arc.post(v2("<ifmap:poll session-id=\"" + sid + "\"/>"));
            IfmapSchemas.assertValidResponse(second.body());
            assertSimilar(envelope("<pollResult>"
                    + "<updateResult name=\"watch\"><resultItem><ip-address value=\"198.51.100.1\" type=\"IPv4\"/><metadata>"
                    + "<meta:capability " + META + " ifmap-cardinality=\"multiValue\" ifmap-publisher-id=\"alice\"><name>scan</name>"
                    + "</meta:capability></metadata></resultItem></updateResult>"
                    + "<notifyResult name=\"watch\"><resultItem><ip-address value=\"198.51.100.1\" type=\"IPv4\"/><metadata>"
                    + "<meta:request-for-investigation " + META + " ifmap-cardinality=\"multiValue\" ifmap-publisher-id=\"alice\""
                    + " qualifier=\"probe\"/></metadata></resultItem></notifyResult>"
                    + "</pollResult>"), second.body(), "ifmap-timestamp");

            post("<ifmap:publish session-id=\"" + sid + "\"><delete filter=\"meta:capability\"><ip-address value=\"198.51.100.1\"/>"
                    + "</delete></ifmap:publish>");
            HttpResponse third = arc.post(v2("<ifmap:poll session-id=\"" + sid + "\"/>"));
            assertSimilar(envelope("<pollResult><deleteResult name=\"watch\"><resultItem>"
                    + "<ip-address value=\"198.51.100.1\" type=\"IPv4\"/><metadata><meta:capability " + META
                    + " ifmap-cardinality=\"multiValue\" ifmap-publisher-id=\"alice\"><name>scan</name></meta:capability>"
                    + "</metadata></resultItem></deleteResult></pollResult>"), third.body(), "ifmap-timestamp");
        }
    }

    @Test
    void aPollThatWaitedIsAnsweredWithItsHeaders() {
        post("<ifmap:subscribe session-id=\"" + sid + "\"><update name=\"later\"><ip-address value=\"198.51.100.2\"/>"
                + "</update></ifmap:subscribe>");
        try (SoapConnection arc = server.connect("alice")) {
            arc.post(v2("<ifmap:poll session-id=\"" + sid + "\"/>"));
            arc.send(v2("<ifmap:poll session-id=\"" + sid + "\"/>"));
            long deadline = System.currentTimeMillis() + 10_000;
            while (server.server().sessions().pendingPolls() == 0 && System.currentTimeMillis() < deadline) {
                Thread.onSpinWait();
            }
            post("<ifmap:publish session-id=\"" + sid + "\"><update><ip-address value=\"198.51.100.2\"/><metadata>"
                    + "<meta:capability ifmap-cardinality=\"multiValue\"><name>late</name></meta:capability></metadata>"
                    + "</update></ifmap:publish>");
            HttpResponse answer = arc.read();
            assertEquals(200, answer.status());
            assertEquals("application/soap+xml;charset=utf-8", mediaType(answer), answer.headers().toString());
            assertEquals(Integer.toString(answer.body().length), answer.header("content-length"));
            IfmapSchemas.assertValidResponse(answer.body());
            assertEquals("late", xpath(answer.body(), "//updateResult[@name='later']//meta:capability/name"));
        }
    }

    @Test
    void acknowledgementsHaveTheirSchemaNames() {
        assertSimilar(envelope("<subscribeReceived/>"), post("<ifmap:subscribe session-id=\"" + sid
                + "\"><delete name=\"never-made\"/></ifmap:subscribe>").body());
        assertSimilar(envelope("<purgePublisherReceived/>"), post("<ifmap:purgePublisher session-id=\"" + sid
                + "\" ifmap-publisher-id=\"alice\"/>").body());
        assertSimilar(envelope("<renewSessionResult/>"), post("<ifmap:renewSession session-id=\"" + sid + "\"/>").body());
    }

    @Test
    void theAliasPathServesTheSameGraph() {
        post("<ifmap:publish session-id=\"" + sid + "\"><update><identity name=\"carol\" type=\"username\"/><metadata>"
                + "<meta:role ifmap-cardinality=\"multiValue\"><name>staff</name></meta:role></metadata></update></ifmap:publish>");
        try (SoapConnection viaAlias = SoapConnection.withAuthorization(server, "/dana-ws/soap/ifmap",
                SoapConnection.basic("bob", TestServer.PASSWORD))) {
            String bobSid = Soap.newSession(viaAlias);
            HttpResponse r = viaAlias.post(v2("<ifmap:search session-id=\"" + bobSid
                    + "\"><identity name=\"carol\" type=\"username\"/></ifmap:search>"));
            assertEquals("staff", xpath(r.body(), "//meta:role/name"));
        }
    }

    @Test
    void soap11EnvelopesAreAnsweredInSoap11() {
        String request = "<soap:Envelope xmlns:soap=\"" + Namespaces.SOAP_1_1 + "\" xmlns:ifmap=\"" + Namespaces.IFMAP_2
                + "\"><soap:Body><ifmap:renewSession session-id=\"" + sid + "\"/></soap:Body></soap:Envelope>";
        HttpResponse r = alice.post(request.getBytes(StandardCharsets.UTF_8), SoapConnection.SOAP11, Map.of());
        assertEquals(200, r.status());
        assertEquals("text/xml;charset=utf-8", mediaType(r));
        assertSimilar("<soap:Envelope xmlns:soap=\"" + Namespaces.SOAP_1_1 + "\"><soap:Body><ifmap:response xmlns:ifmap=\""
                + Namespaces.IFMAP_2 + "\"><renewSessionResult/></ifmap:response></soap:Body></soap:Envelope>", r.body());
    }

    @Test
    void gzipRequestsAndAnswersAreUnderstood() throws IOException {
        StringBuilder items = new StringBuilder();
        for (int i = 0; i < 30; i++) {
            items.append("<meta:role ifmap-cardinality=\"multiValue\"><name>role-").append(i).append("</name></meta:role>");
        }
        byte[] zipped = gzip(v2("<ifmap:publish session-id=\"" + sid + "\"><update><identity name=\"dave\" type=\"username\"/>"
                + "<metadata>" + items + "</metadata></update></ifmap:publish>"));
        HttpResponse r = alice.post(zipped, SoapConnection.SOAP12, Map.of("Content-Encoding", "gzip"));
        assertEquals("", Soap.errorCode(r.body()), r.text());
        HttpResponse found = alice.post(v2("<ifmap:search session-id=\"" + sid + "\"><identity name=\"dave\" type=\"username\"/>"
                + "</ifmap:search>").getBytes(StandardCharsets.UTF_8), SoapConnection.SOAP12, Map.of("Accept-Encoding", "gzip"));
        assertEquals("gzip", found.header("content-encoding"), "a large answer is compressed when the client accepts gzip");
        assertEquals(30, Soap.count(found.body(), "//meta:role"));
    }

    @Test
    void expectContinueIsAnswered() {
        byte[] body = v2("<ifmap:renewSession session-id=\"" + sid + "\"/>").getBytes(StandardCharsets.UTF_8);
        HttpResponse r = alice.post(body, SoapConnection.SOAP12, Map.of("Expect", "100-continue"));
        if (r.status() == 100) {
            r = alice.read();
        }
        assertEquals(200, r.status());
        assertEquals(1, Soap.count(r.body(), "//renewSessionResult"));
    }

    @Test
    void theWsdlAndItsSchemasAreServedWithThisServersAddress() {
        try (SoapConnection anyone = SoapConnection.withAuthorization(server, "/dana-ws/soap/dsifmap", null)) {
            HttpResponse wsdl = anyone.get("/dana-ws/soap/dsifmap?wsdl");
            assertEquals(200, wsdl.status());
            String self = "https://127.0.0.1:" + server.port() + "/dana-ws/soap/dsifmap";
            assertEquals(self, xpath(wsdl.body(), "//*[local-name()='address']/@location"));
            String base = xpath(wsdl.body(), "//*[local-name()='import'][@namespace='" + Namespaces.IFMAP_2 + "']/@schemaLocation");
            assertEquals(self + "?xsd=ifmap-base-2.xsd", base);
            HttpResponse xsd = anyone.get("/dana-ws/soap/dsifmap?xsd=ifmap-base-2.xsd");
            assertEquals(Namespaces.IFMAP_2, xpath(xsd.body(), "/*/@targetNamespace"));
            assertEquals(404, anyone.get("/dana-ws/soap/dsifmap?xsd=../../etc/passwd").status());
            HttpResponse wsdl11 = anyone.get("/dana-ws/soap/dsifmap?wsdl=1.1");
            assertEquals(self, xpath(wsdl11.body(), "//*[local-name()='address']/@location"));
            assertEquals(self + "?xsd=ifmap-base-1.1.xsd", xpath(wsdl11.body(),
                    "//*[local-name()='import'][@namespace='" + Namespaces.IFMAP_1 + "']/@schemaLocation"));
        }
    }

    /** The Content-Type without optional white space, lower case. */
    private static String mediaType(HttpResponse r) {
        return r.header("content-type").replace(" ", "").toLowerCase(java.util.Locale.ROOT);
    }

    private static byte[] gzip(String s) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(s.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }
}
