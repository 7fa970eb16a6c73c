package org.fedmap.xml;

/** Input that is not well-formed XML, or that breaks one of the reader's limits. */
public final class XmlException extends Exception {
    public XmlException(String message) {
        super(message);
    }

    public XmlException(String message, Throwable cause) {
        super(message, cause);
    }
}
