package org.fedmap.security;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.ASN1UniversalString;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;

/**
 * A restriction on the subject of a client's certificate, as operators write it in RFC 4514 form:
 * {@code CN=ic1.example.com} or {@code CN=ic*.example.com, O=Example Corp}.
 *
 * <p>A subject matches when, for every attribute of the pattern, it has an attribute of the same type
 * with a matching value. It may have more attributes, in any order: a pattern says what a certificate
 * must show, and is not broken by a CA that adds attributes (C, serial numbers) or orders them its own
 * way. Where the subject has an attribute more than once (two OU), one of them matching is enough; two
 * attributes of the pattern may both be met by the same attribute of the subject.
 *
 * <p>Values compare as people read them: case does not count, and a run of whitespace counts as one
 * space (at either end, as none). In a pattern value {@code *} stands for any run of characters, none
 * included, dots included: unlike a TLS host name wildcard, {@code CN=ic*.example.com} also matches
 * {@code ic1.lab.example.com}. Nothing else is special, and there is no way to ask for a literal
 * {@code *} (it matches itself, among others).
 *
 * <p>Attribute names are the ones BouncyCastle's {@link BCStyle} knows (CN, O, OU, C, L, ST, STREET,
 * E or EMAILADDRESS, DC, UID, SERIALNUMBER, SURNAME or SN, GIVENNAME, T, ...) or dotted OIDs. Values
 * must be text. Two patterns are equal when their normalized text ({@link #toString()}) is.
 */
public final class SubjectPattern {
    private static final int MAX_INPUT_IN_MESSAGE = 120;
    private static final Charset UTF_32BE = Charset.forName("UTF-32BE");
    private static final Pattern ATTRIBUTE_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9-]*");
    // What RFC 4514 requires escaped anywhere in a value.
    private static final String MUST_ESCAPE = "\"+,;<>\\";
    // What may follow a backslash, apart from two hex digits.
    private static final String ESCAPABLE = "\"+,;<>\\ #=";

    private final String text;
    private final List<Requirement> requirements;

    /** One attribute a subject must have: its type and its value, {@linkplain #fold folded}. */
    private record Requirement(ASN1ObjectIdentifier type, String value) {
    }

    /** An attribute of a subject, its value folded. */
    private record Attribute(ASN1ObjectIdentifier type, String value) {
    }

    /** An attribute as the operator wrote it: its type and its value, unescaped. */
    private record Written(ASN1ObjectIdentifier type, String value) {
    }

    private SubjectPattern(String text, List<Requirement> requirements) {
        this.text = text;
        this.requirements = requirements;
    }

    /**
     * Reads a pattern in RFC 4514 form ({@code CN=ic*.example.com, O=Example Corp}). Inside a value,
     * {@code , + ; < > " \} are escaped with a backslash, and escapes such as {@code \C3\A9} give UTF-8
     * bytes, as OpenSSL prints them. A value in double quotes (as Java and keytool print them) is
     * accepted too. Blanks around separators do not count.
     *
     * @throws IllegalArgumentException naming the input, if it is empty, malformed, names an attribute
     *                                  that is not known, or has an empty or non-text value
     */
    public static SubjectPattern parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("a certificate subject pattern cannot be empty");
        }
        if (text.codePoints().anyMatch(Character::isISOControl)) {
            throw refused(text, "control characters are not allowed");
        }
        List<List<Written>> rdns;
        try {
            // not stripped: the last blank may be escaped, and the reader skips the others
            rdns = new Reader(text).read();
        } catch (IllegalArgumentException e) {
            throw refused(text, e.getMessage());
        }
        List<Requirement> requirements = new ArrayList<>();
        StringBuilder normalized = new StringBuilder();
        for (List<Written> rdn : rdns) {
            normalized.append(normalized.length() > 0 ? "," : "");
            for (int i = 0; i < rdn.size(); i++) {
                Written written = rdn.get(i);
                String attribute = displayName(written.type());
                if (written.value().codePoints().anyMatch(Character::isISOControl)) {
                    throw refused(text, "the value of " + attribute + " holds control characters");
                }
                String folded = fold(written.value());
                if (folded.isEmpty()) {
                    throw refused(text, "the value of " + attribute + " is empty (use * for any value)");
                }
                requirements.add(new Requirement(written.type(), folded));
                normalized.append(i > 0 ? "+" : "").append(attribute).append('=').append(escape(written.value()));
            }
        }
        return new SubjectPattern(normalized.toString(), List.copyOf(requirements));
    }

    /** Whether {@code subject} has every attribute of this pattern with a matching value. False for null. */
    public boolean matches(X500Principal subject) {
        List<Attribute> attributes = attributesOf(subject);
        return attributes != null && matches(attributes);
    }

    /** Whether the subject of {@code certificate} matches; false for null. */
    public boolean matches(X509Certificate certificate) {
        return certificate != null && matches(certificate.getSubjectX500Principal());
    }

    /**
     * Whether any of {@code patterns} matches {@code subject}. An empty list admits every subject: that
     * is how a client is stored that accepts any certificate from the CAs it trusts.
     */
    public static boolean anyMatches(List<SubjectPattern> patterns, X500Principal subject) {
        if (patterns.isEmpty()) {
            return true;
        }
        List<Attribute> attributes = attributesOf(subject);
        if (attributes == null) {
            return false;
        }
        for (SubjectPattern pattern : patterns) {
            if (pattern.matches(attributes)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The pattern as the operator wrote it, normalized: attribute names in their usual upper-case form
     * (EMAILADDRESS as E, known OIDs by name), ',' and '+' between attributes without blanks, values as
     * written with just the escapes RFC 4514 requires. It reads back to an equal pattern.
     */
    @Override
    public String toString() {
        return text;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SubjectPattern other && text.equals(other.text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    private boolean matches(List<Attribute> attributes) {
        for (Requirement requirement : requirements) {
            boolean met = false;
            for (Attribute attribute : attributes) {
                if (attribute.type().equals(requirement.type()) && wildcardMatch(requirement.value(), attribute.value())) {
                    met = true;
                    break;
                }
            }
            if (!met) {
                return false;
            }
        }
        return true;
    }

    /** The text attributes of {@code subject}, values folded; null if there is no subject to read. */
    private static List<Attribute> attributesOf(X500Principal subject) {
        if (subject == null) {
            return null;
        }
        X500Name name;
        try {
            name = X500Name.getInstance(subject.getEncoded());
        } catch (RuntimeException e) {
            return null;
        }
        List<Attribute> attributes = new ArrayList<>();
        for (RDN rdn : name.getRDNs()) {
            for (AttributeTypeAndValue atv : rdn.getTypesAndValues()) {
                String value = textOf(atv.getValue());
                // A value that is not text cannot meet a text requirement; it is left out.
                if (value != null) {
                    attributes.add(new Attribute(atv.getType(), fold(value)));
                }
            }
        }
        return attributes;
    }

    private static String textOf(ASN1Encodable value) {
        if (value instanceof ASN1UniversalString universal) {
            // BouncyCastle gives these as #hex; they hold UCS-4 characters.
            return new String(universal.getOctets(), UTF_32BE);
        }
        if (value instanceof ASN1String string) {
            return string.getString();
        }
        return null;
    }

    /**
     * {@code value} as it compares: whitespace runs become one space, none at either end, and case is
     * folded (upper then lower case, so that characters with several lower-case forms meet).
     */
    static String fold(String value) {
        StringBuilder b = new StringBuilder(value.length());
        boolean blank = false;
        for (int i = 0; i < value.length(); ) {
            int cp = value.codePointAt(i);
            i += Character.charCount(cp);
            if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
                blank = b.length() > 0;
                continue;
            }
            if (blank) {
                b.append(' ');
                blank = false;
            }
            b.appendCodePoint(cp);
        }
        return b.toString().toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT);
    }

    /**
     * Whether {@code text} matches {@code pattern}, where '*' in the pattern matches any run of
     * characters. Goes back only to the last '*', so the time is bounded by the product of the lengths
     * whatever the pattern.
     */
    static boolean wildcardMatch(String pattern, String text) {
        int p = 0;
        int t = 0;
        int star = -1;
        int resume = 0;
        while (t < text.length()) {
            if (p < pattern.length() && pattern.charAt(p) == '*') {
                star = p++;
                resume = t;
            } else if (p < pattern.length() && pattern.charAt(p) == text.charAt(t)) {
                p++;
                t++;
            } else if (star >= 0) {
                // let the last '*' take one more character and try again from there
                p = star + 1;
                t = ++resume;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }

    private static String displayName(ASN1ObjectIdentifier type) {
        String name = BCStyle.INSTANCE.oidToDisplayName(type);
        return name != null ? name : type.getId();
    }

    /** {@code value} with the escapes RFC 4514 requires, and no others. */
    private static String escape(String value) {
        StringBuilder b = new StringBuilder(value.length() + 8);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean end = i == 0 || i == value.length() - 1;
            if (end && c != ' ' && Character.isWhitespace(c)) {
                // the reader drops unescaped blanks of any kind at either end; RFC 4514 has a short escape for ' ' only
                for (byte x : String.valueOf(c).getBytes(StandardCharsets.UTF_8)) {
                    b.append('\\').append(HexFormat.of().toHexDigits(x));
                }
                continue;
            }
            if (MUST_ESCAPE.indexOf(c) >= 0 || (i == 0 && (c == '#' || c == ' ')) || (end && c == ' ')) {
                b.append('\\');
            }
            b.append(c);
        }
        return b.toString();
    }

    /**
     * Reads RFC 4514 text. BouncyCastle's reader is not used: it decodes {@code \C3\A9} escapes as
     * Latin-1 rather than UTF-8, drops a leading escaped backslash and takes invalid escapes silently.
     * Its messages say what is wrong but not in what; the caller adds the input.
     */
    private static final class Reader {
        private final String s;
        private int pos;

        Reader(String s) {
            this.s = s;
        }

        /** The RDNs, each a list of one or more attributes. */
        List<List<Written>> read() {
            List<List<Written>> rdns = new ArrayList<>();
            List<Written> rdn = new ArrayList<>();
            while (true) {
                rdn.add(attribute());
                skipBlanks();
                if (pos == s.length()) {
                    rdns.add(rdn);
                    return rdns;
                }
                char separator = s.charAt(pos++);
                if (separator == ',') {
                    rdns.add(rdn);
                    rdn = new ArrayList<>();
                } else if (separator != '+') {
                    throw new IllegalArgumentException("expected ',' or '+' after a value, found '" + separator + "'");
                }
                skipBlanks();
                if (pos == s.length()) {
                    throw new IllegalArgumentException("nothing follows the last '" + separator + "'");
                }
            }
        }

        private Written attribute() {
            skipBlanks();
            int start = pos;
            while (pos < s.length() && "=,+".indexOf(s.charAt(pos)) < 0) {
                pos++;
            }
            String name = s.substring(start, pos).strip();
            if (pos == s.length() || s.charAt(pos) != '=') {
                throw new IllegalArgumentException(name.isEmpty() ? "expected NAME=value"
                        : "expected '=' after '" + name + "' (the form is NAME=value, NAME=value)");
            }
            pos++;
            ASN1ObjectIdentifier type = type(name);
            skipBlanks();
            String value;
            if (pos < s.length() && s.charAt(pos) == '"') {
                value = quoted();
            } else if (pos < s.length() && s.charAt(pos) == '#') {
                value = encoded(displayName(type));
            } else {
                value = plain();
            }
            return new Written(type, value);
        }

        private static ASN1ObjectIdentifier type(String name) {
            if (name.isEmpty()) {
                throw new IllegalArgumentException("an attribute name is missing before '='");
            }
            String oid = name.regionMatches(true, 0, "OID.", 0, 4) ? name.substring(4) : name;
            if (!oid.isEmpty() && oid.charAt(0) >= '0' && oid.charAt(0) <= '9') {
                ASN1ObjectIdentifier type = ASN1ObjectIdentifier.tryFromID(oid);
                if (type == null) {
                    throw new IllegalArgumentException("'" + name + "' is not an object identifier");
                }
                return type;
            }
            if (!ATTRIBUTE_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("'" + name + "' is not an attribute name");
            }
            try {
                return BCStyle.INSTANCE.attrNameToOID(name);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown attribute name '" + name + "' (known are CN, O, OU, C, L,"
                        + " ST, STREET, E, DC, UID, SERIALNUMBER and more, or a dotted OID)");
            }
        }

        /** A value up to the next unescaped ',' or '+', without the unescaped blanks at its end. */
        private String plain() {
            Value value = new Value();
            while (pos < s.length()) {
                char c = s.charAt(pos);
                if (c == ',' || c == '+') {
                    break;
                }
                if (c == '\\') {
                    escapeSequence(value);
                } else if ("\";<>".indexOf(c) >= 0) {
                    throw new IllegalArgumentException("'" + c + "' in a value must be escaped as '\\" + c + "'");
                } else {
                    value.append(c, !Character.isWhitespace(c));
                    pos++;
                }
            }
            return value.finish();
        }

        /** A value in double quotes, where only '"' and '\' need escaping (RFC 2253, as Java prints names). */
        private String quoted() {
            pos++;
            Value value = new Value();
            while (true) {
                if (pos == s.length()) {
                    throw new IllegalArgumentException("a value in double quotes has no closing '\"'");
                }
                char c = s.charAt(pos);
                if (c == '"') {
                    pos++;
                    break;
                }
                if (c == '\\') {
                    escapeSequence(value);
                } else {
                    // inside quotes every blank counts
                    value.append(c, true);
                    pos++;
                }
            }
            skipBlanks();
            if (pos < s.length() && s.charAt(pos) != ',' && s.charAt(pos) != '+') {
                throw new IllegalArgumentException("expected ',' or '+' after a value in double quotes");
            }
            return value.finish();
        }

        /** A value given as '#' and the hex of its BER encoding, which must be a string. */
        private String encoded(String attribute) {
            int start = ++pos;
            while (pos < s.length() && isHex(s.charAt(pos))) {
                pos++;
            }
            String hex = s.substring(start, pos);
            if (hex.isEmpty() || hex.length() % 2 != 0) {
                throw new IllegalArgumentException("the value of " + attribute + " after '#' is not an even number of hex digits");
            }
            String text;
            try {
                text = textOf(ASN1Primitive.fromByteArray(HexFormat.of().parseHex(hex)));
            } catch (IOException | RuntimeException e) {
                text = null;
            }
            if (text == null) {
                throw new IllegalArgumentException("the value of " + attribute + " is not text");
            }
            return text;
        }

        /** Reads the escape at {@code pos} into {@code value}. */
        private void escapeSequence(Value value) {
            if (pos + 1 == s.length()) {
                throw new IllegalArgumentException("a '\\' at the end escapes nothing");
            }
            char next = s.charAt(pos + 1);
            if (pos + 2 < s.length() && isHex(next) && isHex(s.charAt(pos + 2))) {
                value.appendByte(Integer.parseInt(s, pos + 1, pos + 3, 16));
                pos += 3;
            } else if (ESCAPABLE.indexOf(next) >= 0) {
                value.append(next, true);
                pos += 2;
            } else if (next == '*') {
                throw new IllegalArgumentException("'\\*' is not an escape: '*' always stands for any run of characters");
            } else {
                throw new IllegalArgumentException("'\\" + next + "' is not an escape: after '\\' comes one of "
                        + ESCAPABLE.replace(" ", "") + ", a blank, or two hex digits");
            }
        }

        private void skipBlanks() {
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
        }

        private static boolean isHex(char c) {
            return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
        }
    }

    /** A value being read: characters, hex-escaped UTF-8 bytes, and where its significant part ends. */
    private static final class Value {
        private final StringBuilder chars = new StringBuilder();
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private int significant;

        /** Appends {@code c}; an unescaped blank at the end of a value is not {@code significant}. */
        void append(char c, boolean significant) {
            flushBytes();
            chars.append(c);
            if (significant) {
                this.significant = chars.length();
            }
        }

        void appendByte(int b) {
            bytes.write(b);
        }

        String finish() {
            flushBytes();
            return chars.substring(0, significant);
        }

        private void flushBytes() {
            if (bytes.size() == 0) {
                return;
            }
            try {
                chars.append(StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(bytes.toByteArray())));
            } catch (CharacterCodingException e) {
                throw new IllegalArgumentException("hex escapes in a value must spell UTF-8 characters");
            }
            bytes.reset();
            significant = chars.length();
        }
    }

    private static IllegalArgumentException refused(String text, String reason) {
        return new IllegalArgumentException("bad certificate subject pattern " + quote(text.strip()) + ": " + reason);
    }

    private static String quote(String text) {
        return LogText.quote(text, MAX_INPUT_IN_MESSAGE);
    }
}
