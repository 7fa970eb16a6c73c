package org.fedmap.xml;

/** A child of an element: an element or a run of text. */
public sealed interface XmlNode permits XmlElement, XmlText {
}
