package org.fedmap.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
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
 * The IF-MAP 1.1 WSDL and schemas in wsdl/: they compile, the WSDL describes every 1.1
 * operation with its SOAP 1.1 binding and session headers, realistic 1.1 answers (as Juniper
 * gateways expect them) validate, and answers with the mistakes a dual-version server makes are
 * rejected.
 */
class Wsdl11SchemaTest {
    private static final String IFMAP = "http://www.trustedcomputinggroup.org/2006/IFMAP/1";
    private static final String META = "http://www.trustedcomputinggroup.org/2006/IFMAP-METADATA/1";
    private static final String IFMAP_2 = "http://www.trustedcomputinggroup.org/2010/IFMAP/2";
    private static final String JNPR = "http://www.juniper.net/2008/IFMAP/1";
    private static final String JNPR2 = "http://www.juniper.net/2009/IFMAP/1";
    private static final String WSDL = "http://schemas.xmlsoap.org/wsdl/";
    private static final String SOAP11_BINDING = "http://schemas.xmlsoap.org/wsdl/soap/";
    private static final String SOAP12_BINDING = "http://schemas.xmlsoap.org/wsdl/soap12/";
    private static final String XSD = XMLConstants.W3C_XML_SCHEMA_NS_URI;

    private static final List<String> BODY_OPERATIONS = List.of("publish", "search", "subscribe", "poll", "purgePublisher");
    private static final List<String> SESSION_OPERATIONS = List.of("new-session", "attach-session");

    private static final Map<String, String> TARGET_NAMESPACES = Map.of(
            "ifmap-base-1.1.xsd", IFMAP,
            "ifmap-metadata-1.1.xsd", META);

    /** Session and publisher ids in the form the Juniper IF-MAP server issued them. */
    private static final String SESSION = "10.0.1.20:58893";
    private static final String PUBLISHER = "1CgABFQ/1";
    private static final String TS = "2024-05-06T10:11:12Z";
    /** Operational attributes of a stored 1.1 item, as the server stamps them. */
    private static final String STAMP = " publisher-id=\"" + PUBLISHER + "\" timestamp=\"" + TS + "\"";
    private static final String SINGLE = STAMP + " cardinality=\"singleValue\"";
    private static final String MULTI = STAMP + " cardinality=\"multiValue\"";

    private static final String AR = "<access-request name=\"" + PUBLISHER + ":sid0123456789abcdef0123456789abcdef0123456789abcdef\"/>";
    private static final String IP = "<ip-address value=\"192.0.2.7\" type=\"IPv4\"/>";
    private static final String IC_IP = "<ip-address value=\"10.0.1.21\"/>";
    private static final String MAC = "<mac-address value=\"00:11:22:aa:bb:cc\"/>";
    private static final String USER = "<identity name=\"alice\" type=\"username\"/>";
    private static final String DEVICE = "<device><name>" + PUBLISHER + ":17</name></device>";

    static String id(String identifier) {
        return "<identifier>" + identifier + "</identifier>";
    }

    static String link(String a, String b) {
        return "<link>" + id(a) + id(b) + "</link>";
    }

    static String identifierResult(String identifier, String metadata) {
        return "<identifierResult>" + id(identifier) + (metadata == null ? "" : "<metadata>" + metadata + "</metadata>")
                + "</identifierResult>";
    }

    static String linkResult(String a, String b, String metadata) {
        return "<linkResult>" + link(a, b) + (metadata == null ? "" : "<metadata>" + metadata + "</metadata>") + "</linkResult>";
    }

    static String response(String content) {
        return "<ifmap:response>" + content + "</ifmap:response>";
    }

    static String sessionIdHeader() {
        return "<ifmap:session-id>" + SESSION + "</ifmap:session-id>";
    }

    static String sessionPair() {
        return "<ifmap:session-id>" + SESSION + "</ifmap:session-id><ifmap:publisher-id>" + PUBLISHER + "</ifmap:publisher-id>";
    }

    /**
     * A SOAP 1.1 envelope declaring the prefixes the way a Juniper IC does: all on the Envelope.
     * A null header means no Header element at all.
     */
    static byte[] soap11(String header, String body) {
        return ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                + "<SOAP-ENV:Envelope xmlns:SOAP-ENV=\"http://schemas.xmlsoap.org/soap/envelope/\""
                + " xmlns:SOAP-ENC=\"http://schemas.xmlsoap.org/soap/encoding/\""
                + " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\""
                + " xmlns:ifmap=\"" + IFMAP + "\" xmlns:meta=\"" + META + "\""
                + " xmlns:jnpr=\"" + JNPR + "\" xmlns:jnpr2=\"" + JNPR2 + "\">"
                + (header == null ? "" : "<SOAP-ENV:Header>" + header + "</SOAP-ENV:Header>")
                + "<SOAP-ENV:Body>" + body + "</SOAP-ENV:Body></SOAP-ENV:Envelope>").getBytes(StandardCharsets.UTF_8);
    }

    static byte[] soap12(String header, String body) {
        return ("<env:Envelope xmlns:env=\"http://www.w3.org/2003/05/soap-envelope\""
                + " xmlns:ifmap=\"" + IFMAP + "\" xmlns:meta=\"" + META + "\">"
                + (header == null ? "" : "<env:Header>" + header + "</env:Header>")
                + "<env:Body>" + body + "</env:Body></env:Envelope>").getBytes(StandardCharsets.UTF_8);
    }

    /** An answer to a body operation: session-id in the Header, the response in the Body. */
    static byte[] answer(String responseContent) {
        return soap11(sessionIdHeader(), response(responseContent));
    }

    static AssertionError assertRejected(byte[] envelope, String... mustMention) {
        return IfmapSchemas.assertRejected(IfmapSchemas::assertValidResponse11, envelope, mustMention);
    }

    static String quotedXml(AssertionError failure) {
        return IfmapSchemas.quotedXml(failure);
    }

    // ------------------------------------------------------------------------------------------

    @Nested
    class PublishedFiles {
        static Stream<String> xsdFiles() {
            return IfmapSchemas.XSD_FILES_11.stream();
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
            // Juniper gateways, like ifmapj, expect unqualified child elements
            assertFalse("qualified".equals(schema.getAttribute("elementFormDefault")), file);
            assertFalse("qualified".equals(schema.getAttribute("attributeFormDefault")), file);
        }

        @Test
        void bothSchemasCompileTogetherApartFromThe2xSetAndTheResultIsShared() {
            Schema schema = IfmapSchemas.schema11();
            assertNotNull(schema);
            assertSame(schema, IfmapSchemas.schema11(), "schema11() caches the compiled Schema");
            assertNotSame(IfmapSchemas.schema(), schema, "the 1.1 and 2.x schema sets are separate");
            assertTrue(IfmapSchemas.XSD_FILES_11.stream().noneMatch(IfmapSchemas.XSD_FILES::contains),
                    "the 2.x file list stays 2.x only");
        }

        @Test
        void globalComponentsKeepTheNamesOfTheTcg11Schemas() throws Exception {
            // xsi:type references and generated bindings rely on these names
            assertEquals(new TreeSet<>(List.of("publish", "search", "subscribe", "poll", "purgePublisher", "response",
                            "new-session", "attach-session", "session-id", "publisher-id")),
                    globalNames("ifmap-base-1.1.xsd", "element"));
            Set<String> baseTypes = globalNames("ifmap-base-1.1.xsd", "complexType");
            baseTypes.addAll(globalNames("ifmap-base-1.1.xsd", "simpleType"));
            assertEquals(new TreeSet<>(List.of("AccessRequestType", "DeviceType", "IdentityType", "IPAddressType",
                    "MACAddressType", "MetadataListType", "IdentifierType", "LinkType", "FilterType", "ValidationType",
                    "PublishType", "DeleteType", "PublishRequestType", "SearchRequestType", "DeleteSearchRequestType",
                    "SubscribeRequestType", "PollRequestType", "PurgePublisherRequestType", "IdentifierResultType",
                    "LinkResultType", "SearchResultType", "PollResultType", "ErrorResultType", "ResponseType")), baseTypes);
            assertEquals(new TreeSet<>(List.of("access-request-device", "access-request-ip", "access-request-mac",
                    "authenticated-as", "authenticated-by", "capability", "device-attribute", "event",
                    "layer2-information", "ip-mac", "role")), globalNames("ifmap-metadata-1.1.xsd", "element"));
            assertEquals(new TreeSet<>(List.of("MetadataType", "SingleValueMetadataType", "MultiValueMetadataType")),
                    globalNames("ifmap-metadata-1.1.xsd", "complexType"));
        }

        private Set<String> globalNames(String file, String kind) throws Exception {
            Set<String> names = new TreeSet<>();
            Element schema = parse(IfmapSchemas.DIRECTORY.resolve(file)).getDocumentElement();
            for (Node n = schema.getFirstChild(); n != null; n = n.getNextSibling()) {
                if (n instanceof Element e && XSD.equals(e.getNamespaceURI()) && kind.equals(e.getLocalName())) {
                    names.add(e.getAttribute("name"));
                }
            }
            return names;
        }

        @Test
        void everySchemaLocationIsABareFileNameInWsdlDirectoryWithTheMatchingNamespace() throws Exception {
            List<String> files = new ArrayList<>(IfmapSchemas.XSD_FILES_11);
            files.add(IfmapSchemas.WSDL_FILE_11);
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
            assertEquals(1 + 2, imports, "metadata imports the base; the WSDL imports both");
        }

        @Test
        void wsdlAndSchemasAreOnTheClasspathUnderWsdl() throws Exception {
            List<String> files = new ArrayList<>(IfmapSchemas.XSD_FILES_11);
            files.add(IfmapSchemas.WSDL_FILE_11);
            for (String file : files) {
                try (InputStream in = Wsdl11SchemaTest.class.getResourceAsStream("/wsdl/" + file)) {
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
            wsdl = parse(IfmapSchemas.DIRECTORY.resolve(IfmapSchemas.WSDL_FILE_11));
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
            assertEquals(1, found.size(), "exactly one " + localName + " in " + parent.getLocalName() + " " + parent.getAttribute("name"));
            return found.get(0);
        }

        private Element named(String localName, String qname) {
            String name = qname.substring(qname.indexOf(':') + 1);
            for (Element e : children(wsdl.getDocumentElement(), WSDL, localName)) {
                if (e.getAttribute("name").equals(name)) {
                    return e;
                }
            }
            throw new AssertionError("no " + localName + " named " + qname);
        }

        private Set<String> names(List<Element> elements) {
            Set<String> names = new TreeSet<>();
            elements.forEach(e -> names.add(e.getAttribute("name")));
            return names;
        }

        /** The elements a message's parts name, by part name, as {namespace}local, in document order. */
        private Map<String, String> partElements(String messageQName) {
            Map<String, String> parts = new LinkedHashMap<>();
            for (Element part : children(named("message", messageQName), WSDL, "part")) {
                String qname = part.getAttribute("element");
                String prefix = qname.substring(0, qname.indexOf(':'));
                parts.put(part.getAttribute("name"), "{" + part.lookupNamespaceURI(prefix) + "}" + qname.substring(prefix.length() + 1));
            }
            return parts;
        }

        /** The element each soap:header of a binding input or output carries, in document order. */
        private List<String> headerElements(Element direction) {
            List<String> elements = new ArrayList<>();
            for (Element header : children(direction, SOAP11_BINDING, "header")) {
                assertEquals("literal", header.getAttribute("use"));
                String element = partElements(header.getAttribute("message")).get(header.getAttribute("part"));
                assertNotNull(element, "soap:header names a missing part: " + header.getAttribute("message") + "#" + header.getAttribute("part"));
                elements.add(element);
            }
            return elements;
        }

        private Map<String, Element> bindingOperations() {
            Map<String, Element> ops = new LinkedHashMap<>();
            for (Element op : children(only(wsdl.getDocumentElement(), WSDL, "binding"), WSDL, "operation")) {
                ops.put(op.getAttribute("name"), op);
            }
            return ops;
        }

        private Element portTypeOperation(String name) {
            for (Element op : children(only(wsdl.getDocumentElement(), WSDL, "portType"), WSDL, "operation")) {
                if (op.getAttribute("name").equals(name)) {
                    return op;
                }
            }
            throw new AssertionError("no portType operation " + name);
        }

        @Test
        void portTypeNamesEveryOperationWithItsMessages() {
            Element root = wsdl.getDocumentElement();
            assertEquals(WSDL, root.getNamespaceURI());
            assertEquals("definitions", root.getLocalName());
            List<Element> operations = children(only(root, WSDL, "portType"), WSDL, "operation");
            Set<String> expected = new TreeSet<>(BODY_OPERATIONS);
            expected.addAll(SESSION_OPERATIONS);
            assertEquals(expected, names(operations));
            assertEquals(expected.size(), operations.size(), "no operation twice");
            for (String name : BODY_OPERATIONS) {
                Element op = portTypeOperation(name);
                assertEquals(List.of("{" + IFMAP + "}" + name),
                        List.copyOf(partElements(only(op, WSDL, "input").getAttribute("message")).values()), name);
                assertEquals(List.of("{" + IFMAP + "}response"),
                        List.copyOf(partElements(only(op, WSDL, "output").getAttribute("message")).values()), name);
            }
            for (String name : SESSION_OPERATIONS) {
                Element op = portTypeOperation(name);
                assertEquals(List.of("{" + IFMAP + "}" + name),
                        List.copyOf(partElements(only(op, WSDL, "input").getAttribute("message")).values()), name);
                assertEquals(List.of("{" + IFMAP + "}session-id", "{" + IFMAP + "}publisher-id"),
                        List.copyOf(partElements(only(op, WSDL, "output").getAttribute("message")).values()), name);
            }
        }

        @Test
        void bindingIsSoap11DocumentLiteralForEveryOperation() {
            Element root = wsdl.getDocumentElement();
            Element binding = only(root, WSDL, "binding");
            assertEquals(only(root, WSDL, "portType").getAttribute("name"),
                    binding.getAttribute("type").substring(binding.getAttribute("type").indexOf(':') + 1));
            Element soapBinding = only(binding, SOAP11_BINDING, "binding");
            assertEquals("document", soapBinding.getAttribute("style"));
            assertEquals("http://schemas.xmlsoap.org/soap/http", soapBinding.getAttribute("transport"));
            assertEquals(0, wsdl.getElementsByTagNameNS(SOAP12_BINDING, "*").getLength(), "no SOAP 1.2 binding elements");
            Map<String, Element> ops = bindingOperations();
            assertEquals(names(children(only(root, WSDL, "portType"), WSDL, "operation")), new TreeSet<>(ops.keySet()));
            for (Element op : ops.values()) {
                assertEquals("", only(op, SOAP11_BINDING, "operation").getAttribute("soapAction"), op.getAttribute("name"));
                for (String direction : List.of("input", "output")) {
                    Element body = only(only(op, WSDL, direction), SOAP11_BINDING, "body");
                    assertEquals("literal", body.getAttribute("use"), op.getAttribute("name") + " " + direction);
                }
            }
        }

        @Test
        void bodyOperationsCarryTheRequestInTheBodyAndSessionIdInTheHeaderBothWays() {
            Map<String, Element> ops = bindingOperations();
            for (String name : BODY_OPERATIONS) {
                for (String direction : List.of("input", "output")) {
                    Element io = only(ops.get(name), WSDL, direction);
                    assertEquals(List.of("{" + IFMAP + "}session-id"), headerElements(io), name + " " + direction);
                    assertFalse(only(io, SOAP11_BINDING, "body").hasAttribute("parts"),
                            name + " " + direction + ": the whole message (the request or response element) is the Body");
                }
            }
        }

        @Test
        void sessionOperationsAreHeaderOnlyRequestsAnsweredInBodyAndHeader() {
            Map<String, Element> ops = bindingOperations();
            for (String name : SESSION_OPERATIONS) {
                Element input = only(ops.get(name), WSDL, "input");
                assertEquals(List.of("{" + IFMAP + "}" + name), headerElements(input), name);
                Element inputBody = only(input, SOAP11_BINDING, "body");
                assertTrue(inputBody.hasAttribute("parts") && inputBody.getAttribute("parts").isBlank(),
                        name + ": the request Body is empty");

                Element output = only(ops.get(name), WSDL, "output");
                assertEquals(List.of("{" + IFMAP + "}session-id", "{" + IFMAP + "}publisher-id"), headerElements(output), name);
                Map<String, String> answerParts = partElements(only(portTypeOperation(name), WSDL, "output").getAttribute("message"));
                List<String> bodyElements = new ArrayList<>();
                for (String part : only(output, SOAP11_BINDING, "body").getAttribute("parts").trim().split("\\s+")) {
                    bodyElements.add(answerParts.get(part));
                }
                assertEquals(List.of("{" + IFMAP + "}session-id", "{" + IFMAP + "}publisher-id"), bodyElements,
                        name + ": the answer Body holds the pair without a response wrapper");
                for (Element header : children(output, SOAP11_BINDING, "header")) {
                    assertFalse(header.getAttribute("message").equals(only(portTypeOperation(name), WSDL, "output").getAttribute("message")),
                            name + ": no part is bound to both the Header and the Body");
                }
            }
        }

        @Test
        void serviceIsIfmapService11AtTheJuniperPathAndTheSessionChoiceIsDocumented() {
            Element root = wsdl.getDocumentElement();
            Element service = only(root, WSDL, "service");
            assertEquals("IfmapService11", service.getAttribute("name"));
            Element port = only(service, WSDL, "port");
            assertTrue(port.getAttribute("binding").endsWith(":" + only(root, WSDL, "binding").getAttribute("name")));
            assertEquals("https://localhost:8443/dana-ws/soap/dsifmap",
                    only(port, SOAP11_BINDING, "address").getAttribute("location"));
            String documentation = only(root, WSDL, "documentation").getTextContent();
            for (String point : List.of("Header", "new-session", "attach-session", "session-id", "publisher-id")) {
                assertTrue(documentation.contains(point), "the WSDL documentation explains the session headers: " + point);
            }
        }

        @Test
        void everyMessagePartNamesAGlobalElementOfTheBaseSchema() throws Exception {
            Set<String> declared = new TreeSet<>();
            Element base = parse(IfmapSchemas.DIRECTORY.resolve("ifmap-base-1.1.xsd")).getDocumentElement();
            children(base, XSD, "element").forEach(e -> declared.add("{" + IFMAP + "}" + e.getAttribute("name")));
            Set<String> used = new TreeSet<>();
            for (Element message : children(wsdl.getDocumentElement(), WSDL, "message")) {
                used.addAll(partElements("tns:" + message.getAttribute("name")).values());
            }
            assertEquals(declared, used, "every global element of the base schema travels in some message");
        }

        @Test
        void typesSectionCompilesWithItsRelativeImports() throws Exception {
            Element types = only(wsdl.getDocumentElement(), WSDL, "types");
            Element inline = only(types, XSD, "schema");
            SchemaFactory factory = SchemaFactory.newInstance(XSD);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "file"); // local files only, no network
            String base = IfmapSchemas.DIRECTORY.resolve(IfmapSchemas.WSDL_FILE_11).toAbsolutePath().toUri().toString();
            Schema schema = factory.newSchema(new DOMSource(inline, base));
            // the compiled types know the payload and the standard metadata
            Validator validator = schema.newValidator();
            validator.validate(new StreamSource(new StringReader(
                    "<ifmap:response xmlns:ifmap=\"" + IFMAP + "\" xmlns:meta=\"" + META + "\"><searchResult>"
                            + identifierResult(AR, "<meta:capability><name>guest</name></meta:capability>")
                            + "</searchResult></ifmap:response>")));
            SAXException badMetadata = assertThrows(SAXException.class, () -> validator.validate(new StreamSource(new StringReader(
                    "<ifmap:response xmlns:ifmap=\"" + IFMAP + "\" xmlns:meta=\"" + META + "\"><searchResult>"
                            + identifierResult(AR, "<meta:capability/>") + "</searchResult></ifmap:response>"))));
            assertTrue(badMetadata.getMessage().contains("name"), badMetadata.getMessage());
        }
    }

    // ------------------------------------------------------------------------------------------

    @Nested
    class ValidAnswers {
        @Test
        void newSessionAnswerWithTheIdsInHeaderAndBody() {
            IfmapSchemas.assertValidResponse11(soap11(sessionPair(), sessionPair()));
            IfmapSchemas.assertValidResponse11(soap12(sessionPair(), sessionPair()));
        }

        @Test
        void sessionAnswerWithTheIdsInTheBodyOnlyAsTheJuniperServerWroteIt() {
            IfmapSchemas.assertValidResponse11(soap11(null, sessionPair()));
            IfmapSchemas.assertValidResponse11(soap11("", "<ifmap:publisher-id>" + PUBLISHER + "</ifmap:publisher-id>"
                    + "<ifmap:session-id>" + SESSION + "</ifmap:session-id>"));
        }

        @Test
        void acknowledgementsWithASessionIdHeader() {
            for (String ack : List.of("publishReceived", "subscribeReceived", "purgePublisherReceived")) {
                IfmapSchemas.assertValidResponse11(answer("<" + ack + "/>"));
                IfmapSchemas.assertValidResponse11(soap12(sessionIdHeader(), "<ifmap:response validation=\"None\"><" + ack + "/></ifmap:response>"));
            }
        }

        @Test
        void headerBlocksOfOtherNamespacesAndSoapAttributesOnIfmapBlocksAreLeftToSoap() {
            IfmapSchemas.assertValidResponse11(soap11(
                    "<wsse:Security xmlns:wsse=\"urn:example:security\"><anything/></wsse:Security>"
                            + "<ifmap:session-id SOAP-ENV:mustUnderstand=\"1\">" + SESSION + "</ifmap:session-id>",
                    response("<publishReceived/>")));
        }

        @Test
        void searchResultWithIdentifierResultsThenLinkResultsCarrying11StandardAndJuniperMetadata() {
            // the graph an IC publishes for one user session, as another IC reads it back
            IfmapSchemas.assertValidResponse11(answer("<searchResult>"
                    + identifierResult(AR, "<meta:capability" + MULTI + "><name>guest</name></meta:capability>"
                            + "<meta:capability" + STAMP + "><name>vpn</name><administrative-domain>corp</administrative-domain></meta:capability>")
                    + identifierResult(IC_IP, "<jnpr:generation-id" + STAMP + " cardinality=\"singleValue\">1712345678</jnpr:generation-id>"
                            + "<jnpr2:anything-new some=\"attribute\"><nested><deeper/></nested></jnpr2:anything-new>")
                    + identifierResult(IP, null)
                    + identifierResult(USER, "")
                    + identifierResult(DEVICE, null)
                    + linkResult(AR, IP, "<meta:access-request-ip" + SINGLE + "/>")
                    + linkResult(AR, IC_IP, "<meta:authenticated-by" + SINGLE + "/>")
                    + linkResult(AR, USER, "<meta:authenticated-as" + SINGLE + "/>"
                            + "<meta:role" + MULTI + "><name>Users</name></meta:role>"
                            + "<meta:role" + STAMP + "><administrative-domain>corp</administrative-domain><name>Admins</name></meta:role>")
                    + linkResult(AR, DEVICE, "<meta:access-request-device" + SINGLE + "/>"
                            + "<meta:device-attribute" + MULTI + "><name>HC-antivirus-passed</name></meta:device-attribute>"
                            + "<jnpr:deny-message" + STAMP + "><reason>outdated</reason></jnpr:deny-message>")
                    + linkResult(IP, MAC, null)
                    + "</searchResult>"));
        }

        @Test
        void pollResultWithNamedSearchResultsAndANamedErrorResult() {
            String subscription = "o:sid0123456789abcdef0123456789abcdef0123456789abcdef";
            IfmapSchemas.assertValidResponse11(answer("<pollResult>"
                    + "<searchResult name=\"" + subscription + "\">"
                    + identifierResult(AR, "<meta:event" + MULTI + "><name>idp alert</name><event-recorded-time>" + TS
                            + "</event-recorded-time><magnitude>80</magnitude><confidence>90</confidence>"
                            + "<significance>critical</significance><type>worm infection</type></meta:event>"
                            + "<jnpr:idp-event" + STAMP + "><severity>high</severity></jnpr:idp-event>")
                    + linkResult(AR, IP, "<meta:access-request-ip" + SINGLE + "/>")
                    + "</searchResult>"
                    + "<errorResult name=\"sub2\" errorCode=\"SearchResultsTooBig\"><errorString>result over 100000 bytes</errorString></errorResult>"
                    + "<searchResult name=\"gone\"/>"
                    + "</pollResult>"));
            IfmapSchemas.assertValidResponse11(answer("<pollResult/>"));
        }

        @Test
        void errorResultsWith11Codes() {
            IfmapSchemas.assertValidResponse11(answer(
                    "<errorResult errorCode=\"InvalidMetadataListType\"><errorString>metadata is not a list</errorString></errorResult>"));
            // the invalid session-id is echoed in the Header
            IfmapSchemas.assertValidResponse11(soap11("<ifmap:session-id>no-such-session</ifmap:session-id>",
                    response("<errorResult errorCode=\"InvalidSessionID\"><errorString/></errorResult>")));
        }

        @Test
        void every11IdentifierForm() {
            IfmapSchemas.assertValidResponse11(answer("<searchResult>"
                    + identifierResult("<access-request name=\"ar1\" administrative-domain=\"site-a\"/>", null)
                    + identifierResult("<device><aik-name>aik-1</aik-name></device>", null)
                    + identifierResult("<identity name=\"tpm-1\" type=\"trusted-platform-module\"/>", null)
                    + identifierResult("<identity name=\"x\" type=\"other\" other-type-definition=\"badge\" administrative-domain=\"corp\"/>", null)
                    + identifierResult("<ip-address value=\"2001:db8:0:0:0:0:0:1\" type=\"IPv6\" administrative-domain=\"lab\"/>", null)
                    + identifierResult("<mac-address value=\"00:11:22:aa:bb:cc\" administrative-domain=\"lab\"/>", null)
                    + "</searchResult>"));
        }

        static Stream<Arguments> everyStandardMetadataElement() {
            Map<String, String> items = new LinkedHashMap<>();
            items.put("access-request-device", "<meta:access-request-device" + SINGLE + "/>");
            items.put("access-request-ip", "<meta:access-request-ip" + SINGLE + "/>");
            items.put("access-request-mac", "<meta:access-request-mac" + SINGLE + "/>");
            items.put("authenticated-as", "<meta:authenticated-as" + SINGLE + "/>");
            items.put("authenticated-by", "<meta:authenticated-by" + SINGLE + "/>");
            items.put("capability", "<meta:capability" + MULTI + "><name>guest</name><administrative-domain>corp</administrative-domain></meta:capability>");
            items.put("device-attribute", "<meta:device-attribute" + MULTI + "><name>av-up-to-date</name></meta:device-attribute>");
            items.put("event", "<meta:event" + MULTI + "><name>cve hit</name><event-recorded-time>" + TS + "</event-recorded-time>"
                    + "<magnitude>0</magnitude><confidence>100</confidence><significance>informational</significance>"
                    + "<type>other</type><other-type-definition>scan</other-type-definition><information>details</information>"
                    + "<vulnerability-uri>https://cve.example/CVE-2024-0001</vulnerability-uri></meta:event>");
            items.put("ip-mac", "<meta:ip-mac" + SINGLE + "><start-time>" + TS + "</start-time><end-time>" + TS + "</end-time>"
                    + "<dhcp-server>dhcp-1</dhcp-server></meta:ip-mac>");
            items.put("layer2-information", "<meta:layer2-information" + SINGLE + "><vlan>12</vlan><port>7</port>"
                    + "<administrative-domain>site-a</administrative-domain></meta:layer2-information>");
            items.put("role", "<meta:role" + MULTI + "><administrative-domain>corp</administrative-domain><name>admins</name></meta:role>");
            return items.entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("everyStandardMetadataElement")
        void everyStandardMetadataElementValidatesOnALinkWithAndWithoutItsCardinality(String name, String metadata) {
            assertTrue(metadata.startsWith("<meta:" + name), name);
            IfmapSchemas.assertValidResponse11(answer("<searchResult>" + linkResult(AR, DEVICE, metadata) + "</searchResult>"));
            // cardinality has a schema default: clients and servers may leave it out
            String withoutCardinality = metadata.replaceFirst(" cardinality=\"\\w+\"", "");
            assertFalse(withoutCardinality.contains("cardinality"), withoutCardinality);
            IfmapSchemas.assertValidResponse11(answer("<searchResult>" + linkResult(AR, DEVICE, withoutCardinality) + "</searchResult>"));
        }
    }

    // ------------------------------------------------------------------------------------------

    @Nested
    class RejectedAnswers {
        @Test
        void linkResultBeforeIdentifierResult() {
            assertRejected(answer("<searchResult>" + linkResult(AR, IP, null) + identifierResult(AR, null) + "</searchResult>"),
                    "cvc-complex-type.2.4.a", "'identifierResult'", "linkResult", "/ifmap:response[1]/searchResult[1]/identifierResult[1]");
        }

        @Test
        void bareIdentifierWithoutTheIdentifierWrapper() {
            assertRejected(answer("<searchResult><identifierResult>" + IP + "</identifierResult></searchResult>"),
                    "cvc-complex-type.2.4.a", "'ip-address'", "{identifier}");
            // 2.x style link: two bare identifiers
            assertRejected(answer("<searchResult><linkResult><link>" + AR + IP + "</link></linkResult></searchResult>"),
                    "cvc-complex-type.2.4.a", "'access-request'", "{identifier}");
        }

        @Test
        void resultItemIs2xOnly() {
            assertRejected(answer("<searchResult><resultItem>" + AR + "</resultItem></searchResult>"),
                    "cvc-complex-type.2.4.a", "'resultItem'");
        }

        @Test
        void pollResultsTooBigIs2xOnly() {
            assertRejected(answer("<pollResult><errorResult errorCode=\"PollResultsTooBig\"><errorString>x</errorString></errorResult></pollResult>"),
                    "cvc-enumeration-valid", "PollResultsTooBig");
        }

        @Test
        void updateResultInAPollResultIs2xOnly() {
            assertRejected(answer("<pollResult><updateResult name=\"sub1\">" + identifierResult(AR, null) + "</updateResult></pollResult>"),
                    "cvc-complex-type.2.4.a", "'updateResult'");
        }

        @Test
        void errorResultWithoutErrorString() {
            AssertionError failure = assertRejected(answer("<errorResult errorCode=\"Failure\"/>"),
                    "cvc-complex-type.2.4.b", "errorResult", "errorString", "/ifmap:response[1]/errorResult[1]");
            assertTrue(quotedXml(failure).startsWith("<ifmap:response"), "the message shows the offending response");
            assertTrue(quotedXml(failure).contains("<errorResult errorCode=\"Failure\"/>"), quotedXml(failure));
        }

        @Test
        void linkWithOneIdentifier() {
            assertRejected(answer("<searchResult><linkResult><link>" + id(AR) + "</link></linkResult></searchResult>"),
                    "cvc-complex-type.2.4.i", "'link'", "'identifier'", "minimum of '2'");
        }

        @Test
        void linkWithThreeIdentifiers() {
            assertRejected(answer("<searchResult><linkResult><link>" + id(AR) + id(IP) + id(MAC) + "</link></linkResult></searchResult>"),
                    "cvc-complex-type.2.4", "identifier");
        }

        @Test
        void qualifiedChildElements() {
            assertRejected(answer("<ifmap:searchResult/>"), "cvc-complex-type.2.4.a", IFMAP + "\":searchResult");
            assertRejected(answer("<searchResult><identifierResult><ifmap:identifier>" + AR + "</ifmap:identifier>"
                    + "</identifierResult></searchResult>"), "cvc-complex-type.2.4.a", IFMAP + "\":identifier");
            // children inheriting a default namespace are qualified too
            assertRejected(soap11(sessionIdHeader(), "<response xmlns=\"" + IFMAP + "\"><publishReceived/></response>"),
                    "cvc-complex-type.2.4.a", IFMAP + "\":publishReceived");
        }

        @Test
        void operationalAttributesWith2xNames() {
            // a server that renders metadata for a 2.x reader and sends it to a 1.1 reader
            assertRejected(answer("<searchResult>" + linkResult(AR, USER, "<meta:role ifmap-publisher-id=\"" + PUBLISHER + "\""
                    + " ifmap-timestamp=\"" + TS + "\"><name>x</name></meta:role>") + "</searchResult>"),
                    "cvc-complex-type.3.2.2", "ifmap-publisher-id", "meta:role");
            assertRejected(answer("<searchResult>" + linkResult(AR, IP, "<meta:access-request-ip ifmap-cardinality=\"singleValue\"/>")
                    + "</searchResult>"), "cvc-complex-type.3.2.2", "ifmap-cardinality");
        }

        @Test
        void cardinalityOtherThanTheElementsOwn() {
            assertRejected(answer("<searchResult>" + identifierResult(AR, "<meta:capability" + SINGLE + "><name>guest</name></meta:capability>")
                    + "</searchResult>"), "cvc-enumeration-valid", "singleValue", "[multiValue]");
            // ip-mac became multiValue only in 2.x
            assertRejected(answer("<searchResult>" + linkResult(IP, MAC, "<meta:ip-mac" + MULTI + "/>") + "</searchResult>"),
                    "cvc-enumeration-valid", "multiValue", "[singleValue]");
        }

        @Test
        void metadataShapedAs2x() {
            // 2.x layer2-information may leave out vlan and port; 1.1 requires both
            assertRejected(answer("<searchResult>" + linkResult(AR, IP, "<meta:layer2-information" + SINGLE + "><vlan>12</vlan>"
                    + "</meta:layer2-information>") + "</searchResult>"), "cvc-complex-type.2.4.b", "port");
            // 2.x event has discovered-time where 1.1 has event-recorded-time
            assertRejected(answer("<searchResult>" + identifierResult(IP, "<meta:event" + MULTI + "><name>x</name>"
                    + "<discovered-time>" + TS + "</discovered-time><magnitude>1</magnitude><confidence>1</confidence>"
                    + "<significance>critical</significance></meta:event>") + "</searchResult>"),
                    "cvc-complex-type.2.4.a", "discovered-time", "event-recorded-time");
        }

        @Test
        void identityTypeOf2xOnly() {
            assertRejected(answer("<searchResult>" + identifierResult("<identity name=\"2001:db8:0:0:0:0:0:1\" type=\"hip-hit\"/>", null)
                    + "</searchResult>"), "cvc-enumeration-valid", "hip-hit");
        }

        @Test
        void timestampThatIsNotADateTime() {
            assertRejected(answer("<searchResult>" + linkResult(AR, IP, "<meta:access-request-ip timestamp=\"yesterday\"/>")
                    + "</searchResult>"), "cvc-datatype-valid", "yesterday");
        }

        @Test
        void twoResultsInOneResponse() {
            assertRejected(answer("<publishReceived/><publishReceived/>"), "cvc-complex-type.2.4", "publishReceived");
        }

        @Test
        void ifmap2xResponse() {
            assertRejected(soap12(null, "<ifmap2:response xmlns:ifmap2=\"" + IFMAP_2 + "\"><publishReceived/></ifmap2:response>"),
                    "expected in the SOAP Body", IFMAP_2 + "}response");
        }

        @Test
        void bodyThatIsNeitherOneResponseNorTheSessionPair() {
            assertRejected(soap11(null, "<ifmap:session-id>" + SESSION + "</ifmap:session-id>"),
                    "expected in the SOAP Body", "{" + IFMAP + "}session-id");
            assertRejected(soap11(null, sessionPair() + response("<publishReceived/>")),
                    "expected in the SOAP Body", "{" + IFMAP + "}session-id, {" + IFMAP + "}publisher-id, {" + IFMAP + "}response");
            assertRejected(soap11(null, response("<publishReceived/>") + response("<publishReceived/>")), "expected in the SOAP Body");
            assertRejected(soap11(null, "<ifmap:session-id>a</ifmap:session-id><ifmap:session-id>b</ifmap:session-id>"),
                    "expected in the SOAP Body");
            assertRejected(soap11(sessionIdHeader(), "<SOAP-ENV:Fault><faultcode>SOAP-ENV:Client</faultcode>"
                    + "<faultstring>bad</faultstring></SOAP-ENV:Fault>"), "expected in the SOAP Body", "}Fault");
        }

        @Test
        void requestHeaderInAnAnswer() {
            AssertionError failure = assertRejected(soap11("<ifmap:new-session/>", sessionPair()),
                    "only ifmap:session-id and ifmap:publisher-id", "{" + IFMAP + "}new-session");
            assertTrue(quotedXml(failure).contains("Header"), quotedXml(failure));
        }

        @Test
        void invalidSessionIdHeaderAndBodyAreBothReported() {
            AssertionError failure = assertRejected(soap11("<ifmap:session-id><value>" + SESSION + "</value></ifmap:session-id>",
                            response("<errorResult errorCode=\"Failure\"/>")),
                    "cvc-type.3.1.2", "ifmap:session-id", "SOAP-ENV:Header", "cvc-complex-type.2.4.b", "errorString");
            assertTrue(quotedXml(failure).contains("<value>" + SESSION + "</value>"), quotedXml(failure));
            assertTrue(quotedXml(failure).contains("<errorResult errorCode=\"Failure\"/>"), quotedXml(failure));
        }

        @Test
        void sessionPairWithContentThatIsNotAString() {
            assertRejected(soap11(null, "<ifmap:session-id>" + SESSION + "</ifmap:session-id>"
                    + "<ifmap:publisher-id><id>" + PUBLISHER + "</id></ifmap:publisher-id>"), "cvc-type.3.1.2", "ifmap:publisher-id");
        }

        @Test
        void the11SchemasKnowNothingOf2x() throws Exception {
            Validator validator = IfmapSchemas.schema11().newValidator();
            SAXException undeclared = assertThrows(SAXException.class, () -> validator.validate(new StreamSource(new StringReader(
                    "<ifmap:response xmlns:ifmap=\"" + IFMAP_2 + "\"><publishReceived/></ifmap:response>"))));
            assertTrue(undeclared.getMessage().contains("cvc-elt.1"), undeclared.getMessage());
        }

        @Test
        void envelopesThatCarryNoAnswer() {
            assertRejected(soap11(sessionIdHeader(), ""), "Body is empty");
            assertRejected("<notSoap/>".getBytes(StandardCharsets.UTF_8), "not a SOAP");
            assertRejected(("<SOAP-ENV:Envelope xmlns:SOAP-ENV=\"http://schemas.xmlsoap.org/soap/envelope/\"><SOAP-ENV:Header>"
                    + "<ifmap:session-id xmlns:ifmap=\"" + IFMAP + "\">s</ifmap:session-id></SOAP-ENV:Header></SOAP-ENV:Envelope>")
                    .getBytes(StandardCharsets.UTF_8), "no Body");
            assertRejected("<SOAP-ENV:Envelope".getBytes(StandardCharsets.UTF_8), "not well-formed");
        }

        @Test
        void doctypeIsRefusedSoNoEntityIsExpanded() {
            byte[] xxe = ("<!DOCTYPE e [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                    + "<SOAP-ENV:Envelope xmlns:SOAP-ENV=\"http://schemas.xmlsoap.org/soap/envelope/\"><SOAP-ENV:Body>&x;"
                    + "</SOAP-ENV:Body></SOAP-ENV:Envelope>").getBytes(StandardCharsets.UTF_8);
            AssertionError failure = assertRejected(xxe, "DOCTYPE");
            assertFalse(failure.getMessage().contains("root:"), "no file content leaks into the message");
        }
    }

    // ------------------------------------------------------------------------------------------

    static Document parse(Path file) throws Exception {
        return IfmapSchemas.parse(file);
    }
}
