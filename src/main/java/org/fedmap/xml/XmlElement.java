package org.fedmap.xml;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An element of a parsed document. Immutable; children keep document order. The scope answers
 * prefix look-ups the way the document's author meant them, including declarations made on
 * ancestors (a gateway declares its prefixes on the SOAP Envelope).
 */
public record XmlElement(String namespace, String prefix, String localName, List<XmlAttribute> attributes,
                         List<XmlNode> children, Map<String, String> declarations, NamespaceScope scope)
        implements XmlNode {

    /**
     * @param declarations the namespace declarations written on this element (prefix "" for the default)
     * @param scope        all bindings in force here, inherited ones included
     */
    public XmlElement {
        attributes = List.copyOf(attributes);
        children = List.copyOf(children);
        declarations = Map.copyOf(declarations);
    }

    public boolean is(String ns, String local) {
        return namespace.equals(ns) && localName.equals(local);
    }

    public String qualifiedName() {
        return prefix.isEmpty() ? localName : prefix + ":" + localName;
    }

    /** Value of an attribute in no namespace, or null. */
    public String attribute(String local) {
        for (XmlAttribute a : attributes) {
            if (a.namespace().isEmpty() && a.localName().equals(local)) {
                return a.value();
            }
        }
        return null;
    }

    public String attribute(String ns, String local) {
        for (XmlAttribute a : attributes) {
            if (a.namespace().equals(ns) && a.localName().equals(local)) {
                return a.value();
            }
        }
        return null;
    }

    /** Child elements in document order. */
    public List<XmlElement> elements() {
        List<XmlElement> out = new ArrayList<>(children.size());
        for (XmlNode n : children) {
            if (n instanceof XmlElement e) {
                out.add(e);
            }
        }
        return out;
    }

    /** The first child element, or null. */
    public XmlElement firstElement() {
        for (XmlNode n : children) {
            if (n instanceof XmlElement e) {
                return e;
            }
        }
        return null;
    }

    /** First child element with this local name, whatever its namespace, or null. */
    public XmlElement child(String local) {
        for (XmlNode n : children) {
            if (n instanceof XmlElement e && e.localName.equals(local)) {
                return e;
            }
        }
        return null;
    }

    /** The XPath string-value: all descendant text in document order. */
    public String textContent() {
        StringBuilder sb = new StringBuilder();
        appendText(this, sb);
        return sb.toString();
    }

    private static void appendText(XmlElement e, StringBuilder sb) {
        for (XmlNode n : e.children) {
            if (n instanceof XmlText t) {
                sb.append(t.text());
            } else {
                appendText((XmlElement) n, sb);
            }
        }
    }
}
