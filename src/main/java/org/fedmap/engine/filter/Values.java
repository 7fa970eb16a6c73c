package org.fedmap.engine.filter;

import java.math.BigDecimal;
import java.util.List;

/**
 * XPath 1.0 values and their conversions (section 4). A value is a {@link Boolean}, a
 * {@link Double}, a {@link String} or a node-set, which is a {@code List<Node>} in document order
 * without repeats. Strings are measured and cut in Unicode characters, not UTF-16 units, as XPath does.
 */
final class Values {
    private Values() {
    }

    @SuppressWarnings("unchecked")
    static List<Node> nodes(Object value) {
        return (List<Node>) value;
    }

    static boolean toBoolean(Object value) {
        if (value instanceof Boolean b) {
            return b;
        }
        if (value instanceof Double d) {
            return d != 0 && !d.isNaN();
        }
        if (value instanceof String s) {
            return !s.isEmpty();
        }
        return !nodes(value).isEmpty();
    }

    static String toStringValue(Object value) {
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof Double d) {
            return numberToString(d);
        }
        if (value instanceof Boolean b) {
            return b ? "true" : "false";
        }
        List<Node> nodes = nodes(value);
        return nodes.isEmpty() ? "" : nodes.get(0).stringValue();
    }

    static double toNumber(Object value) {
        if (value instanceof Double d) {
            return d;
        }
        if (value instanceof String s) {
            return stringToNumber(s);
        }
        if (value instanceof Boolean b) {
            return b ? 1 : 0;
        }
        return stringToNumber(toStringValue(value));
    }

    /** XPath's number-to-string: integers without a decimal point, never an exponent. */
    static String numberToString(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "Infinity" : "-Infinity";
        }
        if (d == 0) {
            return "0"; // also for negative zero
        }
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return Long.toString((long) d);
        }
        // valueOf goes through Double.toString, the shortest text that reads back as the same double.
        return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }

    /**
     * XPath's string-to-number: optional white space, an optional minus, digits with an optional
     * decimal point, optional white space. Anything else (an exponent, a plus sign, "Infinity") is NaN.
     */
    static double stringToNumber(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && Lexer.isWhitespace(s.charAt(start))) {
            start++;
        }
        while (end > start && Lexer.isWhitespace(s.charAt(end - 1))) {
            end--;
        }
        int i = start;
        if (i < end && s.charAt(i) == '-') {
            i++;
        }
        int digits = 0;
        boolean point = false;
        for (; i < end; i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                digits++;
            } else if (c == '.' && !point) {
                point = true;
            } else {
                return Double.NaN;
            }
        }
        if (digits == 0) {
            return Double.NaN;
        }
        return Double.parseDouble(s.substring(start, end));
    }

    /** XPath round(): halves go up (towards positive infinity); NaN and infinities stay. */
    static double round(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            return d;
        }
        if (d < 0 && d >= -0.5) {
            return -0.0;
        }
        return Math.floor(d + 0.5);
    }

    static int length(String s) {
        return s.codePointCount(0, s.length());
    }

    /** XPath substring(): characters at p (from 1) with round(start) &lt;= p &lt; round(start) + round(length). */
    static String substring(String s, double start, double length) {
        double first = round(start);
        double end = first + round(length);
        if (Double.isNaN(first) || Double.isNaN(end)) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        int position = 1;
        for (int i = 0; i < s.length(); position++) {
            int cp = s.codePointAt(i);
            if (position >= first && position < end) {
                out.appendCodePoint(cp);
            }
            i += Character.charCount(cp);
        }
        return out.toString();
    }

    static String normalizeSpace(String s) {
        StringBuilder out = new StringBuilder(s.length());
        boolean pendingSpace = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Lexer.isWhitespace(c)) {
                pendingSpace = out.length() > 0;
            } else {
                if (pendingSpace) {
                    out.append(' ');
                    pendingSpace = false;
                }
                out.append(c);
            }
        }
        return out.toString();
    }

    /** XPath translate(): each character of {@code from} becomes the one at its position in {@code to}, or goes. */
    static String translate(String s, String from, String to) {
        int[] fromChars = from.codePoints().toArray();
        int[] toChars = to.codePoints().toArray();
        StringBuilder out = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> {
            int index = -1;
            for (int k = 0; k < fromChars.length; k++) {
                if (fromChars[k] == cp) {
                    index = k;
                    break;
                }
            }
            if (index < 0) {
                out.appendCodePoint(cp);
            } else if (index < toChars.length) {
                out.appendCodePoint(toChars[index]);
            }
        });
        return out.toString();
    }

    static String substringBefore(String s, String t) {
        int i = s.indexOf(t);
        return i < 0 ? "" : s.substring(0, i);
    }

    static String substringAfter(String s, String t) {
        int i = s.indexOf(t);
        return i < 0 ? "" : s.substring(i + t.length());
    }

    /** lang(): the xml:lang value is the language asked for or a sub-language of it, ignoring case. */
    static boolean languageMatches(String declared, String wanted) {
        if (declared == null) {
            return false;
        }
        if (declared.equalsIgnoreCase(wanted)) {
            return true;
        }
        return declared.length() > wanted.length() && declared.charAt(wanted.length()) == '-'
                && declared.regionMatches(true, 0, wanted, 0, wanted.length());
    }
}
