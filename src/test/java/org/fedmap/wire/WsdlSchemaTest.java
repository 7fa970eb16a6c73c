package org.fedmap.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;
import org.fedmap.testsupport.IfmapSchemas;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * The published WSDL and schemas in wsdl/: they compile, the WSDL describes every IF-MAP 2.x
 * operation, realistic responses validate, and responses with the mistakes clients trip over
 * are rejected.
 */
class WsdlSchemaTest {
    private static final String IFMAP = "http://www.trustedcomputinggroup.org/2010/IFMAP/2";
    private static final String META = "http://www.trustedcomputinggroup.org/2010/IFMAP-METADATA/2";
    private static final String OPMETA = "http://www.trustedcomputinggroup.org/2012/IFMAP-OPERATIONAL-METADATA/1";
    private static final String IDENTIFIER = "http://www.trustedcomputinggroup.org/2012/IFMAP-IDENTIFIER/1";
    private static final String SERVER = "http://www.trustedcomputinggroup.org/2013/IFMAP-SERVER/1";
    private static final String WSDL = "http://schemas.xmlsoap.org/wsdl/";
    private static final String SOAP12_BINDING = "http://schemas.xmlsoap.org/wsdl/soap12/";
    private static final String XSD = XMLConstants.W3C_XML_SCHEMA_NS_URI;

    private static final List<String> OPERATIONS = List.of(
            "newSession", "renewSession", "endSession", "publish", "search", "subscribe", "poll", "purgePublisher");

    private static final Map<String, String> TARGET_NAMESPACES = Map.of(
            "ifmap-base-2.xsd", IFMAP,
            "ifmap-metadata-2.xsd", META,
            "ifmap-opmeta-2.1.xsd", OPMETA,
            "ifmap-identifier-2.1.xsd", IDENTIFIER,
            "ifmap-server-2.2.xsd", SERVER);

    private static final String TS = "2024-05-06T10:11:12Z";
    /** Operational attributes of a stored item, as the server stamps them. */
    private static final String SINGLE = " ifmap-cardinality=\"singleValue\" ifmap-publisher-id=\"fedmap-7\" ifmap-timestamp=\"" + TS + "\"";
    private static final String MULTI = " ifmap-cardinality=\"multiValue\" ifmap-publisher-id=\"fedmap-7\" ifmap-timestamp=\"" + TS + "\"";

    private static final String AR = "<access-request name=\"fedmap-7:ar1\"/>";
    private static final String IP = "<ip-address value=\"192.0.2.7\" type=\"IPv4\"/>";
    private static final String MAC = "<mac-address value=\"00:11:22:aa:bb:cc\"/>";
    private static final String USER = "<identity name=\"alice\" type=\"username\"/>";
    private static final String DEVICE = "<device><name>pdp-1</name></device>";
    private static final String MAP_SERVER = "<identity type=\"other\" other-type-definition=\"extended\" name=\""
            + "&lt;ifmap-server xmlns=&quot;" + SERVER + "&quot; administrative-domain=&quot;&quot;&gt;&lt;/ifmap-server&gt;\"/>";

    /** A SOAP 1.2 envelope declaring the prefixes the way ifmapj and the protocol notes do: on the Envelope. */
    static byte[] soap12(String body) {
        return ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                + "<env:Envelope xmlns:env=\"http://www.w3.org/2003/05/soap-envelope\""
                + " xmlns:ifmap=\"" + IFMAP + "\" xmlns:meta=\"" + META + "\">"
                + "<env:Body>" + body + "</env:Body></env:Envelope>").getBytes(StandardCharsets.UTF_8);
    }

    static byte[] soap11(String body) {
        return ("<SOAP-ENV:Envelope xmlns:SOAP-ENV=\"http://schemas.xmlsoap.org/soap/envelope/\""
                + " xmlns:ifmap=\"" + IFMAP + "\"><SOAP-ENV:Header/>"
                + "<SOAP-ENV:Body>" + body + "</SOAP-ENV:Body></SOAP-ENV:Envelope>").getBytes(StandardCharsets.UTF_8);
    }

    static String response(String content) {
        return "<ifmap:response>" + content + "</ifmap:response>";
    }

    static String item(String identifiers, String metadata) {
        return "<resultItem>" + identifiers + "<metadata>" + metadata + "</metadata></resultItem>";
    }

    static AssertionError assertRejected(byte[] envelope, String... mustMention) {
        return IfmapSchemas.assertRejected(IfmapSchemas::assertValidResponse, envelope, mustMention);
    }

    static String quotedXml(AssertionError failure) {
        return IfmapSchemas.quotedXml(failure);
    }

    // ------------------------------------------------------------------------------------------

    @Nested
    class PublishedFiles {
        static Stream<String> xsdFiles() {
            return IfmapSchemas.XSD_FILES.stream();
        }

        @ParameterizedTest
        @MethodSource("xsdFiles")
        void eachSchemaCompilesOnItsOwn(String file) {
            assertNotNull(IfmapSchemas.compile(file).newValidator());
        }

        @ParameterizedTest
        @MethodSource("xsdFiles")
        void eachSchemaHasItsNamespaceAndUnqualifiedLocalElements(String file) throws Exception {
            Element schema = parse(IfmapSchemas.DIRECTORY.resolve(file)).getDocumentElement();
            assertEquals(XSD, schema.getNamespaceURI());
            assertEquals(TARGET_NAMESPACES.get(file), schema.getAttribute("targetNamespace"));
            // qualified children would break ifmapj, which matches child elements by null namespace
            assertFalse("qualified".equals(schema.getAttribute("elementFormDefault")), file);
            assertFalse("qualified".equals(schema.getAttribute("attributeFormDefault")), file);
        }

        @Test
        void allSchemasCompileTogetherAndTheResultIsShared() {
            Schema schema = IfmapSchemas.schema();
            assertNotNull(schema);
            assertTrue(schema == IfmapSchemas.schema(), "schema() caches the compiled Schema");
        }

        @Test
        void everySchemaLocationIsABareFileNameInWsdlDirectoryWithTheMatchingNamespace() throws Exception {
            List<String> files = new ArrayList<>(IfmapSchemas.XSD_FILES);
            files.add(IfmapSchemas.WSDL_FILE);
            int imports = 0;
            for (String file : files) {
                NodeList list = parse(IfmapSchemas.DIRECTORY.resolve(file)).getElementsByTagNameNS(XSD, "import");
                for (int i = 0; i < list.getLength(); i++) {
                    Element imp = (Element) list.item(i);
                    String location = imp.getAttribute("schemaLocation");
                    assertTrue(location.matches("[a-z0-9.-]+\\.xsd"),
                            file + ": schemaLocation must be a bare file name (the server rewrites it to ?xsd=): " + location);
                    assertTrue(Files.isRegularFile(IfmapSchemas.DIRECTORY.resolve(location)), file + " imports missing " + location);
                    assertEquals(TARGET_NAMESPACES.get(location), imp.getAttribute("namespace"), file + " imports " + location);
                    imports++;
                }
            }
            assertEquals(1 + 1 + 2 + 5, imports, "metadata, opmeta, server (2) and the WSDL (5) import schemas");
        }

        @Test
        void wsdlAndSchemasAreOnTheClasspathUnderWsdl() throws Exception {
            List<String> files = new ArrayList<>(IfmapSchemas.XSD_FILES);
            files.add(IfmapSchemas.WSDL_FILE);
            for (String file : files) {
                try (InputStream in = WsdlSchemaTest.class.getResourceAsStream("/wsdl/" + file)) {
                    assertNotNull(in, "wsdl/" + file + " is not a classpath resource");
                    assertArrayEquals(Files.readAllBytes(IfmapSchemas.DIRECTORY.resolve(file)), in.readAllBytes(), file);
                }
            }
        }
    }

    // ------------------------------------------------------------------------------------------

    @Nested
    class Wsdl {
        private final Document wsdl;

        Wsdl() throws Exception {
            wsdl = parse(IfmapSchemas.DIRECTORY.resolve(IfmapSchemas.WSDL_FILE));
        }

        private List<Element> children(Element parent, String ns, String localName) {
            List<Element> found = new ArrayList<>();
            for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
                if (n instanceof Element e && ns.equals(e.getNamespaceURI()) && localName.equals(e.getLocalName())) {
                    found.add(e);
                }
            }
            return found;
        }

        private Element only(Element parent, String ns, String localName) {
            List<Element> found = children(parent, ns, localName);
            assertEquals(1, found.size(), "exactly one " + localName + " in " + parent.getLocalName());
            return found.get(0);
        }

        private Set<String> names(List<Element> elements) {
            Set<String> names = new TreeSet<>();
            elements.forEach(e -> names.add(e.getAttribute("name")));
            return names;
        }

        /** The element a message's single part names, as {namespace}local. */
        private String partElement(String messageQName) {
            String local = messageQName.substring(messageQName.indexOf(':') + 1);
            Element root = wsdl.getDocumentElement();
            for (Element message : children(root, WSDL, "message")) {
                if (message.getAttribute("name").equals(local)) {
                    Element part = only(message, WSDL, "part");
                    String qname = part.getAttribute("element");
                    String prefix = qname.substring(0, qname.indexOf(':'));
                    return "{" + part.lookupNamespaceURI(prefix) + "}" + qname.substring(prefix.length() + 1);
                }
            }
            throw new AssertionError("no message " + messageQName);
        }

        @Test
        void portTypeAndBindingNameEveryOperationEachAnsweredByResponse() {
            Element root = wsdl.getDocumentElement();
            assertEquals(WSDL, root.getNamespaceURI());
            assertEquals("definitions", root.getLocalName());
            Element portType = only(root, WSDL, "portType");
            List<Element> operations = children(portType, WSDL, "operation");
            assertEquals(new TreeSet<>(OPERATIONS), names(operations));
            assertEquals(OPERATIONS.size(), operations.size(), "no operation twice");
            for (Element op : operations) {
                String name = op.getAttribute("name");
                assertEquals("{" + IFMAP + "}" + name, partElement(only(op, WSDL, "input").getAttribute("message")), name);
                assertEquals("{" + IFMAP + "}response", partElement(only(op, WSDL, "output").getAttribute("message")), name);
            }
            Element binding = only(root, WSDL, "binding");
            assertEquals(new TreeSet<>(OPERATIONS), names(children(binding, WSDL, "operation")));
        }

        @Test
        void bindingIsSoap12DocumentLiteralAndServiceIsIfmapService() {
            Element root = wsdl.getDocumentElement();
            Element binding = only(root, WSDL, "binding");
            Element soapBinding = only(binding, SOAP12_BINDING, "binding");
            assertEquals("document", soapBinding.getAttribute("style"));
            assertEquals("http://schemas.xmlsoap.org/soap/http", soapBinding.getAttribute("transport"));
            for (Element op : children(binding, WSDL, "operation")) {
                for (String direction : List.of("input", "output")) {
                    Element body = only(only(op, WSDL, direction), SOAP12_BINDING, "body");
                    assertEquals("literal", body.getAttribute("use"), op.getAttribute("name") + " " + direction);
                }
            }
            Element service = only(root, WSDL, "service");
            assertEquals("IfmapService", service.getAttribute("name"));
            Element port = only(service, WSDL, "port");
            assertTrue(port.getAttribute("binding").endsWith(":" + binding.getAttribute("name")));
            assertEquals("https://localhost:8443/dana-ws/soap/dsifmap",
                    only(port, SOAP12_BINDING, "address").getAttribute("location"));
        }

        @Test
        void everyMessagePartNamesAGlobalElementOfTheBaseSchema() throws Exception {
            Set<String> declared = new TreeSet<>();
            Element base = parse(IfmapSchemas.DIRECTORY.resolve("ifmap-base-2.xsd")).getDocumentElement();
            children(base, XSD, "element").forEach(e -> declared.add("{" + IFMAP + "}" + e.getAttribute("name")));
            Set<String> used = new TreeSet<>();
            for (Element message : children(wsdl.getDocumentElement(), WSDL, "message")) {
                used.add(partElement("tns:" + message.getAttribute("name")));
            }
            assertEquals(OPERATIONS.size() + 1, used.size());
            assertTrue(declared.containsAll(used), () -> "undeclared: " + used + " vs " + declared);
        }

        @Test
        void typesSectionCompilesWithItsRelativeImports() throws Exception {
            Element types = only(wsdl.getDocumentElement(), WSDL, "types");
            Element inline = only(types, XSD, "schema");
            SchemaFactory factory = SchemaFactory.newInstance(XSD);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "file"); // local files only, no network
            String base = IfmapSchemas.DIRECTORY.resolve(IfmapSchemas.WSDL_FILE).toAbsolutePath().toUri().toString();
            Schema schema = factory.newSchema(new DOMSource(inline, base));
            // the compiled types know the payload elements: a response validates against them
            Validator validator = schema.newValidator();
            validator.validate(new StreamSource(new StringReader(
                    "<ifmap:response xmlns:ifmap=\"" + IFMAP + "\"><publishReceived/></ifmap:response>")));
        }
    }

    // ------------------------------------------------------------------------------------------

    @Nested
    class ValidResponses {
        @Test
        void newSessionResult() {
            IfmapSchemas.assertValidResponse(soap12(response(
                    "<newSessionResult session-id=\"3f2a9c0d7e614b8a9f0c11d2e3f4a5b6\" ifmap-publisher-id=\"fedmap-7\""
                            + " max-poll-result-size=\"5000000\"/>")));
        }

        @Test
        void acknowledgementsInSoap12AndSoap11() {
            for (String ack : List.of("publishReceived", "subscribeReceived", "purgePublisherReceived",
                    "renewSessionResult", "endSessionResult")) {
                IfmapSchemas.assertValidResponse(soap12(response("<" + ack + "/>")));
                IfmapSchemas.assertValidResponse(soap11(response("<" + ack + "/>")));
            }
        }

        @Test
        void publishReceivedBuiltAsDom() throws Exception {
            Document doc = newDocument();
            Element response = doc.createElementNS(IFMAP, "ifmap:response");
            response.appendChild(doc.createElementNS(null, "publishReceived"));
            doc.appendChild(response);
            IfmapSchemas.assertValidResponse(response);
        }

        @Test
        void searchResultWithIdentifiersAndLinksCarryingStandardMetadata() {
            IfmapSchemas.assertValidResponse(soap12(response("<searchResult>"
                    + "<resultItem>" + AR + "</resultItem>"
                    + item(AR, "<meta:capability" + MULTI + "><name>guest</name></meta:capability>"
                            + "<meta:capability" + MULTI + "><name>vpn</name><administrative-domain>corp</administrative-domain></meta:capability>")
                    + "<resultItem>" + IP + "</resultItem>"
                    + item(AR + IP, "<meta:access-request-ip" + SINGLE + "/>")
                    + item(AR + USER, "<meta:authenticated-as" + SINGLE + "/>"
                            + "<meta:role" + MULTI + "><name>employees</name></meta:role>")
                    + item(AR + DEVICE, "<meta:authenticated-by" + SINGLE + "/>")
                    + item(IP + MAC, "<meta:ip-mac" + MULTI + "><start-time>" + TS + "</start-time>"
                            + "<dhcp-server>dhcp-1</dhcp-server></meta:ip-mac>")
                    + item("<ip-address value=\"2001:db8:0:0:0:0:0:1\" type=\"IPv6\" administrative-domain=\"lab\"/>",
                            "<meta:event" + MULTI + "><name>port scan</name><discovered-time>" + TS + "</discovered-time>"
                            + "<discoverer-id>ids-1</discoverer-id><magnitude>40</magnitude><confidence>90</confidence>"
                            + "<significance>important</significance><type>behavioral change</type></meta:event>")
                    + "</searchResult>")));
        }

        @Test
        void pollResultMixingEveryKindOfResult() {
            IfmapSchemas.assertValidResponse(soap12(response("<pollResult>"
                    + "<searchResult name=\"first\">" + item(AR, "<meta:capability" + MULTI + "><name>guest</name></meta:capability>")
                    + "</searchResult>"
                    + "<updateResult name=\"sub1\">" + item(AR + IP, "<meta:access-request-ip" + SINGLE + "/>") + "</updateResult>"
                    + "<deleteResult name=\"sub1\">" + item(AR + USER, "<meta:role" + MULTI + "><name>old</name></meta:role>")
                    + "</deleteResult>"
                    + "<notifyResult name=\"sub1\">" + item(IP, "<meta:unexpected-behavior" + MULTI + ">"
                            + "<discovered-time>" + TS + "</discovered-time><discoverer-id>ids-1</discoverer-id>"
                            + "<magnitude>10</magnitude><significance>informational</significance></meta:unexpected-behavior>")
                    + "</notifyResult>"
                    + "<updateResult name=\"empty\"/>"
                    + "<errorResult name=\"sub2\" errorCode=\"SearchResultsTooBig\"><errorString>result over 100000 bytes</errorString></errorResult>"
                    + "</pollResult>")));
        }

        @Test
        void emptyPollResult() {
            IfmapSchemas.assertValidResponse(soap12(response("<pollResult/>")));
        }

        @Test
        void errorResultWithErrorString() {
            IfmapSchemas.assertValidResponse(soap12(response(
                    "<errorResult errorCode=\"InvalidSessionID\"><errorString>unknown session</errorString></errorResult>")));
            IfmapSchemas.assertValidResponse(soap12(response(
                    "<errorResult errorCode=\"PollResultsTooBig\"><errorString/></errorResult>")));
        }

        @Test
        void endSessionResultOnThePendingPoll() {
            IfmapSchemas.assertValidResponse(soap12("<ifmap:response validation=\"None\"><endSessionResult/></ifmap:response>"));
        }

        @Test
        void clientTimeOperationalMetadata() {
            IfmapSchemas.assertValidResponse(soap12(response("<searchResult>"
                    + item(DEVICE, "<op:client-time xmlns:op=\"" + OPMETA + "\" current-timestamp=\"2024-05-06T10:11:10.250+02:00\"" + SINGLE + "/>")
                    + "</searchResult>")));
        }

        @Test
        void vendorMetadataInAnotherNamespaceIsAcceptedLaxly() {
            IfmapSchemas.assertValidResponse(soap12(response("<searchResult>"
                    + item(IP, "<jnpr:generation-id xmlns:jnpr=\"http://www.juniper.net/2008/IFMAP/1\" anything=\"goes\"" + MULTI + ">"
                            + "<value>42</value><jnpr:nested/></jnpr:generation-id>")
                    + "</searchResult>")));
        }

        @Test
        void serverCapabilityOnTheMapServerExtendedIdentifier() {
            for (String cardinality : List.of("multiValue", "singleValue")) {
                IfmapSchemas.assertValidResponse(soap12(response("<searchResult>"
                        + item(MAP_SERVER, "<maps:server-capability xmlns:maps=\"" + SERVER + "\" ifmap-cardinality=\"" + cardinality + "\""
                                + " ifmap-publisher-id=\"fedmap\" ifmap-timestamp=\"" + TS + "\">"
                                + "<capability>ifmap-base-version-2.2</capability><capability>ifmap-base-version-2.1</capability>"
                                + "</maps:server-capability>")
                        + "</searchResult>")));
            }
        }

        @Test
        void mapServerIdentifierDocumentValidatesAgainstTheServerSchema() throws Exception {
            Validator validator = IfmapSchemas.schema().newValidator();
            validator.validate(new StreamSource(new StringReader(
                    "<ifmap-server xmlns=\"" + SERVER + "\" administrative-domain=\"\"></ifmap-server>")));
            SAXException missingDomain = assertThrows(SAXException.class, () -> validator.validate(new StreamSource(
                    new StringReader("<ifmap-server xmlns=\"" + SERVER + "\"></ifmap-server>"))));
            assertTrue(missingDomain.getMessage().contains("administrative-domain"), missingDomain.getMessage());
        }

        static Stream<Arguments> everyStandardMetadataElement() {
            Map<String, String> items = new LinkedHashMap<>();
            items.put("access-request-device", "<meta:access-request-device" + SINGLE + "/>");
            items.put("access-request-ip", "<meta:access-request-ip" + SINGLE + "/>");
            items.put("access-request-mac", "<meta:access-request-mac" + SINGLE + "/>");
            items.put("authenticated-as", "<meta:authenticated-as" + SINGLE + "/>");
            items.put("authenticated-by", "<meta:authenticated-by" + SINGLE + "/>");
            items.put("capability", "<meta:capability" + MULTI + "><name>guest</name></meta:capability>");
            items.put("device-attribute", "<meta:device-attribute" + MULTI + "><name>av-up-to-date</name></meta:device-attribute>");
            items.put("device-characteristic", "<meta:device-characteristic" + MULTI + "><manufacturer>Acme</manufacturer>"
                    + "<os>Linux</os><device-type>printer</device-type><discovered-time>" + TS + "</discovered-time>"
                    + "<discoverer-id>scanner-1</discoverer-id><discovery-method>dhcp-fingerprint</discovery-method>"
                    + "</meta:device-characteristic>");
            items.put("device-ip", "<meta:device-ip" + SINGLE + "/>");
            items.put("discovered-by", "<meta:discovered-by" + SINGLE + "/>");
            items.put("enforcement-report", "<meta:enforcement-report" + MULTI + "><enforcement-action>other</enforcement-action>"
                    + "<other-type-definition>rate-limit</other-type-definition><enforcement-reason>p2p</enforcement-reason>"
                    + "</meta:enforcement-report>");
            items.put("event", "<meta:event" + MULTI + "><name>cve hit</name><discovered-time>" + TS + "</discovered-time>"
                    + "<discoverer-id>ids-1</discoverer-id><magnitude>0</magnitude><confidence>100</confidence>"
                    + "<significance>critical</significance><type>cve</type><information>details</information>"
                    + "<vulnerability-uri>https://cve.example/CVE-2024-0001</vulnerability-uri></meta:event>");
            items.put("ip-mac", "<meta:ip-mac" + MULTI + "/>");
            items.put("layer2-information", "<meta:layer2-information" + MULTI + "><vlan>12</vlan><port>7</port>"
                    + "<administrative-domain>site-a</administrative-domain></meta:layer2-information>");
            items.put("location", "<meta:location" + MULTI + "><location-information type=\"building\" value=\"B2\"/>"
                    + "<location-information type=\"floor\" value=\"3\"/><discovered-time>" + TS + "</discovered-time>"
                    + "<discoverer-id>wlc-1</discoverer-id></meta:location>");
            items.put("request-for-investigation", "<meta:request-for-investigation qualifier=\"scan\"" + MULTI + "/>");
            items.put("role", "<meta:role" + MULTI + "><administrative-domain>corp</administrative-domain><name>admins</name></meta:role>");
            items.put("unexpected-behavior", "<meta:unexpected-behavior" + MULTI + "><discovered-time>" + TS + "</discovered-time>"
                    + "<discoverer-id>ids-1</discoverer-id><information>odd</information><magnitude>55</magnitude>"
                    + "<confidence>20</confidence><significance>important</significance><type>beaconing</type>"
                    + "</meta:unexpected-behavior>");
            items.put("wlan-information", "<meta:wlan-information" + SINGLE + "><ssid>corp</ssid>"
                    + "<ssid-unicast-security>ccmp</ssid-unicast-security>"
                    + "<ssid-unicast-security other-type-definition=\"gcmp-256\">other</ssid-unicast-security>"
                    + "<ssid-group-security>ccmp</ssid-group-security>"
                    + "<ssid-management-security>bip</ssid-management-security></meta:wlan-information>");
            return items.entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("everyStandardMetadataElement")
        void everyStandardMetadataElementValidatesInAResultItem(String name, String metadata) {
            assertTrue(metadata.startsWith("<meta:" + name), name);
            IfmapSchemas.assertValidResponse(soap12(response("<searchResult>" + item(AR + DEVICE, metadata) + "</searchResult>")));
        }
    }

    // ------------------------------------------------------------------------------------------

    @Nested
    class RejectedResponses {
        @Test
        void errorResultWithoutErrorString() {
            AssertionError failure = assertRejected(soap12(response("<errorResult errorCode=\"Failure\"/>")),
                    "cvc-complex-type.2.4.b", "errorResult", "errorString", "/ifmap:response[1]/errorResult[1]");
            assertTrue(quotedXml(failure).startsWith("<ifmap:response"), "the message shows the offending response");
            assertTrue(quotedXml(failure).contains("<errorResult errorCode=\"Failure\"/>"), quotedXml(failure));
        }

        @Test
        void errorCodeOutsideThe2xList() {
            // InvalidMetadataListType exists only in IF-MAP 1.1
            assertRejected(soap12(response("<errorResult errorCode=\"InvalidMetadataListType\"><errorString>x</errorString></errorResult>")),
                    "cvc-enumeration-valid", "InvalidMetadataListType");
            assertRejected(soap12(response("<errorResult errorCode=\"NoSuchThing\"><errorString>x</errorString></errorResult>")),
                    "cvc-enumeration-valid", "NoSuchThing");
        }

        @Test
        void qualifiedChildElement() {
            assertRejected(soap12(response("<ifmap:searchResult/>")), "cvc-complex-type.2.4.a", IFMAP + "\":searchResult");
        }

        @Test
        void childElementsInheritingADefaultNamespace() {
            assertRejected(soap12("<response xmlns=\"" + IFMAP + "\"><publishReceived/></response>"),
                    "cvc-complex-type.2.4.a", IFMAP + "\":publishReceived");
        }

        @Test
        void deviceNameAsAttributeInsteadOfChild() {
            assertRejected(soap12(response("<searchResult><resultItem><device name=\"pdp-1\"/></resultItem></searchResult>")),
                    "cvc-complex-type.3.2.2", "'name'", "'device'");
        }

        @Test
        void standardMetadataWithoutIfmapCardinality() {
            assertRejected(soap12(response("<searchResult>"
                    + item(AR + USER, "<meta:role ifmap-publisher-id=\"fedmap-7\" ifmap-timestamp=\"" + TS + "\"><name>x</name></meta:role>")
                    + "</searchResult>")), "cvc-complex-type.4", "ifmap-cardinality", "meta:role");
            assertRejected(soap12(response("<searchResult>"
                    + item(AR + IP, "<meta:access-request-ip ifmap-publisher-id=\"fedmap-7\"/>")
                    + "</searchResult>")), "cvc-complex-type.4", "ifmap-cardinality", "meta:access-request-ip");
        }

        @Test
        void standardMetadataWithTheWrongCardinality() {
            assertRejected(soap12(response("<searchResult>"
                    + item(AR, "<meta:capability" + SINGLE + "><name>guest</name></meta:capability>")
                    + "</searchResult>")), "cvc-enumeration-valid", "singleValue", "[multiValue]");
        }

        @Test
        void undeclaredAttributeOnStandardMetadata() {
            // the operational-attribute wildcard is strict, as in the TCG schema
            assertRejected(soap12(response("<searchResult>"
                    + item(AR + IP, "<meta:access-request-ip" + SINGLE + " ifmap-timestamp-fraction=\"0.25\"/>")
                    + "</searchResult>")), "cvc-complex-type.3.2.2", "ifmap-timestamp-fraction");
        }

        @Test
        void timestampThatIsNotADateTime() {
            assertRejected(soap12(response("<searchResult>"
                    + item(AR + IP, "<meta:access-request-ip ifmap-cardinality=\"singleValue\" ifmap-timestamp=\"yesterday\"/>")
                    + "</searchResult>")), "cvc-datatype-valid", "yesterday");
        }

        @Test
        void clientTimeWithoutCurrentTimestamp() {
            assertRejected(soap12(response("<searchResult>"
                    + item(DEVICE, "<op:client-time xmlns:op=\"" + OPMETA + "\"" + SINGLE + "/>")
                    + "</searchResult>")), "cvc-complex-type.4", "current-timestamp", "op:client-time");
        }

        @Test
        void resultItemWithThreeIdentifiers() {
            assertRejected(soap12(response("<searchResult><resultItem>" + AR + IP + MAC + "</resultItem></searchResult>")),
                    "cvc-complex-type.2.4", "mac-address");
        }

        @Test
        void newSessionResultWithoutPublisherId() {
            assertRejected(soap12(response("<newSessionResult session-id=\"s1\"/>")), "cvc-complex-type.4", "ifmap-publisher-id");
        }

        @Test
        void twoResultsInOneResponse() {
            assertRejected(soap12(response("<publishReceived/><publishReceived/>")), "cvc-complex-type.2.4", "publishReceived");
        }

        @Test
        void ifmap11Response() {
            assertRejected(soap11("<ifmap:response xmlns:ifmap=\"http://www.trustedcomputinggroup.org/2006/IFMAP/1\">"
                    + "<publishReceived/></ifmap:response>"), "2006/IFMAP/1");
        }

        @Test
        void elementThatIsNotAResponse() throws Exception {
            Document doc = newDocument();
            Element publish = doc.createElementNS(IFMAP, "ifmap:publish");
            publish.setAttribute("session-id", "s1");
            doc.appendChild(publish);
            AssertionError failure = assertThrows(AssertionError.class, () -> IfmapSchemas.assertValidResponse(publish));
            assertTrue(failure.getMessage().startsWith("expected {" + IFMAP + "}response but found {" + IFMAP + "}publish"),
                    failure.getMessage());
        }

        @Test
        void envelopesThatCarryNoResponse() {
            assertRejected(soap12(""), "Body is empty");
            assertRejected("<notSoap/>".getBytes(StandardCharsets.UTF_8), "not a SOAP");
            assertRejected("<env:Envelope xmlns:env=\"http://www.w3.org/2003/05/soap-envelope\"/>".getBytes(StandardCharsets.UTF_8),
                    "no Body");
            assertRejected("<env:Envelope".getBytes(StandardCharsets.UTF_8), "not well-formed");
        }

        @Test
        void doctypeIsRefusedSoNoEntityIsExpanded() {
            byte[] xxe = ("<!DOCTYPE e [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                    + "<env:Envelope xmlns:env=\"http://www.w3.org/2003/05/soap-envelope\"><env:Body>&x;</env:Body></env:Envelope>")
                    .getBytes(StandardCharsets.UTF_8);
            AssertionError failure = assertRejected(xxe, "DOCTYPE");
            assertFalse(failure.getMessage().contains("root:"), "no file content leaks into the message");
        }
    }

    // ------------------------------------------------------------------------------------------

    static Document parse(Path file) throws Exception {
        return IfmapSchemas.parse(file);
    }

    static Document newDocument() throws Exception {
        javax.xml.parsers.DocumentBuilderFactory factory = javax.xml.parsers.DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        return factory.newDocumentBuilder().newDocument();
    }
}
