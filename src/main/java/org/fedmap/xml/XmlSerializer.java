package org.fedmap.xml;

import java.util.HashMap;
import java.util.LinkedHashMap;
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
        write(root, Map.of(), out, keepRootAttribute, rootEnd);
        return new Fragment(out.toString(), rootEnd[0]);
    }

    private static void write(XmlElement e, Map<String, String> outer, StringBuilder out,
                              Predicate<XmlAttribute> keepAttribute, int[] attributesEnd) {
        Map<String, String> decls = new LinkedHashMap<>(e.declarations());
        Map<String, String> bound = new HashMap<>(outer);
        bound.putAll(decls);
        require(e.prefix(), e.namespace(), bound, decls);
        for (XmlAttribute a : e.attributes()) {
            if (!a.prefix().isEmpty() && (keepAttribute == null || keepAttribute.test(a))) {
                require(a.prefix(), a.namespace(), bound, decls);
                if (a.namespace().equals(XSI) && a.localName().equals("type")) {
                    requireQNameValue(a.value(), e.scope(), bound, decls);
                }
            }
        }
        out.append('<').append(e.qualifiedName());
        for (Map.Entry<String, String> d : decls.entrySet()) {
            out.append(d.getKey().isEmpty() ? " xmlns=\"" : " xmlns:" + d.getKey() + "=\"");
            XmlWriter.escapeAttribute(d.getValue(), out);
            out.append('"');
        }
        for (XmlAttribute a : e.attributes()) {
            if (keepAttribute == null || keepAttribute.test(a)) {
                out.append(' ').append(a.qualifiedName()).append("=\"");
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
        out.append("</").append(e.qualifiedName()).append('>');
    }

    /** Adds a declaration when the prefix is not (or not correctly) bound in the output so far. */
    private static void require(String prefix, String uri, Map<String, String> bound, Map<String, String> decls) {
        String have = bound.get(prefix);
        if (have == null) {
            have = "";
        }
        if (!have.equals(uri)) {
            decls.put(prefix, uri);
            bound.put(prefix, uri);
        }
    }

    private static void requireQNameValue(String value, NamespaceScope scope, Map<String, String> bound,
                                          Map<String, String> decls) {
        int colon = value.indexOf(':');
        if (colon > 0) {
            String p = value.substring(0, colon).trim();
            String uri = scope.resolve(p);
            if (uri != null && !bound.containsKey(p)) {
                require(p, uri, bound, decls);
            }
        }
    }
}
