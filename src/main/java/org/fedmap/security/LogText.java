package org.fedmap.security;

/** Text that came from a client or an operator, made safe to put in a message or a log line. */
public final class LogText {
    private LogText() {
    }

    /** {@code text} quoted, control characters replaced by '?', cut after {@code max} code points. */
    public static String quote(String text, int max) {
        StringBuilder b = new StringBuilder("'");
        text.codePoints().limit(max).forEach(cp -> b.appendCodePoint(Character.isISOControl(cp) ? '?' : cp));
        if (text.codePointCount(0, text.length()) > max) {
            b.append("...");
        }
        return b.append('\'').toString();
    }
}
