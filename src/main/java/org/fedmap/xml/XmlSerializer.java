package org.fedmap.xml;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Writes an element subtree as a self-contained fragment: the declarations the subtree made are
 * kept as they were, and every namespace it uses but inherited from outside (typically from the
 * SOAP Envelope) is declared on its root. Such a fragment can be spliced into any response and
 * still mean what it meant in the request.
 */
public final class XmlSerializer {
    private static final String XSI = "http://www.w3.org/2001/XMLSchema-instance";

    private XmlSerializer() {
    }

    /** A serialized fragment and the offset just after its root's last attribute. */
    public record Fragment(String xml, int rootAttributesEnd) {
    }


    /** Serializes {@code root}, keeping only the root attributes {@code keepRootAttribute} accepts. */
    public static Fragment serialize(XmlElement root, Predicate<XmlAttribute> keepRootAttribute) {
        StringBuilder out = new StringBuilder(128);
        int[] rootEnd = new int[1];
        write(root, null, out, keepRootAttribute, rootEnd);
        return new Fragment(out.toString(), rootEnd[0]);
    }

    /**
     * The prefixes bound in the output so far, innermost first. A chain rather than a map per element:
     * metadata is small and shallow, and most elements bind nothing, so this allocates next to nothing.
     */
    private record Bound(String prefix, String uri, Bound outer) {
        static String lookUp(Bound b, String prefix) {
            for (; b != null; b = b.outer) {
                if (b.prefix.equals(prefix)) {
                    return b.uri;
                }
            }
            return "";
        }
    }

    private static void write(XmlElement e, Bound outer, StringBuilder out, Predicate<XmlAttribute> keepAttribute,
                              int[] attributesEnd) {
        Bound bound = outer;
        for (Map.Entry<String, String> d : e.declarations().entrySet()) {
            bound = new Bound(d.getKey(), d.getValue(), bound);
        }
        // declarations the element needs but neither made nor inherited inside the fragment
        List<String[]> added = null;
        if (!Bound.lookUp(bound, e.prefix()).equals(e.namespace())) {
            added = add(added, e.prefix(), e.namespace());
            bound = new Bound(e.prefix(), e.namespace(), bound);
        }
        for (XmlAttribute a : e.attributes()) {
            if (!a.prefix().isEmpty() && (keepAttribute == null || keepAttribute.test(a))) {
                if (!Bound.lookUp(bound, a.prefix()).equals(a.namespace())) {
                    added = add(added, a.prefix(), a.namespace());
                    bound = new Bound(a.prefix(), a.namespace(), bound);
                }
                if (a.namespace().equals(XSI) && a.localName().equals("type")) {
                    String[] qname = qnamePrefixBinding(a.value(), e.scope(), bound);
                    if (qname != null) {
                        added = add(added, qname[0], qname[1]);
                        bound = new Bound(qname[0], qname[1], bound);
                    }
                }
            }
        }
        out.append('<');
        appendName(e.prefix(), e.localName(), out);
        for (Map.Entry<String, String> d : e.declarations().entrySet()) {
            declare(d.getKey(), d.getValue(), out);
        }
        if (added != null) {
            for (String[] d : added) {
                declare(d[0], d[1], out);
            }
        }
        for (XmlAttribute a : e.attributes()) {
            if (keepAttribute == null || keepAttribute.test(a)) {
                out.append(' ');
                appendName(a.prefix(), a.localName(), out);
                out.append("=\"");
                XmlWriter.escapeAttribute(a.value(), out);
                out.append('"');
            }
        }
        if (attributesEnd != null) {
            attributesEnd[0] = out.length();
        }
        if (e.children().isEmpty()) {
            out.append("/>");
            return;
        }
        out.append('>');
        for (XmlNode n : e.children()) {
            if (n instanceof XmlText t) {
                XmlWriter.escapeText(t.text(), out);
            } else {
                write((XmlElement) n, bound, out, null, null);
            }
        }
        out.append("</");
        appendName(e.prefix(), e.localName(), out);
        out.append('>');
    }

    private static List<String[]> add(List<String[]> added, String prefix, String uri) {
        List<String[]> list = added == null ? new ArrayList<>(2) : added;
        list.add(new String[] {prefix, uri});
        return list;
    }

    private static void appendName(String prefix, String local, StringBuilder out) {
        if (!prefix.isEmpty()) {
            out.append(prefix).append(':');
        }
        out.append(local);
    }

    private static void declare(String prefix, String uri, StringBuilder out) {
        if (prefix.isEmpty()) {
            out.append(" xmlns=\"");
        } else {
            out.append(" xmlns:").append(prefix).append("=\"");
        }
        XmlWriter.escapeAttribute(uri, out);
        out.append('"');
    }

    /**
     * The binding an xsi:type value's prefix needs (the value is a QName the reader resolves against
     * the element's scope), or null when it is unprefixed, unbound, or already bound in the output.
     */
    private static String[] qnamePrefixBinding(String value, NamespaceScope scope, Bound bound) {
        int colon = value.indexOf(':');
        if (colon <= 0) {
            return null;
        }
        String p = value.substring(0, colon).trim();
        String uri = scope.resolve(p);
        if (uri == null || isBound(bound, p)) {
            return null;
        }
        return new String[] {p, uri};
    }

    private static boolean isBound(Bound b, String prefix) {
        for (; b != null; b = b.outer) {
            if (b.prefix.equals(prefix)) {
                return true;
            }
        }
        return false;
    }
}
