package org.fedmap.xml;

/** An attribute; namespace is "" for the usual unprefixed attribute. */
public record XmlAttribute(String namespace, String prefix, String localName, String value) {
    public String qualifiedName() {
        return prefix.isEmpty() ? localName : prefix + ":" + localName;
    }
}
