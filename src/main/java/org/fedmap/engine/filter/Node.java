package org.fedmap.engine.filter;

import java.util.ArrayList;
import java.util.List;
import org.fedmap.model.Metadata;
import org.fedmap.model.ProtocolVersion;
import org.fedmap.xml.XmlAttribute;
import org.fedmap.xml.XmlElement;
import org.fedmap.xml.XmlNode;
import org.fedmap.xml.XmlText;

/**
 * The XPath data model over one metadata item: a root whose only child is the metadata element,
 * that element's attributes (stored ones plus the server's operational ones, named for the reader)
 * and the element's content.
 *
 * <p>Nodes belong to a single evaluation and are built lazily, so answering {@code meta:role} or
 * {@code @ifmap-publisher-id} never parses the stored XML. Each node is created once per evaluation
 * and then cached by its parent, so node identity is node equality, which unions and path steps
 * rely on to drop duplicates.
 */
abstract sealed class Node permits Node.Root, Node.Element, Node.Attribute, Node.Text {
    /** Sibling keys of children start here so that an element's attributes sort before its children. */
    private static final int FIRST_CHILD_KEY = 1 << 20;

    /** The parent (for an attribute, the element that carries it); null for the root. */
    final Node parent;
    /** Orders this node among its parent's attributes and children. */
    final int siblingKey;

    private Node(Node parent, int siblingKey) {
        this.parent = parent;
        this.siblingKey = siblingKey;
    }

    /** The XPath string-value. */
    abstract String stringValue();

    /** Children in document order (attributes are not children). */
    List<Node> children() {
        return List.of();
    }

    /** Attributes in the order they are rendered. */
    List<Attribute> attributes() {
        return List.of();
    }

    /** The attribute with this expanded name, or null. */
    Attribute attribute(String namespace, String localName) {
        return null;
    }

    String namespace() {
        return "";
    }

    String localName() {
        return "";
    }

    /** The name as written, with its prefix, for name(). */
    String qualifiedName() {
        return "";
    }

    /** Document order: negative when {@code a} comes before {@code b}, zero only for the same node. */
    static int compare(Node a, Node b) {
        if (a == b) {
            return 0;
        }
        int depthA = depth(a);
        int depthB = depth(b);
        Node x = a;
        Node y = b;
        while (depthA > depthB) {
            x = x.parent;
            depthA--;
        }
        while (depthB > depthA) {
            y = y.parent;
            depthB--;
        }
        if (x == y) {
            // One is an ancestor of the other, and ancestors come first.
            return a == x ? -1 : 1;
        }
        while (x.parent != y.parent) {
            x = x.parent;
            y = y.parent;
        }
        return Integer.compare(x.siblingKey, y.siblingKey);
    }

    private static int depth(Node n) {
        int d = 0;
        for (Node p = n.parent; p != null; p = p.parent) {
            d++;
        }
        return d;
    }

    /** Sorts into document order and drops repeated nodes. */
    static List<Node> documentOrder(List<Node> nodes) {
        if (nodes.size() < 2) {
            return nodes;
        }
        nodes.sort(Node::compare);
        List<Node> out = new ArrayList<>(nodes.size());
        Node last = null;
        for (Node n : nodes) {
            if (n != last) {
                out.add(n);
                last = n;
            }
        }
        return out;
    }

    /** The virtual document node; its only child is the metadata element. */
    static final class Root extends Node {
        private final Element metadata;
        private final List<Node> children;

        Root(Metadata item, ProtocolVersion reader) {
            super(null, 0);
            this.metadata = new Element(this, item, reader);
            this.children = List.of(metadata);
        }

        @Override
        String stringValue() {
            return metadata.stringValue();
        }

        @Override
        List<Node> children() {
            return children;
        }
    }

    static final class Element extends Node {
        private final String namespace;
        private final String localName;
        /** Set for the metadata element only: where its operational attributes and parsed tree come from. */
        private final Metadata item;
        private final ProtocolVersion reader;
        /** Null for the metadata element until something needs its content. */
        private XmlElement xml;
        private List<Node> children;
        private List<Attribute> attributes;
        /** The metadata element's operational attributes by {@link #operationalIndex}; absent ones stay null. */
        private Attribute[] operational;
        private int operationalLooked;

        /** The metadata element: its name comes from the item, so name tests need no parsing. */
        private Element(Root root, Metadata item, ProtocolVersion reader) {
            super(root, FIRST_CHILD_KEY);
            this.namespace = item.namespace();
            this.localName = item.localName();
            this.item = item;
            this.reader = reader;
        }

        private Element(Element parent, int index, XmlElement xml) {
            super(parent, FIRST_CHILD_KEY + index);
            this.namespace = xml.namespace();
            this.localName = xml.localName();
            this.item = null;
            this.reader = null;
            this.xml = xml;
        }

        /** The parsed content; for the metadata element the stored XML is parsed here, once per evaluation. */
        private XmlElement xml() {
            if (xml == null) {
                xml = item.element();
            }
            return xml;
        }

        @Override
        String stringValue() {
            return xml().textContent();
        }

        @Override
        String namespace() {
            return namespace;
        }

        @Override
        String localName() {
            return localName;
        }

        @Override
        String qualifiedName() {
            return xml().qualifiedName();
        }

        /** The xml:lang in force on this element, or null. */
        String language() {
            for (Node n = this; n instanceof Element e; n = n.parent) {
                String lang = e.xml().attribute("http://www.w3.org/XML/1998/namespace", "lang");
                if (lang != null) {
                    return lang;
                }
            }
            return null;
        }

        @Override
        List<Node> children() {
            if (children == null) {
                List<XmlNode> content = xml().children();
                List<Node> out = new ArrayList<>(content.size());
                StringBuilder pendingText = null;
                for (XmlNode n : content) {
                    if (n instanceof XmlText t) {
                        // XPath never has two adjacent text nodes; the parser may split text around a comment.
                        if (pendingText == null) {
                            pendingText = new StringBuilder(t.text());
                        } else {
                            pendingText.append(t.text());
                        }
                        continue;
                    }
                    if (pendingText != null) {
                        out.add(new Text(this, out.size(), pendingText.toString()));
                        pendingText = null;
                    }
                    out.add(new Element(this, out.size(), (XmlElement) n));
                }
                if (pendingText != null) {
                    out.add(new Text(this, out.size(), pendingText.toString()));
                }
                children = out;
            }
            return children;
        }

        @Override
        List<Attribute> attributes() {
            if (attributes == null) {
                List<XmlAttribute> stored = xml().attributes();
                List<Attribute> out = new ArrayList<>(stored.size() + 3);
                for (int i = 0; i < stored.size(); i++) {
                    XmlAttribute a = stored.get(i);
                    // The server's value wins over a client's stray copy, as when the item is rendered.
                    if (item != null && a.namespace().isEmpty() && operationalIndex(a.localName()) >= 0) {
                        continue;
                    }
                    out.add(new Attribute(this, i, a.namespace(), a.prefix(), a.localName(), a.value()));
                }
                if (item != null) {
                    for (int k = 0; k < 3; k++) {
                        Attribute a = operational(k);
                        if (a != null) {
                            out.add(a);
                        }
                    }
                }
                attributes = out;
            }
            return attributes;
        }

        @Override
        Attribute attribute(String namespace, String localName) {
            if (item != null && namespace.isEmpty()) {
                int k = operationalIndex(localName);
                if (k >= 0) {
                    return operational(k);
                }
            }
            for (Attribute a : attributes()) {
                if (a.localName.equals(localName) && a.namespace.equals(namespace)) {
                    return a;
                }
            }
            return null;
        }

        /** 0, 1, 2 for the reader's publisher, timestamp and cardinality attribute names; -1 otherwise. */
        private int operationalIndex(String name) {
            if (name.equals(reader.publisherAttribute())) {
                return 0;
            }
            if (name.equals(reader.timestampAttribute())) {
                return 1;
            }
            if (name.equals(reader.cardinalityAttribute())) {
                return 2;
            }
            return -1;
        }

        /** An operational attribute without parsing the stored XML; each value is computed at most once. */
        private Attribute operational(int k) {
            if (operational == null) {
                operational = new Attribute[3];
            }
            if ((operationalLooked & (1 << k)) == 0) {
                operationalLooked |= 1 << k;
                String name = switch (k) {
                    case 0 -> reader.publisherAttribute();
                    case 1 -> reader.timestampAttribute();
                    default -> reader.cardinalityAttribute();
                };
                String value = item.operationalAttribute(reader, name);
                if (value != null) {
                    // Keys after every stored attribute: the server writes these last.
                    operational[k] = new Attribute(this, FIRST_CHILD_KEY - 3 + k, "", "", name, value);
                }
            }
            return operational[k];
        }
    }

    static final class Attribute extends Node {
        private final String namespace;
        private final String prefix;
        private final String localName;
        private final String value;

        private Attribute(Element owner, int key, String namespace, String prefix, String localName, String value) {
            super(owner, key);
            this.namespace = namespace;
            this.prefix = prefix;
            this.localName = localName;
            this.value = value;
        }

        @Override
        String stringValue() {
            return value;
        }

        @Override
        String namespace() {
            return namespace;
        }

        @Override
        String localName() {
            return localName;
        }

        @Override
        String qualifiedName() {
            return prefix.isEmpty() ? localName : prefix + ":" + localName;
        }
    }

    static final class Text extends Node {
        private final String text;

        private Text(Element parent, int index, String text) {
            super(parent, FIRST_CHILD_KEY + index);
            this.text = text;
        }

        @Override
        String stringValue() {
            return text;
        }
    }
}
