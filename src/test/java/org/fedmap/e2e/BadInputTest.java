package org.fedmap.e2e;

import static org.fedmap.testsupport.Soap.errorCode;
import static org.fedmap.testsupport.Soap.v2;
import static org.fedmap.testsupport.Soap.xpath;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.fedmap.model.Metadata;
import org.fedmap.model.Namespaces;
import org.fedmap.model.Target;
import org.fedmap.testsupport.IfmapSchemas;
import org.fedmap.testsupport.LogCapture;
import org.fedmap.testsupport.Soap;
import org.fedmap.testsupport.SoapConnection;
import org.fedmap.testsupport.SoapConnection.HttpResponse;
import org.fedmap.testsupport.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Malformed, hostile and refused requests: each gets the IF-MAP error the specification names (or
 * a SOAP fault or HTTP error where the request is not IF-MAP at all), the log says why, and nothing
 * stored changes. Every test ends by checking the graph is exactly as before and the server still
 * answers.
 */
class BadInputTest {
    private static final String VALID_UPDATE = "<update lifetime=\"forever\"><ip-address value=\"192.0.2.200\"/><metadata>"
            + "<meta:capability ifmap-cardinality=\"multiValue\"><name>fresh</name></meta:capability></metadata></update>";
    private static TestServer server;
    private SoapConnection alice;
    private String sid;
    private Map<Target, List<Metadata>> before;
    private LogCapture log;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of("http.max-request-size", "65536", "ifmap.metadata.max-size", "2048"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void seedAndRemember() {
        alice = server.connect("alice");
        sid = Soap.newSession(alice);
        HttpResponse seeded = alice.post(v2("<ifmap:publish session-id=\"" + sid + "\"><update lifetime=\"forever\">"
                + "<access-request name=\"ar1\"/><metadata><meta:capability ifmap-cardinality=\"multiValue\">"
                + "<name>existing</name></meta:capability></metadata></update></ifmap:publish>"));
        assertEquals("", errorCode(seeded.body()));
        before = server.server().graph().snapshot();
        log = new LogCapture();
    }

    @AfterEach
    void nothingChangedAndStillServing() {
        log.close();
        assertEquals(before, server.server().graph().snapshot(), "stored data changed");
        try (SoapConnection c = server.connect("bob")) {
            String bobSid = Soap.newSession(c);
            HttpResponse r = c.post(v2("<ifmap:search session-id=\"" + bobSid + "\"><access-request name=\"ar1\"/></ifmap:search>"));
            assertEquals("existing", xpath(r.body(), "//meta:capability/name"), "the server still answers");
        }
        alice.close();
    }

    private HttpResponse publish(String operations) {
        return alice.post(v2("<ifmap:publish session-id=\"" + sid + "\">" + operations + "</ifmap:publish>"));
    }

    private static void assertError(String code, HttpResponse r) {
        assertEquals(200, r.status(), "IF-MAP errors travel as errorResult with HTTP 200");
        assertEquals(code, errorCode(r.body()), r.text());
        assertFalse(xpath(r.body(), "//errorResult/errorString").isBlank(), "the errorString says what is wrong");
        IfmapSchemas.assertValidResponse(r.body());
    }

    private static void assertSoap12Fault(String code, HttpResponse r) {
        assertEquals(400, r.status(), r.text());
        assertEquals("{" + Namespaces.SOAP_1_2 + "}" + code, Soap.faultCode(r.body()));
        assertFalse(xpath(r.body(), "//env:Reason/env:Text").isBlank());
    }

    // ---------------------------------------------------------------- not XML, not SOAP, not IF-MAP

    @Test
    void malformedXmlGetsASenderFault() {
        HttpResponse r = alice.post("<env:Envelope xmlns:env=\"" + Namespaces.SOAP_1_2 + "\"><env:Body><unclosed></env:Body>");
        assertSoap12Fault("Sender", r);
        assertTrue(log.contains("malformed XML"), log.messages().toString());
    }

    @Test
    void malformedXmlSentAsSoap11GetsASoap11Fault() {
        HttpResponse r = alice.post("not xml at all".getBytes(StandardCharsets.UTF_8), SoapConnection.SOAP11, Map.of());
        assertEquals(500, r.status());
        assertTrue(r.header("content-type").startsWith("text/xml"));
        assertEquals("{" + Namespaces.SOAP_1_1 + "}Client", Soap.faultCode(r.body()));
    }

    @Test
    void entityExpansionBombIsRefusedAtOnce() {
        String bomb = "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">"
                + "<!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">"
                + "<!ENTITY lol2 \"&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;\">"
                + "<!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">"
                + "<!ENTITY lol4 \"&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;\">"
                + "<!ENTITY lol5 \"&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;\">"
                + "<!ENTITY lol6 \"&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;\">"
                + "<!ENTITY lol7 \"&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;\">"
                + "<!ENTITY lol8 \"&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;\">"
                + "<!ENTITY lol9 \"&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;\">]>"
                + "<env:Envelope xmlns:env=\"" + Namespaces.SOAP_1_2 + "\"><env:Body><ifmap:publish xmlns:ifmap=\""
                + Namespaces.IFMAP_2 + "\" session-id=\"&lol9;\"/></env:Body></env:Envelope>";
        HttpResponse r = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> alice.post(bomb));
        assertSoap12Fault("Sender", r);
        assertTrue(xpath(r.body(), "//env:Reason/env:Text").contains("DOCTYPE"));
    }

    @Test
    void externalEntitiesAreNeverFetched() {
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY secret SYSTEM \"file:///etc/passwd\">]>"
                + "<env:Envelope xmlns:env=\"" + Namespaces.SOAP_1_2 + "\"><env:Body><ifmap:search xmlns:ifmap=\""
                + Namespaces.IFMAP_2 + "\" session-id=\"" + sid + "\"><identity type=\"username\" name=\"&secret;\"/>"
                + "</ifmap:search></env:Body></env:Envelope>";
        HttpResponse r = alice.post(xxe);
        assertSoap12Fault("Sender", r);
        assertFalse(r.text().contains("root:"), "no file content may come back");
    }

    @Test
    void aDocumentThatIsNotAnEnvelopeGetsAFault() {
        HttpResponse r = alice.post("<ifmap:newSession xmlns:ifmap=\"" + Namespaces.IFMAP_2 + "\"/>");
        assertEquals(500, r.status(), "SOAP version unknown: answered as SOAP 1.1");
        assertEquals("{" + Namespaces.SOAP_1_1 + "}Client", Soap.faultCode(r.body()));
    }

    @Test
    void anUnknownEnvelopeNamespaceIsAVersionMismatch() {
        HttpResponse r = alice.post("<e:Envelope xmlns:e=\"http://example.com/not-soap\"><e:Body/></e:Envelope>");
        assertSoap12Fault("VersionMismatch", r);
    }

    @Test
    void aBodyInAForeignNamespaceIsNotAnIfmapRequest() {
        HttpResponse r = alice.post("<env:Envelope xmlns:env=\"" + Namespaces.SOAP_1_2 + "\"><env:Body>"
                + "<x:publish xmlns:x=\"http://example.com/ifmap\" session-id=\"" + sid + "\"/></env:Body></env:Envelope>");
        assertSoap12Fault("Sender", r);
        assertTrue(xpath(r.body(), "//env:Reason/env:Text").contains("http://example.com/ifmap"));
    }

    @Test
    void aMandatoryHeaderTheServerDoesNotKnowIsRefused() {
        HttpResponse r = alice.post("<env:Envelope xmlns:env=\"" + Namespaces.SOAP_1_2 + "\" xmlns:ifmap=\""
                + Namespaces.IFMAP_2 + "\" xmlns:meta=\"" + Namespaces.META_2 + "\"><env:Header><x:trace xmlns:x=\"http://example.com/x\" env:mustUnderstand=\"true\"/>"
                + "</env:Header><env:Body>" + "<ifmap:publish session-id=\"" + sid + "\">" + VALID_UPDATE
                + "</ifmap:publish></env:Body></env:Envelope>");
        assertSoap12Fault("MustUnderstand", r);
    }

    @Test
    void anEmptyBodyIsRefused() {
        assertSoap12Fault("Sender", alice.post("<env:Envelope xmlns:env=\"" + Namespaces.SOAP_1_2 + "\"><env:Body/></env:Envelope>"));
    }

    @Test
    void anUnknownIfmapOperationIsAFailure() {
        assertError("Failure", alice.post(v2("<ifmap:dump session-id=\"" + sid + "\"/>")));
    }

    // ---------------------------------------------------------------- identifiers: nothing of a failed publish is kept

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "IPv4 with a leading zero            | InvalidIdentifier     | <ip-address value='10.0.1.020'/>",
            "IPv4 with five parts                | InvalidIdentifier     | <ip-address value='10.0.1.2.3'/>",
            "IPv6 compressed                     | InvalidIdentifier     | <ip-address type='IPv6' value='2001:db8::1'/>",
            "IPv6 upper case                     | InvalidIdentifier     | <ip-address type='IPv6' value='2001:DB8:0:0:0:0:0:1'/>",
            "IPv6 leading zeros                  | InvalidIdentifier     | <ip-address type='IPv6' value='2001:0db8:0:0:0:0:0:1'/>",
            "unknown address type                | InvalidIdentifier     | <ip-address type='IPv5' value='1.2.3.4'/>",
            "MAC upper case                      | InvalidIdentifier     | <mac-address value='00:1B:21:3A:4F:0C'/>",
            "MAC with dashes                     | InvalidIdentifier     | <mac-address value='00-1b-21-3a-4f-0c'/>",
            "access-request without name         | InvalidIdentifier     | <access-request name=''/>",
            "identity without type               | InvalidIdentifier     | <identity name='x'/>",
            "identity of unknown type            | InvalidIdentifierType | <identity name='x' type='nickname'/>",
            "1.1-only identity type              | InvalidIdentifierType | <identity name='x' type='trusted-platform-module'/>",
            "other without its definition        | InvalidIdentifier     | <identity name='x' type='other'/>",
            "hip-hit not canonical IPv6          | InvalidIdentifier     | <identity name='2001:db8::1' type='hip-hit'/>",
            "device aik-name (1.1 only)          | InvalidIdentifier     | <device><aik-name>x</aik-name></device>",
            "device without name                 | InvalidIdentifier     | <device/>",
            "unknown identifier element          | InvalidIdentifierType | <printer name='x'/>",
            "extended identifier not canonical   | InvalidIdentifier     | <identity type='other' other-type-definition='extended' name='&lt;network xmlns=&quot;http://example.com/n&quot; administrative-domain=&quot;&quot;/&gt;'/>",
            "extended identifier with AD outside | InvalidIdentifier     | <identity type='other' other-type-definition='extended' administrative-domain='x' name='&lt;network xmlns=&quot;http://example.com/n&quot; administrative-domain=&quot;&quot;&gt;&lt;/network&gt;'/>",
    })
    void aMalformedIdentifierFailsTheWholePublish(String why, String code, String identifier) {
        HttpResponse r = publish(VALID_UPDATE + "<update>" + identifier + "<metadata><meta:capability"
                + " ifmap-cardinality=\"multiValue\"><name>x</name></meta:capability></metadata></update>");
        assertError(code, r);
        assertTrue(log.contains(code), "the refusal is logged with its code: " + log.messages());
    }

    @Test
    void anOverlongIdentifierIsIdentifierTooLong() {
        assertError("IdentifierTooLong", publish(VALID_UPDATE + "<update><identity type=\"username\" name=\""
                + "n".repeat(5000) + "\"/><metadata><meta:capability ifmap-cardinality=\"multiValue\"><name>x</name>"
                + "</meta:capability></metadata></update>"));
    }

    @Test
    void linksNeedExactlyTwoDifferentIdentifiers() {
        assertError("InvalidIdentifier", publish(VALID_UPDATE + "<update><access-request name=\"a\"/>"
                + "<access-request name=\"a\"/><metadata><meta:access-request-ip ifmap-cardinality=\"singleValue\"/>"
                + "</metadata></update>"));
        assertError("InvalidIdentifier", publish(VALID_UPDATE + "<delete><access-request name=\"a\"/>"
                + "<access-request name=\"b\"/><access-request name=\"c\"/></delete>"));
    }

    // ---------------------------------------------------------------- metadata

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "no ifmap-cardinality              | InvalidMetadata | <meta:capability><name>x</name></meta:capability>",
            "cardinality not a known value     | InvalidMetadata | <meta:capability ifmap-cardinality='sometimes'><name>x</name></meta:capability>",
            "standard type with the other one  | InvalidMetadata | <meta:capability ifmap-cardinality='singleValue'><name>x</name></meta:capability>",
            "metadata without a namespace      | InvalidMetadata | <capability ifmap-cardinality='multiValue'/>",
    })
    void malformedMetadataFailsTheWholePublish(String why, String code, String metadata) {
        assertError(code, publish(VALID_UPDATE + "<update><ip-address value=\"192.0.2.201\"/><metadata>" + metadata
                + "</metadata></update>"));
    }

    @Test
    void anUpdateWithoutMetadataIsInvalidMetadata() {
        assertError("InvalidMetadata", publish(VALID_UPDATE + "<update><ip-address value=\"192.0.2.201\"/></update>"));
    }

    @Test
    void overlongMetadataIsMetadataTooLong() {
        assertError("MetadataTooLong", publish(VALID_UPDATE + "<update><ip-address value=\"192.0.2.201\"/><metadata>"
                + "<meta:capability ifmap-cardinality=\"multiValue\"><name>" + "x".repeat(3000) + "</name>"
                + "</meta:capability></metadata></update>"));
    }

    @Test
    void anUnknownLifetimeIsAFailure() {
        assertError("Failure", publish("<update lifetime=\"always\"><ip-address value=\"192.0.2.201\"/><metadata>"
                + "<meta:capability ifmap-cardinality=\"multiValue\"><name>x</name></meta:capability></metadata></update>"));
    }

    // ---------------------------------------------------------------- filters and search parameters

    @Test
    void aDeleteFilterWithAnUndeclaredPrefixDeletesNothing() {
        assertError("Failure", publish("<delete filter=\"nope:capability\"><access-request name=\"ar1\"/></delete>"));
        assertError("Failure", publish("<delete filter=\"meta:capability[\"><access-request name=\"ar1\"/></delete>"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "negative max-depth          | max-depth='-1'",
            "max-depth not a number      | max-depth='deep'",
            "max-size not a number       | max-size='big'",
            "empty terminal type entry   | terminal-identifier-type='ip-address,,device'",
            "unknown terminal type       | terminal-identifier-type='printer'",
            "match-links with bad syntax | match-links='meta:role['",
    })
    void badSearchParametersAreAFailure(String why, String attribute) {
        assertError("Failure", alice.post(v2("<ifmap:search session-id=\"" + sid + "\" " + attribute
                + "><access-request name=\"ar1\"/></ifmap:search>")));
    }

    @Test
    void aSearchNeedsExactlyOneStartIdentifier() {
        assertError("InvalidIdentifier", alice.post(v2("<ifmap:search session-id=\"" + sid + "\"/>")));
    }

    @Test
    void aTooBigSearchResultIsSearchResultsTooBig() {
        assertError("SearchResultsTooBig", alice.post(v2("<ifmap:search session-id=\"" + sid
                + "\" max-size=\"10\"><access-request name=\"ar1\"/></ifmap:search>")));
    }

    // ---------------------------------------------------------------- sessions and rights

    @Test
    void unknownAndMissingSessionIdsAreInvalidSessionId() {
        assertError("InvalidSessionID", alice.post(v2("<ifmap:publish session-id=\"0123456789abcdef0123456789abcdef\">"
                + VALID_UPDATE + "</ifmap:publish>")));
        assertError("InvalidSessionID", alice.post(v2("<ifmap:publish>" + VALID_UPDATE + "</ifmap:publish>")));
    }

    @Test
    void anotherClientsSessionIdIsInvalidSessionId() {
        try (SoapConnection bob = server.connect("bob")) {
            String bobSid = Soap.newSession(bob);
            assertError("InvalidSessionID", alice.post(v2("<ifmap:publish session-id=\"" + bobSid + "\">"
                    + VALID_UPDATE + "</ifmap:publish>")));
        }
    }

    @Test
    void purgingAnotherPublisherIsAccessDenied() {
        assertError("AccessDenied", alice.post(v2("<ifmap:purgePublisher session-id=\"" + sid
                + "\" ifmap-publisher-id=\"bob\"/>")));
    }

    // ---------------------------------------------------------------- HTTP: credentials, size, method, encoding

    @Test
    void requestsWithoutValidCredentialsGet401AndTheLogNamesTheReasonNotThePassword() {
        String request = v2("<ifmap:newSession/>");
        String[][] cases = {
                {null, "no credentials"},
                {SoapConnection.basic("alice", "wrong-password-9"), "wrong password for client 'alice'"},
                {SoapConnection.basic("mallory", "wrong-password-9"), "unknown client 'mallory'"},
                {"Basic !!!not-base64", "malformed Authorization header"},
                {"Bearer abc", "malformed Authorization header"},
        };
        for (String[] c : cases) {
            try (SoapConnection conn = SoapConnection.withAuthorization(server, "/dana-ws/soap/dsifmap", c[0])) {
                HttpResponse r = conn.post(request);
                assertEquals(401, r.status(), c[1]);
                assertTrue(r.header("www-authenticate").startsWith("Basic realm="), r.headers().toString());
                assertTrue(log.contains(c[1]), "log explains: " + c[1] + " in " + log.messages());
            }
        }
        assertFalse(log.messages().stream().anyMatch(m -> m.contains("wrong-password-9")), "a password is never logged");
    }

    @Test
    void anOversizedRequestGets413() {
        StringBuilder many = new StringBuilder();
        while (many.length() < 70_000) {
            many.append(VALID_UPDATE);
        }
        HttpResponse r = publish(many.toString());
        assertEquals(413, r.status());
        assertTrue(log.contains("http.max-request-size"), log.messages().toString());
    }

    @Test
    void aGzipBombIsStoppedAtTheSizeLimit() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 64; i++) {
                z.write(zeros); // 64 MiB of zeros: a few kB compressed
            }
        }
        assertTrue(out.size() < 100_000);
        HttpResponse r = alice.post(out.toByteArray(), SoapConnection.SOAP12, Map.of("Content-Encoding", "gzip"));
        assertEquals(413, r.status());
    }

    @Test
    void anUnknownContentEncodingGets415() {
        HttpResponse r = alice.post(v2("<ifmap:renewSession session-id=\"" + sid + "\"/>").getBytes(StandardCharsets.UTF_8),
                SoapConnection.SOAP12, Map.of("Content-Encoding", "br"));
        assertEquals(415, r.status());
    }

    @Test
    void getWithoutWsdlGets405() {
        try (SoapConnection anyone = SoapConnection.withAuthorization(server, "/dana-ws/soap/dsifmap", null)) {
            HttpResponse r = anyone.get("/dana-ws/soap/dsifmap");
            assertEquals(405, r.status());
            assertTrue(r.header("allow").contains("POST"));
        }
    }
}
