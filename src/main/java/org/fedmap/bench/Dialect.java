package org.fedmap.bench;

import java.io.IOException;
import java.util.function.LongConsumer;
import org.fedmap.mapclient.WireConnection;

/**
 * The IF-MAP version the bench speaks: how a gateway and a controller phrase their requests, and the
 * little parsing of answers the bench needs. Both versions publish the same user sessions, so runs of
 * the two can be compared figure for figure.
 */
sealed interface Dialect permits Ifmap1, Ifmap2 {
    String CAPABILITY_PREFIX = "bench-";

    static Dialect of(String version) {
        switch (version) {
            case "1.1":
                return new Ifmap1();
            case "2":
            case "2.0":
            case "2.1":
            case "2.2":
                return new Ifmap2();
            default:
                throw new IllegalArgumentException("--ifmap-version must be 2 or 1.1, not " + version);
        }
    }

    /** "2" or "1.1", for the report. */
    String name();

    /** The Content-Type of a request: SOAP 1.2 for 2.x, SOAP 1.1 for 1.1, as real clients send them. */
    String contentType();

    /** Opens a session on a new connection and returns its session-id. */
    String newSession(WireConnection c) throws IOException, Failure;

    /** Makes a second connection the session's ARC before its first poll (1.1 attach-session; 2.x needs nothing). */
    void attach(WireConnection arc, String sessionId) throws IOException, Failure;

    /** Whether sessions are renewed and ended explicitly (2.x); a 1.1 session lives as long as its connection. */
    boolean hasSessionLifecycle();

    /** Sends an operation of a session; an HTTP status other than 200, an errorResult or a fault is a {@link Failure}. */
    String call(WireConnection c, String sessionId, String op, String operation, String expect)
            throws IOException, Failure;

    /** The complete request document of an operation of a session, as {@link #call} sends it. */
    String request(String sessionId, String operation);

    String publishLogin(String sessionId, UserSession s, String lifetime);

    String publishLogout(String sessionId, UserSession s);

    String searchIp(String sessionId, int user);

    String subscribeIp(String sessionId, int user);

    String poll(String sessionId);

    String renew(String sessionId);

    String end(String sessionId);

    /** The element names that mark an answer of each kind: the same in both versions. */
    default String searchResult() {
        return "searchResult";
    }

    default String subscribeReceived() {
        return "subscribeReceived";
    }

    default String publishReceived() {
        return "publishReceived";
    }

    /** A refused or failed IF-MAP request: {@link #kind} names it for the error counts. */
    final class Failure extends Exception {
        private static final long serialVersionUID = 1L;
        final String kind;

        Failure(String kind, String detail) {
            super(detail);
            this.kind = kind;
        }
    }

    /** One user's session as a gateway publishes it, identified by its export number. */
    record UserSession(long export, String gateway, int user) {
        String accessRequest() {
            return gateway + ":ar" + export;
        }

        String ip() {
            return ip(user);
        }

        static String ip(int user) {
            return "10." + ((user >> 16) & 255) + "." + ((user >> 8) & 255) + "." + (user & 255);
        }

        String mac() {
            return String.format("02:00:%02x:%02x:%02x:%02x", (user >> 24) & 255, (user >> 16) & 255, (user >> 8) & 255,
                    user & 255);
        }
    }

    /** The common checks of an answer, for both versions. */
    static String check(WireConnection.Answer a, String op, String expect) throws Failure {
        if (a.status() != 200) {
            throw new Failure(op + ":http-" + a.status(), "HTTP " + a.status());
        }
        String text = a.body();
        int err = text.indexOf("errorResult");
        if (err >= 0 && (expect == null || !text.contains(expect))) {
            String code = attribute(text, "errorCode", err);
            throw new Failure(op + ":" + (code == null ? "error" : code), errorString(text));
        }
        if (text.contains("Fault>") || text.contains(":Fault ")) {
            throw new Failure(op + ":soap-fault", "SOAP fault");
        }
        if (expect != null && !text.contains(expect)) {
            throw new Failure(op + ":unexpected-answer", "no " + expect + " in the answer");
        }
        return text;
    }

    static String attribute(String text, String name, int from) {
        int at = text.indexOf(name + "=\"", Math.max(0, from));
        if (at < 0) {
            return null;
        }
        int start = at + name.length() + 2;
        return text.substring(start, text.indexOf('"', start));
    }

    private static String errorString(String text) {
        int at = text.indexOf("<errorString>");
        return at < 0 ? "" : text.substring(at + 13, Math.max(at + 13, text.indexOf("</errorString>")));
    }

    /** Calls {@code each} with the export number of every bench capability in an answer. */
    static void exportsIn(String text, LongConsumer each) {
        String marker = "<name>" + CAPABILITY_PREFIX;
        for (int at = text.indexOf(marker); at >= 0; at = text.indexOf(marker, at + 1)) {
            int start = at + marker.length();
            long n = 0;
            int i = start;
            while (i < text.length() && Character.isDigit(text.charAt(i))) {
                n = n * 10 + (text.charAt(i) - '0');
                i++;
            }
            if (i > start) {
                each.accept(n);
            }
        }
    }
}
