package org.fedmap.xml;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The canonical form of an IF-MAP 2.1 extended identifier, the XML document carried (escaped) in
 * the name of an {@code identity type="other" other-type-definition="extended"}. Clients create it
 * with one canonicalisation (root in a default namespace, no prefixes, one namespace, attributes
 * sorted, no empty-element tags, no white-space-only text, tab/newline/return as character
 * references) and servers compare the result byte for byte, so this class re-creates the form and
 * reports any difference.
 */
public final class ExtendedIdentifierForm {
    private static final SafeXmlReader READER = new SafeXmlReader(new SafeXmlReader.Limits(32, 64, 64 * 1024));

    private ExtendedIdentifierForm() {
    }

    /** What the checked document looks like, for callers that need its parts. */
    public record Parsed(String namespace, String localName, String administrativeDomain) {
    }

    /**
     * Checks an identity name as it arrives after XML parsing (still escaped once) and returns the
     * parts of the inner document.
     *
     * @throws XmlException with a message that says what is not canonical
     */
    public static Parsed check(String escapedName) throws XmlException {
        String document = unescape(escapedName);
        XmlElement root = READER.parse(document);
        if (root.namespace().isEmpty()) {
            throw new XmlException("the extended identifier's root element has no namespace");
        }
        if (!root.prefix().isEmpty()) {
            throw new XmlException("the extended identifier's namespace must be the default namespace, not prefix '"
                    + root.prefix() + "'");
        }
        checkSingleNamespace(root, root.namespace());
        String ad = root.attribute("administrative-domain");
        if (ad == null) {
            throw new XmlException("the extended identifier's root element has no administrative-domain attribute");
        }
        String canonical = canonical(root);
        if (!canonical.equals(document)) {
            throw new XmlException("the extended identifier is not in canonical form; expected " + canonical);
        }
        return new Parsed(root.namespace(), root.localName(), ad);
    }

    private static void checkSingleNamespace(XmlElement e, String ns) throws XmlException {
        if (!e.namespace().equals(ns)) {
            throw new XmlException("an extended identifier uses exactly one namespace; found " + e.namespace());
        }
        for (XmlAttribute a : e.attributes()) {
            if (!a.namespace().isEmpty()) {
                throw new XmlException("an extended identifier uses exactly one namespace; attribute "
                        + a.qualifiedName() + " is namespaced");
            }
        }
        for (String uri : e.declarations().values()) {
            if (!uri.equals(ns)) {
                throw new XmlException("an extended identifier declares only its own namespace; found " + uri);
            }
        }
        for (XmlElement c : e.elements()) {
            checkSingleNamespace(c, ns);
        }
    }

    /** The canonical text of a document whose root uses the default namespace. */
    static String canonical(XmlElement root) {
        StringBuilder out = new StringBuilder(128);
        write(root, true, out);
        return out.toString();
    }

    private static void write(XmlElement e, boolean root, StringBuilder out) {
        out.append('<').append(e.localName());
        if (root) {
            out.append(" xmlns=\"");
            escape(e.namespace(), out);
            out.append('"');
        }
        List<XmlAttribute> attrs = new ArrayList<>(e.attributes());
        attrs.sort(Comparator.comparing(XmlAttribute::qualifiedName));
        for (XmlAttribute a : attrs) {
            out.append(' ').append(a.qualifiedName()).append("=\"");
            escape(a.value(), out);
            out.append('"');
        }
        out.append('>');
        for (XmlNode n : e.children()) {
            if (n instanceof XmlText t) {
                if (!t.text().isBlank()) {
                    escape(t.text(), out);
                }
            } else {
                write((XmlElement) n, false, out);
            }
        }
        out.append("</").append(e.localName()).append('>');
    }

    /** Character escaping of the canonical form, identical for text and attribute values. */
    private static void escape(String s, StringBuilder out) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\t' -> out.append("&#9;");
                case '\n' -> out.append("&#10;");
                case '\r' -> out.append("&#13;");
                default -> {
                    if ((c >= 1 && c <= 8) || c == 11 || c == 12 || c == 14 || c == 15 || (c >= 128 && c <= 160)) {
                        out.append("&#").append((int) c).append(';');
                    } else {
                        out.append(c);
                    }
                }
            }
        }
    }

    /** Undoes the extra level of escaping clients apply to the whole document. */
    static String unescape(String s) {
        if (s.indexOf('&') < 0) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '&') {
                if (s.startsWith("&amp;", i)) {
                    out.append('&');
                    i += 4;
                    continue;
                } else if (s.startsWith("&lt;", i)) {
                    out.append('<');
                    i += 3;
                    continue;
                } else if (s.startsWith("&gt;", i)) {
                    out.append('>');
                    i += 3;
                    continue;
                } else if (s.startsWith("&quot;", i)) {
                    out.append('"');
                    i += 5;
                    continue;
                } else if (s.startsWith("&apos;", i)) {
                    out.append('\'');
                    i += 5;
                    continue;
                }
            }
            out.append(c);
        }
        return out.toString();
    }
}
