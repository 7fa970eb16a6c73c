package org.fedmap.testsupport;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Source;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;
import org.w3c.dom.Attr;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.w3c.dom.ls.LSInput;
import org.w3c.dom.ls.LSResourceResolver;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * The project's own IF-MAP 2.x schemas (the files in {@code wsdl/} at the project root) as one
 * compiled {@link Schema}, and assertions that a response the server produced is valid against
 * them; likewise, kept apart, its IF-MAP 1.1 schemas ({@link #schema11()},
 * {@link #assertValidResponse11(byte[])}).
 *
 * <p>Schemas are read only from {@code wsdl/}: imports between them resolve by file name inside
 * that directory, anything else is refused, and nothing is fetched from the network. Paths are
 * relative to the working directory, which under Maven is the project base directory.
 */
public final class IfmapSchemas {
    /** The directory holding the published WSDL and schemas, relative to the project root. */
    public static final Path DIRECTORY = Path.of("wsdl");

    /** The schema files, in import order (each file's imports come before it). */
    public static final List<String> XSD_FILES = List.of(
            "ifmap-base-2.xsd",
            "ifmap-metadata-2.xsd",
            "ifmap-opmeta-2.1.xsd",
            "ifmap-identifier-2.1.xsd",
            "ifmap-server-2.2.xsd");

    /** The WSDL file in {@link #DIRECTORY}. */
    public static final String WSDL_FILE = "ifmap-2.wsdl";

    /**
     * The IF-MAP 1.1 schema files, in import order. A list of its own: {@link #XSD_FILES} and
     * {@link #schema()} stay IF-MAP 2.x only.
     */
    public static final List<String> XSD_FILES_11 = List.of(
            "ifmap-base-1.1.xsd",
            "ifmap-metadata-1.1.xsd");

    /** The IF-MAP 1.1 WSDL file in {@link #DIRECTORY}. */
    public static final String WSDL_FILE_11 = "ifmap-1.1.wsdl";

    private static final String IFMAP_2 = "http://www.trustedcomputinggroup.org/2010/IFMAP/2";
    private static final String IFMAP_1 = "http://www.trustedcomputinggroup.org/2006/IFMAP/1";
    /** What an IF-MAP 1.1 answer may carry in the SOAP Header, besides blocks of other namespaces. */
    private static final List<String> HEADERS_11 = List.of("session-id", "publisher-id");
    private static final String SOAP_1_1 = "http://schemas.xmlsoap.org/soap/envelope/";
    private static final String SOAP_1_2 = "http://www.w3.org/2003/05/soap-envelope";
    private static final String CURRENT_ELEMENT_NODE = "http://apache.org/xml/properties/dom/current-element-node";
    private static final int MAX_XML_IN_MESSAGE = 64 * 1024;

    /**
     * Separates the diagnosis from the XML it concerns in every {@link AssertionError} message
     * thrown here, so callers can look at the diagnosis alone.
     */
    public static final String XML_SEPARATOR = "\n--- offending XML ---\n";

    private IfmapSchemas() {
    }

    private static Schema all;
    private static Schema all11;

    /**
     * All five schemas compiled into one {@link Schema}; compiled on first use, then shared (a
     * Schema is thread-safe). A compilation failure is reported on every call, not cached.
     */
    public static synchronized Schema schema() {
        if (all == null) {
            all = compile(XSD_FILES.toArray(String[]::new));
        }
        return all;
    }

    /**
     * The two IF-MAP 1.1 schemas ({@link #XSD_FILES_11}) compiled into one {@link Schema}, cached
     * like {@link #schema()}. It knows nothing of the 2.x namespaces.
     */
    public static synchronized Schema schema11() {
        if (all11 == null) {
            all11 = compile(XSD_FILES_11.toArray(String[]::new));
        }
        return all11;
    }

    /**
     * Compiles the named files of {@link #DIRECTORY} into a new {@link Schema}. Files they import
     * are loaded from the same directory even when not named. Throws {@link AssertionError} if a
     * file is missing or does not compile.
     */
    public static Schema compile(String... fileNames) {
        SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
        try {
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        } catch (SAXException e) {
            throw new IllegalStateException("schema factory refuses secure settings", e);
        }
        factory.setResourceResolver(new LocalDirectoryResolver());
        CollectingErrorHandler errors = new CollectingErrorHandler(null);
        factory.setErrorHandler(errors);
        Source[] sources = new Source[fileNames.length];
        for (int i = 0; i < fileNames.length; i++) {
            Path file = inDirectory(fileNames[i]);
            sources[i] = new StreamSource(new ByteArrayInputStream(read(file)), file.toUri().toString());
        }
        try {
            Schema schema = factory.newSchema(sources);
            if (!errors.messages.isEmpty()) {
                throw new AssertionError("schema " + String.join(", ", fileNames) + " does not compile:\n"
                        + String.join("\n", errors.messages));
            }
            return schema;
        } catch (SAXException e) {
            throw new AssertionError("schema " + String.join(", ", fileNames) + " does not compile:\n"
                    + String.join("\n", errors.messages(e)), e);
        }
    }

    /**
     * Asserts that {@code responseElement} is an {@code ifmap:response} element (IF-MAP 2.x
     * namespace) that is valid against {@link #schema()}. The element must come from a
     * namespace-aware DOM; it may sit inside a larger document (a SOAP Body).
     *
     * @throws AssertionError naming every validation error and showing the element's XML
     */
    public static void assertValidResponse(Element responseElement) {
        if (responseElement == null) {
            throw new AssertionError("no response element");
        }
        if (!IFMAP_2.equals(responseElement.getNamespaceURI()) || !"response".equals(responseElement.getLocalName())) {
            throw new AssertionError("expected {" + IFMAP_2 + "}response but found {"
                    + responseElement.getNamespaceURI() + "}" + responseElement.getLocalName()
                    + (responseElement.getLocalName() == null ? " (DOM not namespace-aware)" : "")
                    + XML_SEPARATOR + toXml(responseElement));
        }
        List<String> errors = validationErrors(schema(), responseElement);
        if (!errors.isEmpty()) {
            throw new AssertionError("response is not valid against the IF-MAP 2.x schemas:\n  "
                    + String.join("\n  ", errors) + XML_SEPARATOR + toXml(responseElement));
        }
    }

    /**
     * Parses a SOAP 1.1 or 1.2 envelope (namespace-aware, no DOCTYPE allowed), takes the first
     * element child of its Body and asserts it as in {@link #assertValidResponse(Element)}.
     *
     * @throws AssertionError if the bytes are not a SOAP envelope with a non-empty Body, or the
     *     Body's first element is not a valid {@code ifmap:response}
     */
    public static void assertValidResponse(byte[] soapEnvelope) {
        Element envelope = parseEnvelope(soapEnvelope);
        Element body = body(envelope);
        Element payload = firstElementChild(body);
        if (payload == null) {
            throw new AssertionError("SOAP Body is empty" + XML_SEPARATOR + toXml(envelope));
        }
        assertValidResponse(payload);
    }

    /**
     * Parses a SOAP 1.1 or 1.2 envelope (namespace-aware, no DOCTYPE allowed) holding an IF-MAP
     * 1.1 answer and asserts that what it carries is valid against {@link #schema11()}:
     *
     * <ul>
     *   <li>every element child of the Header in the IF-MAP 1.1 namespace, which must be
     *       {@code session-id} or {@code publisher-id} (Header blocks of other namespaces are
     *       left alone, and SOAP's own attributes on a block, such as {@code mustUnderstand},
     *       are not the schema's business and are ignored);
     *   <li>every element child of the Body, which must be either exactly one
     *       {@code ifmap:response}, or, for the answer to new-session or attach-session,
     *       exactly one {@code ifmap:session-id} and one {@code ifmap:publisher-id} (in either
     *       order) with no response wrapper.
     * </ul>
     *
     * <p>Whether a session-id Header is present is not checked here: that is a protocol rule,
     * not a schema one.
     *
     * @throws AssertionError if the bytes are not such an envelope, naming what was found, or if
     *     anything validated is invalid, naming every validation error and showing the XML of
     *     each invalid element
     */
    public static void assertValidResponse11(byte[] soapEnvelope) {
        Element envelope = parseEnvelope(soapEnvelope);
        String soap = envelope.getNamespaceURI();
        Element body = body(envelope);
        List<Element> checked = new ArrayList<>();
        Element header = soapChild(envelope, "Header");
        if (header != null) {
            for (Element block = firstElementChild(header); block != null; block = nextElementSibling(block)) {
                if (!IFMAP_1.equals(block.getNamespaceURI())) {
                    continue;
                }
                if (!HEADERS_11.contains(block.getLocalName())) {
                    throw new AssertionError("an IF-MAP 1.1 answer carries only ifmap:session-id and ifmap:publisher-id"
                            + " in the SOAP Header, found {" + IFMAP_1 + "}" + block.getLocalName()
                            + XML_SEPARATOR + toXml(header));
                }
                checked.add(withoutSoapAttributes(block, soap));
            }
        }
        List<Element> payload = new ArrayList<>();
        for (Element child = firstElementChild(body); child != null; child = nextElementSibling(child)) {
            payload.add(child);
        }
        if (payload.isEmpty()) {
            throw new AssertionError("SOAP Body is empty" + XML_SEPARATOR + toXml(envelope));
        }
        boolean response = payload.size() == 1 && isIfmap11(payload.get(0), "response");
        boolean sessionPair = payload.size() == 2
                && (isIfmap11(payload.get(0), "session-id") && isIfmap11(payload.get(1), "publisher-id")
                        || isIfmap11(payload.get(0), "publisher-id") && isIfmap11(payload.get(1), "session-id"));
        if (!response && !sessionPair) {
            List<String> found = new ArrayList<>();
            payload.forEach(e -> found.add("{" + e.getNamespaceURI() + "}" + e.getLocalName()));
            throw new AssertionError("expected in the SOAP Body one {" + IFMAP_1 + "}response, or the session-id and"
                    + " publisher-id of a new-session / attach-session answer, but found " + String.join(", ", found)
                    + XML_SEPARATOR + toXml(body));
        }
        checked.addAll(payload);
        List<String> errors = new ArrayList<>();
        List<String> offending = new ArrayList<>();
        for (Element element : checked) {
            List<String> found = validationErrors(schema11(), element);
            if (!found.isEmpty()) {
                errors.addAll(found);
                offending.add(toXml(element));
            }
        }
        if (!errors.isEmpty()) {
            throw new AssertionError("IF-MAP 1.1 answer is not valid against the IF-MAP 1.1 schemas:\n  "
                    + String.join("\n  ", errors) + XML_SEPARATOR + String.join("\n", offending));
        }
    }

    // ------------------------------------------------------------------------------------------

    /** Validates one element (and its subtree) against {@code schema}, returning every error found. */
    private static List<String> validationErrors(Schema schema, Element element) {
        Validator validator = schema.newValidator();
        try {
            validator.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            validator.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        } catch (SAXException e) {
            throw new IllegalStateException("validator refuses secure settings", e);
        }
        validator.setResourceResolver((type, namespace, publicId, systemId, baseUri) -> {
            throw new IllegalStateException("validation tried to load " + systemId);
        });
        CollectingErrorHandler errors = new CollectingErrorHandler(validator);
        validator.setErrorHandler(errors);
        try {
            validator.validate(new DOMSource(element));
        } catch (SAXException | IOException e) {
            errors.messages(e);
        }
        return errors.messages;
    }

    /** Parses the bytes and checks the root is a SOAP 1.1 or 1.2 Envelope. */
    private static Element parseEnvelope(byte[] soapEnvelope) {
        Document document;
        try {
            document = parser().parse(new ByteArrayInputStream(soapEnvelope));
        } catch (SAXException | IOException e) {
            throw new AssertionError("SOAP envelope is not well-formed XML: " + e.getMessage() + XML_SEPARATOR
                    + abbreviate(new String(soapEnvelope, java.nio.charset.StandardCharsets.UTF_8)), e);
        }
        Element envelope = document.getDocumentElement();
        String soap = envelope.getNamespaceURI();
        if (!"Envelope".equals(envelope.getLocalName()) || !(SOAP_1_1.equals(soap) || SOAP_1_2.equals(soap))) {
            throw new AssertionError("not a SOAP 1.1 or 1.2 Envelope: {" + soap + "}" + envelope.getLocalName()
                    + XML_SEPARATOR + toXml(envelope));
        }
        return envelope;
    }

    /** The Body of a parsed envelope; throws if there is none. */
    private static Element body(Element envelope) {
        Element body = soapChild(envelope, "Body");
        if (body == null) {
            throw new AssertionError("SOAP envelope has no Body" + XML_SEPARATOR + toXml(envelope));
        }
        return body;
    }

    /** The first child of the envelope with this local name in the envelope's own SOAP namespace, or null. */
    private static Element soapChild(Element envelope, String localName) {
        String soap = envelope.getNamespaceURI();
        for (Element child = firstElementChild(envelope); child != null; child = nextElementSibling(child)) {
            if (soap.equals(child.getNamespaceURI()) && localName.equals(child.getLocalName())) {
                return child;
            }
        }
        return null;
    }

    private static boolean isIfmap11(Element element, String localName) {
        return IFMAP_1.equals(element.getNamespaceURI()) && localName.equals(element.getLocalName());
    }

    /**
     * The header block itself, or, if it carries attributes of the SOAP envelope namespace
     * (mustUnderstand, actor, role, relay, encodingStyle), a detached copy without them.
     */
    private static Element withoutSoapAttributes(Element block, String soap) {
        List<Attr> soapAttributes = new ArrayList<>();
        NamedNodeMap attributes = block.getAttributes();
        for (int i = 0; i < attributes.getLength(); i++) {
            Attr attribute = (Attr) attributes.item(i);
            if (soap.equals(attribute.getNamespaceURI())) {
                soapAttributes.add(attribute);
            }
        }
        if (soapAttributes.isEmpty()) {
            return block;
        }
        Element copy = (Element) block.cloneNode(true);
        for (Attr attribute : soapAttributes) {
            copy.removeAttributeNS(soap, attribute.getLocalName());
        }
        return copy;
    }

    private static Path inDirectory(String fileName) {
        Path dir = DIRECTORY.toAbsolutePath().normalize();
        Path file = dir.resolve(fileName).normalize();
        if (!file.startsWith(dir) || !file.getParent().equals(dir)) {
            throw new IllegalArgumentException("not a file name in " + DIRECTORY + ": " + fileName);
        }
        if (!Files.isRegularFile(file)) {
            throw new AssertionError("missing schema file " + file
                    + " (tests run with the project root as working directory)");
        }
        return file;
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static DocumentBuilder parser() {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setXIncludeAware(false);
        factory.setExpandEntityReferences(false);
        try {
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            DocumentBuilder builder = factory.newDocumentBuilder();
            builder.setErrorHandler(new ErrorHandler() { // report through the exception only, not stderr
                @Override public void warning(SAXParseException e) {
                }

                @Override public void error(SAXParseException e) throws SAXException {
                    throw e;
                }

                @Override public void fatalError(SAXParseException e) throws SAXException {
                    throw e;
                }
            });
            return builder;
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("XML parser refuses secure settings", e);
        }
    }

    private static Element firstElementChild(Node parent) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                return e;
            }
        }
        return null;
    }

    private static Element nextElementSibling(Node node) {
        for (Node n = node.getNextSibling(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                return e;
            }
        }
        return null;
    }

    /** The XML of a subtree, for failure messages. */
    private static String toXml(Node node) {
        try {
            TransformerFactory factory = TransformerFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_STYLESHEET, "");
            Transformer transformer = factory.newTransformer();
            transformer.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
            StringWriter out = new StringWriter();
            transformer.transform(new DOMSource(node), new StreamResult(out));
            return abbreviate(out.toString());
        } catch (TransformerException | RuntimeException e) {
            return "(XML not printable: " + e + ")";
        }
    }

    private static String abbreviate(String xml) {
        return xml.length() <= MAX_XML_IN_MESSAGE ? xml
                : xml.substring(0, MAX_XML_IN_MESSAGE) + "... (" + (xml.length() - MAX_XML_IN_MESSAGE) + " more characters)";
    }

    /** Where in the validated subtree an element sits, as a simple path of qualified names. */
    private static String path(Node node) {
        List<String> steps = new ArrayList<>();
        for (Node n = node; n instanceof Element e; n = n.getParentNode()) {
            int position = 1;
            for (Node s = e.getPreviousSibling(); s != null; s = s.getPreviousSibling()) {
                if (s instanceof Element se && se.getNodeName().equals(e.getNodeName())) {
                    position++;
                }
            }
            steps.add(0, e.getNodeName() + "[" + position + "]");
        }
        return "/" + String.join("/", steps);
    }

    /** Collects errors instead of stopping at the first, naming the DOM element each one concerns. */
    private static final class CollectingErrorHandler implements ErrorHandler {
        private final Validator validator;
        final List<String> messages = new ArrayList<>();

        CollectingErrorHandler(Validator validator) {
            this.validator = validator;
        }

        @Override
        public void warning(SAXParseException e) {
            // warnings (e.g. unresolved lax content) are not failures
        }

        @Override
        public void error(SAXParseException e) {
            messages.add(describe(e));
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXException {
            messages.add(describe(e));
            throw e;
        }

        List<String> messages(Exception e) {
            String text = e instanceof SAXParseException p ? describe(p) : String.valueOf(e.getMessage());
            if (!messages.contains(text)) {
                messages.add(text);
            }
            return messages;
        }

        private String describe(SAXParseException e) {
            StringBuilder text = new StringBuilder(String.valueOf(e.getMessage()));
            if (e.getSystemId() != null || e.getLineNumber() > 0) {
                text.append(" [").append(e.getSystemId()).append(':').append(e.getLineNumber()).append(']');
            }
            if (validator != null) {
                try {
                    if (validator.getProperty(CURRENT_ELEMENT_NODE) instanceof Node at) {
                        text.append(" at ").append(path(at));
                    }
                } catch (SAXException | RuntimeException ignored) {
                    // the location is a convenience; the message stands without it
                }
            }
            return text.toString();
        }
    }

    /** Resolves schema imports to files of {@link #DIRECTORY} only. */
    private static final class LocalDirectoryResolver implements LSResourceResolver {
        @Override
        public LSInput resolveResource(String type, String namespaceUri, String publicId, String systemId, String baseUri) {
            if (systemId == null) {
                return null; // an import without schemaLocation: nothing to load
            }
            URI location = baseUri == null ? URI.create(systemId) : URI.create(baseUri).resolve(systemId);
            if (!"file".equals(location.getScheme())) {
                throw new IllegalStateException("refusing to load " + location + ": schemas resolve inside "
                        + DIRECTORY + " only");
            }
            Path file = Path.of(location).normalize();
            Path dir = DIRECTORY.toAbsolutePath().normalize();
            if (!dir.equals(file.getParent()) || !Files.isRegularFile(file)) {
                throw new IllegalStateException("refusing to load " + location + ": not a file in " + dir);
            }
            return new FileInput(publicId, file.toUri().toString(), baseUri, read(file));
        }
    }

    private record FileInput(String publicId, String systemId, String baseUri, byte[] bytes) implements LSInput {
        @Override public Reader getCharacterStream() { return null; }
        @Override public void setCharacterStream(Reader characterStream) { throw new UnsupportedOperationException(); }
        @Override public InputStream getByteStream() { return new ByteArrayInputStream(bytes); }
        @Override public void setByteStream(InputStream byteStream) { throw new UnsupportedOperationException(); }
        @Override public String getStringData() { return null; }
        @Override public void setStringData(String stringData) { throw new UnsupportedOperationException(); }
        @Override public String getSystemId() { return systemId; }
        @Override public void setSystemId(String systemId) { throw new UnsupportedOperationException(); }
        @Override public String getPublicId() { return publicId; }
        @Override public void setPublicId(String publicId) { throw new UnsupportedOperationException(); }
        @Override public String getBaseURI() { return baseUri; }
        @Override public void setBaseURI(String baseUri) { throw new UnsupportedOperationException(); }
        @Override public String getEncoding() { return null; }
        @Override public void setEncoding(String encoding) { throw new UnsupportedOperationException(); }
        @Override public boolean getCertifiedText() { return false; }
        @Override public void setCertifiedText(boolean certifiedText) { throw new UnsupportedOperationException(); }
    }

    /**
     * Asserts that {@code validator} rejects the answer and that the diagnosis (the failure message
     * without the XML it quotes) mentions each fragment, e.g. the validator's error code and the culprit.
     */
    public static AssertionError assertRejected(java.util.function.Consumer<byte[]> validator, byte[] envelope,
                                                String... mustMention) {
        AssertionError failure;
        try {
            validator.accept(envelope);
            throw new AssertionFailedNotRejected();
        } catch (AssertionFailedNotRejected e) {
            throw new AssertionError("expected the answer to be rejected: "
                    + new String(envelope, java.nio.charset.StandardCharsets.UTF_8));
        } catch (AssertionError e) {
            failure = e;
        }
        String message = failure.getMessage();
        int xml = message.indexOf(XML_SEPARATOR);
        String diagnosis = xml < 0 ? message : message.substring(0, xml);
        for (String fragment : mustMention) {
            if (!diagnosis.contains(fragment)) {
                throw new AssertionError("diagnosis should mention '" + fragment + "':\n" + message);
            }
        }
        return failure;
    }

    /** Thrown inside {@link #assertRejected} when the validator accepted what it should not have. */
    private static final class AssertionFailedNotRejected extends RuntimeException {
    }

    /** The XML a failure message quotes after the diagnosis. */
    public static String quotedXml(AssertionError failure) {
        String message = failure.getMessage();
        int xml = message.indexOf(XML_SEPARATOR);
        if (xml < 0) {
            throw new AssertionError("no XML quoted in: " + message);
        }
        return message.substring(xml + XML_SEPARATOR.length());
    }

    /** Parses a file of the wsdl/ directory namespace-aware, refusing DOCTYPEs. */
    public static org.w3c.dom.Document parse(Path file) throws Exception {
        javax.xml.parsers.DocumentBuilderFactory factory = javax.xml.parsers.DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature(javax.xml.XMLConstants.FEATURE_SECURE_PROCESSING, true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        try (java.io.InputStream in = new java.io.ByteArrayInputStream(java.nio.file.Files.readAllBytes(file))) {
            return factory.newDocumentBuilder().parse(in, file.toAbsolutePath().toUri().toString());
        } catch (java.io.IOException e) {
            throw new AssertionError("cannot read " + file, e);
        }
    }
}
