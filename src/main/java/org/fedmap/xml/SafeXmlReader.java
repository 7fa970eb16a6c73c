package org.fedmap.xml;

import com.ctc.wstx.api.WstxInputProperties;
import java.io.StringReader;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.codehaus.stax2.io.Stax2ByteArraySource;

/**
 * Parses untrusted XML into an {@link XmlElement} tree. A DOCTYPE is refused outright, so no entity
 * can be declared, expanded or fetched; element depth, attributes per element and text size are
 * bounded. The caller bounds the document's total size before handing it over.
 */
public final class SafeXmlReader {
    /** Limits for one document. */
    public record Limits(int maxDepth, int maxAttributesPerElement, int maxTextLength) {
        public static final Limits DEFAULT = new Limits(64, 128, 8 * 1024 * 1024);
    }

    private final com.ctc.wstx.stax.WstxInputFactory factory;
    private final Limits limits;

    public SafeXmlReader(Limits limits) {
        this.limits = limits;
        // Woodstox directly, not XMLInputFactory.newFactory(): the limits below are Woodstox's own.
        factory = new com.ctc.wstx.stax.WstxInputFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        factory.setProperty(XMLInputFactory.IS_COALESCING, true);
        factory.setProperty(XMLInputFactory.IS_VALIDATING, false);
        factory.setProperty(WstxInputProperties.P_MAX_ELEMENT_DEPTH, limits.maxDepth());
        factory.setProperty(WstxInputProperties.P_MAX_ATTRIBUTES_PER_ELEMENT, limits.maxAttributesPerElement());
        factory.setProperty(WstxInputProperties.P_MAX_TEXT_LENGTH, limits.maxTextLength());
        factory.setProperty(WstxInputProperties.P_MAX_ATTRIBUTE_SIZE, limits.maxTextLength());
        factory.setProperty(WstxInputProperties.P_MAX_ENTITY_COUNT, 1L);
    }

    public SafeXmlReader() {
        this(Limits.DEFAULT);
    }

    public Limits limits() {
        return limits;
    }

    /** Parses a whole document from bytes (the encoding comes from the XML declaration or defaults to UTF-8). */
    public XmlElement parse(byte[] document) throws XmlException {
        try {
            // Woodstox reads a byte array in place; an InputStream would be copied through its buffers
            return build(factory.createXMLStreamReader(new Stax2ByteArraySource(document, 0, document.length)));
        } catch (XMLStreamException e) {
            throw new XmlException(describe(e), e);
        }
    }

    /** Parses a document held in a string, such as the inner document of an extended identifier. */
    public XmlElement parse(String document) throws XmlException {
        try {
            return build(factory.createXMLStreamReader(new StringReader(document)));
        } catch (XMLStreamException e) {
            throw new XmlException(describe(e), e);
        }
    }

    private XmlElement build(XMLStreamReader r) throws XMLStreamException, XmlException {
        try {
            Deque<Builder> open = new ArrayDeque<>();
            XmlElement root = null;
            while (r.hasNext()) {
                int event = r.next();
                switch (event) {
                    case XMLStreamConstants.DTD ->
                            throw new XmlException("DOCTYPE is not allowed in IF-MAP requests");
                    case XMLStreamConstants.ENTITY_REFERENCE ->
                            throw new XmlException("entity references are not allowed: &" + r.getLocalName() + ";");
                    case XMLStreamConstants.START_ELEMENT -> {
                        NamespaceScope parentScope = open.isEmpty() ? NamespaceScope.EMPTY : open.peek().scope;
                        int nsCount = r.getNamespaceCount();
                        NamespaceScope scope = parentScope;
                        Map<String, String> decls = Map.of();
                        if (nsCount > 0) {
                            decls = new HashMap<>(nsCount * 2);
                            for (int i = 0; i < nsCount; i++) {
                                String p = r.getNamespacePrefix(i);
                                String uri = r.getNamespaceURI(i);
                                decls.put(p == null ? "" : p, uri == null ? "" : uri);
                            }
                            scope = parentScope.with(decls);
                        }
                        int attrCount = r.getAttributeCount();
                        List<XmlAttribute> attrs = attrCount == 0 ? List.of() : new ArrayList<>(attrCount);
                        for (int i = 0; i < attrCount; i++) {
                            attrs.add(new XmlAttribute(nullToEmpty(r.getAttributeNamespace(i)),
                                    nullToEmpty(r.getAttributePrefix(i)), r.getAttributeLocalName(i),
                                    r.getAttributeValue(i)));
                        }
                        open.push(new Builder(nullToEmpty(r.getNamespaceURI()), nullToEmpty(r.getPrefix()),
                                r.getLocalName(), attrs, decls, scope));
                    }
                    case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
                        if (!open.isEmpty()) {
                            open.peek().children.add(new XmlText(r.getText()));
                        }
                    }
                    case XMLStreamConstants.END_ELEMENT -> {
                        XmlElement done = open.pop().build();
                        if (open.isEmpty()) {
                            root = done;
                        } else {
                            open.peek().children.add(done);
                        }
                    }
                    default -> {
                        // comments, processing instructions, document start/end: not part of the data
                    }
                }
            }
            if (root == null) {
                throw new XmlException("the document has no root element");
            }
            return root;
        } finally {
            r.close();
        }
    }

    private static String describe(XMLStreamException e) {
        String m = e.getMessage();
        if (m == null) {
            return "malformed XML";
        }
        // Woodstox prefixes messages with its location block; keep the first line, which says what is wrong
        int nl = m.indexOf('\n');
        String first = nl > 0 ? m.substring(0, nl) : m;
        return "malformed XML: " + first + (e.getLocation() != null
                ? " (line " + e.getLocation().getLineNumber() + ", column " + e.getLocation().getColumnNumber() + ")"
                : "");
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    private static final class Builder {
        final String ns;
        final String prefix;
        final String local;
        final List<XmlAttribute> attrs;
        final Map<String, String> decls;
        final NamespaceScope scope;
        final List<XmlNode> children = new ArrayList<>(4);

        Builder(String ns, String prefix, String local, List<XmlAttribute> attrs, Map<String, String> decls,
                NamespaceScope scope) {
            this.ns = ns;
            this.prefix = prefix;
            this.local = local;
            this.attrs = attrs;
            this.decls = decls;
            this.scope = scope;
        }

        XmlElement build() {
            return new XmlElement(ns, prefix, local, attrs, mergeText(children), decls, scope);
        }

        /** Adjacent text events (text next to a CDATA section) become one text node, as XPath sees them. */
        private static List<XmlNode> mergeText(List<XmlNode> in) {
            if (in.size() < 2) {
                return in;
            }
            List<XmlNode> out = new ArrayList<>(in.size());
            StringBuilder pending = null;
            for (XmlNode n : in) {
                if (n instanceof XmlText t) {
                    if (pending == null) {
                        pending = new StringBuilder(t.text());
                    } else {
                        pending.append(t.text());
                    }
                } else {
                    if (pending != null) {
                        out.add(new XmlText(pending.toString()));
                        pending = null;
                    }
                    out.add(n);
                }
            }
            if (pending != null) {
                out.add(new XmlText(pending.toString()));
            }
            return out;
        }
    }
}
