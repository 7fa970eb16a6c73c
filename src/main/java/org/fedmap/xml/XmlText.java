package org.fedmap.xml;

/** Character data (text and CDATA, coalesced). */
public record XmlText(String text) implements XmlNode {
}
