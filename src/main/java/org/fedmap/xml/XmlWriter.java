package org.fedmap.xml;

import java.nio.charset.StandardCharsets;

/**
 * Writes XML into a string buffer. Start tags stay open for attributes until content or the end
 * tag arrives; an element without content is closed as {@code <x/>}. Values are escaped so that
 * they read back identically (tabs, newlines and carriage returns in attributes as character
 * references).
 */
public final class XmlWriter {
    private final StringBuilder out;
    private boolean startTagOpen;

    public XmlWriter(int capacity) {
        out = new StringBuilder(capacity);
    }

    public XmlWriter() {
        this(512);
    }

    public XmlWriter declaration() {
        out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
        return this;
    }

    public XmlWriter start(String qualifiedName) {
        closeStartTag();
        out.append('<').append(qualifiedName);
        startTagOpen = true;
        return this;
    }

    /** Declares a namespace on the open start tag; prefix "" declares the default namespace. */
    public XmlWriter namespace(String prefix, String uri) {
        out.append(prefix.isEmpty() ? " xmlns=\"" : " xmlns:" + prefix + "=\"");
        escapeAttribute(uri, out);
        out.append('"');
        return this;
    }

    public XmlWriter attribute(String qualifiedName, String value) {
        if (!startTagOpen) {
            throw new IllegalStateException("attribute " + qualifiedName + " outside a start tag");
        }
        out.append(' ').append(qualifiedName).append("=\"");
        escapeAttribute(value, out);
        out.append('"');
        return this;
    }

    /** Adds the attribute only when the value is not null. */
    public XmlWriter optionalAttribute(String qualifiedName, String value) {
        return value == null ? this : attribute(qualifiedName, value);
    }

    public XmlWriter text(String text) {
        closeStartTag();
        escapeText(text, out);
        return this;
    }

    /** Appends a well-formed, self-contained fragment as it is. */
    public XmlWriter raw(CharSequence xml) {
        closeStartTag();
        out.append(xml);
        return this;
    }

    public XmlWriter end(String qualifiedName) {
        if (startTagOpen) {
            out.append("/>");
            startTagOpen = false;
        } else {
            out.append("</").append(qualifiedName).append('>');
        }
        return this;
    }

    /** Shorthand for an element holding only text. */
    public XmlWriter textElement(String qualifiedName, String text) {
        start(qualifiedName);
        closeStartTag();
        escapeText(text, out);
        out.append("</").append(qualifiedName).append('>');
        return this;
    }

    public int length() {
        return out.length();
    }

    public String toString() {
        return out.toString();
    }

    public byte[] toBytes() {
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private void closeStartTag() {
        if (startTagOpen) {
            out.append('>');
            startTagOpen = false;
        }
    }

    public static void escapeText(String s, StringBuilder out) {
        int copied = 0;
        for (int i = 0, n = s.length(); i < n; i++) {
            String escape = switch (s.charAt(i)) {
                case '&' -> "&amp;";
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '\r' -> "&#13;";
                default -> null;
            };
            if (escape != null) {
                out.append(s, copied, i).append(escape);
                copied = i + 1;
            }
        }
        // runs that need no escaping (usually the whole text) are copied in one go
        out.append(s, copied, s.length());
    }

    public static void escapeAttribute(String s, StringBuilder out) {
        int copied = 0;
        for (int i = 0, n = s.length(); i < n; i++) {
            String escape = switch (s.charAt(i)) {
                case '&' -> "&amp;";
                case '<' -> "&lt;";
                case '"' -> "&quot;";
                case '\t' -> "&#9;";
                case '\n' -> "&#10;";
                case '\r' -> "&#13;";
                default -> null;
            };
            if (escape != null) {
                out.append(s, copied, i).append(escape);
                copied = i + 1;
            }
        }
        out.append(s, copied, s.length());
    }
}
