package org.fedmap.ops.trace;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.fedmap.wire.Exchange;

/**
 * One exchange as trace text: a header line with its facts as {@code key=value} words, then the
 * request and the answer, each after a line of its own:
 *
 * <pre>
 * === 2026-11-22T11:05:01.123+01:00 client=alice source=192.0.2.21 session=4f3a... channel=SSRC version=2 operation=publish result=ok http=200 duration=4.213ms
 * &gt;&gt;&gt; request, 1234 bytes
 * &lt;env:Envelope ...&gt;
 *   ...
 * &lt;&lt;&lt; response, 456 bytes
 * ...
 * </pre>
 */
final class TraceEntry {
    static final String HEADER = "=== ";
    static final String REQUEST = ">>> request";
    static final String RESPONSE = "<<< response";

    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX", Locale.ROOT);

    private TraceEntry() {
    }

    static String format(Exchange e, ZoneId zone) {
        int size = 512 + (e.request() == null ? 0 : e.request().length * 5 / 4)
                + (e.response() == null ? 0 : e.response().length * 5 / 4);
        StringBuilder out = new StringBuilder(size);
        out.append(HEADER).append(TIME.format(Instant.ofEpochMilli(e.startMillis()).atZone(zone)))
                .append(" client=").append(word(e.client()))
                .append(" source=").append(word(e.sourceAddress()))
                .append(" session=").append(word(e.sessionId()))
                .append(" channel=").append(e.channel().label())
                .append(" version=").append(e.version().label())
                .append(" operation=").append(e.operation().label())
                .append(" result=").append(e.result())
                .append(" http=").append(e.httpStatus() == 0 ? "-" : Integer.toString(e.httpStatus()))
                .append(" duration=").append(String.format(Locale.ROOT, "%.3fms", e.durationNanos() / 1e6))
                .append('\n');
        out.append(REQUEST);
        if (e.request() == null) {
            out.append(": not read (the request was refused before its body was read)\n");
        } else {
            body(e.request(), false, out);
        }
        out.append(RESPONSE);
        if (e.response() == null) {
            out.append(": none (the poll's connection closed, or a newer poll replaced it, before an answer was ready)\n");
        } else {
            body(e.response(), e.outcome() == Exchange.Outcome.HTTP_ERROR, out);
        }
        out.append('\n');
        return out.toString();
    }

    private static void body(byte[] bytes, boolean plainText, StringBuilder out) {
        out.append(", ").append(bytes.length).append(" bytes");
        if (plainText) {
            out.append(", plain text\n").append(PrettyXml.raw(bytes));
            return;
        }
        PrettyXml.Text text = PrettyXml.format(bytes);
        if (text.problem() != null) {
            out.append(", NOT WELL-FORMED XML (").append(text.problem()).append("), as received\n");
        } else {
            out.append('\n');
        }
        out.append(text.text());
    }

    /**
     * A value as one word: what a client sent (a session-id) may hold anything, so space and control
     * characters become '?' and long values are cut.
     */
    static String word(String s) {
        return s == null || s.isEmpty() ? "-" : ShortForm.clean(s, 96, true);
    }

    /** The request and answer of an exchange, for the queue's memory budget. */
    static long weight(Exchange e) {
        return 256L + (e.request() == null ? 0 : e.request().length) + (e.response() == null ? 0 : e.response().length);
    }
}
