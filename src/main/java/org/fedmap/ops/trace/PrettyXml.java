package org.fedmap.ops.trace;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.fedmap.xml.SafeXmlReader;
import org.fedmap.xml.XmlAttribute;
import org.fedmap.xml.XmlElement;
import org.fedmap.xml.XmlException;
import org.fedmap.xml.XmlNode;
import org.fedmap.xml.XmlText;
import org.fedmap.xml.XmlWriter;

/**
 * Indents a SOAP document for the trace and masks whatever looks like a credential: the value of an
 * attribute, and the text of an element, whose name speaks of a password, secret, credential, token
 * or authorization, and HTTP credentials ({@code Basic} user:password, {@code Bearer} tokens) anywhere
 * in text. IF-MAP requests normally carry none; this is for the ones that do. It never throws: a
 * body that is not well-formed XML is given back as it came (masked all the same) with the reason.
 */
final class PrettyXml {
    static final String MASK = "*****";
    private static final String INDENT = "  ";

    /** Generous limits: the endpoint already bounded the request; these only guard the writer thread. */
    private static final SafeXmlReader READER = new SafeXmlReader(new SafeXmlReader.Limits(512, 4096, 64 << 20));

    private static final Pattern SENSITIVE_NAME =
            Pattern.compile("password|passwd|passphrase|secret|credential|token|authorization");
    private static final Pattern BASIC = Pattern.compile("(?i)\\b(basic)(\\s+)([A-Za-z0-9+/]{4,}={0,2})");
    private static final Pattern BEARER = Pattern.compile("(?i)\\b(bearer)(\\s+)([A-Za-z0-9._~+/-]{16,}=*)");
    /**
     * In a body that is not XML: name="value" or name='value' with a sensitive name. It starts at the
     * sensitive word (what comes before it stays as it is), so a long run of name characters cannot
     * make the search slow.
     */
    private static final Pattern RAW_ATTRIBUTE = Pattern.compile(
            "(?i)((?:password|passwd|passphrase|secret|credential|token|authorization)[\\w.-]*\\s*=\\s*)"
                    + "(\"[^\"]*\"|'[^']*')");
    /** In a body that is not XML: the text after a start tag with a sensitive name. */
    private static final Pattern RAW_ELEMENT = Pattern.compile(
            "(?i)(<[\\w.:-]*(?:password|passwd|passphrase|secret|credential|token|authorization)[\\w.-]*(?:\\s[^>]*)?>)"
                    + "([^<]*)");

    private PrettyXml() {
    }

    /**
     * A body as trace text.
     *
     * @param text    the indented document, or the body as received when it is not XML
     * @param problem why the body is not XML; null when it was indented
     */
    record Text(String text, String problem) {
    }

    static Text format(byte[] body) {
        XmlElement root;
        try {
            root = READER.parse(body);
        } catch (XmlException | RuntimeException e) {
            return new Text(raw(body), oneLine(e.getMessage()));
        }
        StringBuilder out = new StringBuilder(body.length + body.length / 4 + 64);
        try {
            element(root, 0, false, out);
        } catch (RuntimeException | StackOverflowError e) {
            return new Text(raw(body), "could not be indented: " + e);
        }
        return new Text(out.toString(), null);
    }

    /** A body that is not XML, masked, with control characters other than line breaks and tabs shown as '?'. */
    static String raw(byte[] body) {
        String s = maskText(new String(body, StandardCharsets.UTF_8));
        StringBuilder b = new StringBuilder(s.length() + 1);
        s.codePoints().forEach(cp -> b.appendCodePoint(
                Character.isISOControl(cp) && cp != '\n' && cp != '\t' && cp != '\r' ? '?' : cp));
        if (b.length() > 0 && b.charAt(b.length() - 1) != '\n') {
            b.append('\n');
        }
        return b.toString();
    }

    private static void element(XmlElement e, int depth, boolean masked, StringBuilder out) {
        boolean mask = masked || sensitive(e.localName());
        indent(depth, out);
        out.append('<').append(e.qualifiedName());
        // the declarations this element made, where it made them, so the output means the same;
        // sorted because the parsed element keeps them in no order
        for (Map.Entry<String, String> d : new TreeMap<>(e.declarations()).entrySet()) {
            out.append(d.getKey().isEmpty() ? " xmlns" : " xmlns:" + d.getKey()).append("=\"");
            XmlWriter.escapeAttribute(d.getValue(), out);
            out.append('"');
        }
        for (XmlAttribute a : e.attributes()) {
            out.append(' ').append(a.qualifiedName()).append("=\"");
            XmlWriter.escapeAttribute(mask || sensitive(a.localName()) ? MASK : maskText(a.value()), out);
            out.append('"');
        }
        List<XmlNode> children = e.children();
        if (children.isEmpty()) {
            out.append("/>\n");
            return;
        }
        if (children.stream().allMatch(c -> c instanceof XmlText)) {
            // text only: on one line, exactly as sent (white space included)
            out.append('>');
            XmlWriter.escapeText(mask ? MASK : maskText(e.textContent()), out);
            out.append("</").append(e.qualifiedName()).append(">\n");
            return;
        }
        out.append(">\n");
        for (XmlNode c : children) {
            if (c instanceof XmlElement child) {
                element(child, depth + 1, mask, out);
            } else {
                String text = ((XmlText) c).text();
                if (!text.isBlank()) {
                    // mixed content is rare in IF-MAP; its text keeps its own spaces on a line of its own
                    indent(depth + 1, out);
                    XmlWriter.escapeText(mask ? MASK : maskText(text), out);
                    out.append('\n');
                }
            }
        }
        indent(depth, out);
        out.append("</").append(e.qualifiedName()).append(">\n");
    }

    static boolean sensitive(String localName) {
        return SENSITIVE_NAME.matcher(localName.toLowerCase(Locale.ROOT)).find();
    }

    /**
     * Masks credentials in free text: HTTP credentials, and, in text that holds markup (an escaped
     * document such as an extended identifier, or a body that is not XML), sensitive attributes and
     * elements.
     */
    static String maskText(String s) {
        if (s.indexOf('=') >= 0 || s.indexOf('<') >= 0) {
            s = RAW_ATTRIBUTE.matcher(s).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + "\"" + MASK + "\""));
            s = RAW_ELEMENT.matcher(s).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + MASK));
        }
        return maskHttpCredentials(s);
    }

    /**
     * Masks {@code Basic <base64 of user:password>} and {@code Bearer <token>}. A word after "Basic"
     * is masked only when it decodes to something with a colon, so "Basic Employees" stays readable.
     */
    static String maskHttpCredentials(String s) {
        if (s.length() < 10) {
            return s;
        }
        String lower = s.toLowerCase(Locale.ROOT);
        if (lower.contains("basic")) {
            s = BASIC.matcher(s).replaceAll(m -> Matcher.quoteReplacement(isBasicCredentials(m.group(3))
                    ? m.group(1) + m.group(2) + MASK : m.group()));
        }
        if (lower.contains("bearer")) {
            s = BEARER.matcher(s).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + m.group(2) + MASK));
        }
        return s;
    }

    private static boolean isBasicCredentials(String token) {
        try {
            byte[] decoded = Base64.getDecoder().decode(token);
            for (byte b : decoded) {
                if (b == ':') {
                    return true;
                }
            }
            return false;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static void indent(int depth, StringBuilder out) {
        for (int i = 0; i < depth; i++) {
            out.append(INDENT);
        }
    }

    static String oneLine(String s) {
        if (s == null) {
            return "no reason given";
        }
        return s.replaceAll("\\s+", " ").trim();
    }
}
