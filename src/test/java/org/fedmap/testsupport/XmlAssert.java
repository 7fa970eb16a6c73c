package org.fedmap.testsupport;

import java.util.Set;
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
        Set<String> ignored = Set.of(ignoredAttributes);
        Diff diff = DiffBuilder.compare(Input.fromString(expected))
                .withTest(Input.fromByteArray(actual))
                .ignoreWhitespace()
                .ignoreComments()
                .withAttributeFilter(a -> !ignored.contains(a.getLocalName() == null ? a.getName() : a.getLocalName())
                        && !"http://www.w3.org/2000/xmlns/".equals(a.getNamespaceURI()))
                .checkForSimilar()
                .build();
        if (diff.hasDifferences()) {
            throw new AssertionError("XML differs: " + diff + "\nactual: " + new String(actual,
                    java.nio.charset.StandardCharsets.UTF_8));
        }
    }
}
