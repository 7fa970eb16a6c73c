package org.fedmap.testsupport;

import java.io.StringWriter;
import java.util.Set;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Node;
import org.xmlunit.builder.DiffBuilder;
import org.xmlunit.builder.Input;
import org.xmlunit.diff.Diff;

/** XML comparisons for tests: structure and values, never the text of the document. */
public final class XmlAssert {
    private XmlAssert() {
    }

    /**
     * Asserts that {@code actual} means the same as {@code expected}: same elements, namespaces,
     * attributes and text, whatever the prefixes, attribute order and white space between elements.
     * Attributes named in {@code ignoredAttributes} (such as ifmap-timestamp) are left out.
     */
    public static void assertSimilar(String expected, byte[] actual, String... ignoredAttributes) {
        Diff diff = diff(Input.fromString(expected), Input.fromByteArray(actual), ignoredAttributes);
        if (diff.hasDifferences()) {
            throw new AssertionError("XML differs: " + diff + "\nactual: " + new String(actual,
                    java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    /**
     * {@link #assertSimilar(String, byte[], String...)} for a node already parsed: an element taken
     * out of a larger answer, or a metadata document a client library handed back.
     */
    public static void assertSimilar(String expected, Node actual, String... ignoredAttributes) {
        Diff diff = diff(Input.fromString(expected), Input.fromNode(actual), ignoredAttributes);
        if (diff.hasDifferences()) {
            throw new AssertionError("XML differs: " + diff + "\nactual: " + text(actual));
        }
    }

    private static Diff diff(Input.Builder expected, Input.Builder actual, String... ignoredAttributes) {
        Set<String> ignored = Set.of(ignoredAttributes);
        return DiffBuilder.compare(expected)
                .withTest(actual)
                .ignoreWhitespace()
                .ignoreComments()
                .withAttributeFilter(a -> !ignored.contains(a.getLocalName() == null ? a.getName() : a.getLocalName())
                        && !"http://www.w3.org/2000/xmlns/".equals(a.getNamespaceURI()))
                .checkForSimilar()
                .build();
    }

    private static String text(Node node) {
        try {
            var t = TransformerFactory.newInstance().newTransformer();
            t.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
            StringWriter out = new StringWriter();
            t.transform(new DOMSource(node), new StreamResult(out));
            return out.toString();
        } catch (Exception e) {
            return String.valueOf(node);
        }
    }
}
