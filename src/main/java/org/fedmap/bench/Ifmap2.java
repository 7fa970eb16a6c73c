package org.fedmap.bench;

import java.io.IOException;
import java.util.function.LongConsumer;

/** IF-MAP 2.x requests as a gateway and a controller send them, and the little parsing the bench needs. */
final class Ifmap2 {
    static final String META = "http://www.trustedcomputinggroup.org/2010/IFMAP-METADATA/2";
    static final String CAPABILITY_PREFIX = "bench-";

    private Ifmap2() {
    }

    /** A refused or failed IF-MAP request: {@link #kind} names it for the error counts. */
    static final class Failure extends Exception {
        private static final long serialVersionUID = 1L;
        final String kind;

        Failure(String kind, String detail) {
            super(detail);
            this.kind = kind;
        }
    }

    static String envelope(String body) {
        return "<env:Envelope xmlns:env=\"http://www.w3.org/2003/05/soap-envelope\""
                + " xmlns:ifmap=\"http://www.trustedcomputinggroup.org/2010/IFMAP/2\""
                + " xmlns:meta=\"" + META + "\"><env:Body>" + body + "</env:Body></env:Envelope>";
    }

    /** Sends a request; an HTTP status other than 200, an errorResult or a SOAP fault is a {@link Failure}. */
    static String call(WireConnection c, String op, String body, String expect) throws IOException, Failure {
        WireConnection.Answer a = c.post(envelope(body));
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

    static String newSession(WireConnection c) throws IOException, Failure {
        String text = call(c, "newSession", "<ifmap:newSession max-poll-result-size=\"5000000\"/>", "newSessionResult");
        String id = attribute(text, "session-id", text.indexOf("newSessionResult"));
        if (id == null) {
            throw new Failure("newSession:unexpected-answer", "no session-id");
        }
        return id;
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

    /**
     * The publish of a login: the access-request linked to the endpoint's ip-address, mac-address and
     * the user's identity, with capability (carrying the export number), role and device-attribute.
     */
    static String publishLogin(String sessionId, UserSession s, String lifetime) {
        String ar = "<access-request name=\"" + s.accessRequest() + "\"/>";
        String lt = " lifetime=\"" + lifetime + "\"";
        return "<ifmap:publish session-id=\"" + sessionId + "\">"
                + "<update" + lt + ">" + ar + "<ip-address value=\"" + s.ip() + "\" type=\"IPv4\"/>"
                + "<metadata><meta:access-request-ip ifmap-cardinality=\"singleValue\"/></metadata></update>"
                + "<update" + lt + ">" + ar + "<mac-address value=\"" + s.mac() + "\"/>"
                + "<metadata><meta:access-request-mac ifmap-cardinality=\"singleValue\"/></metadata></update>"
                + "<update" + lt + ">" + ar + "<identity name=\"user" + s.user() + "\" type=\"username\"/>"
                + "<metadata><meta:authenticated-as ifmap-cardinality=\"singleValue\"/></metadata></update>"
                + "<update" + lt + ">" + ar + "<metadata>"
                + "<meta:capability ifmap-cardinality=\"multiValue\"><name>" + CAPABILITY_PREFIX + s.export()
                + "</name></meta:capability>"
                + "<meta:role ifmap-cardinality=\"multiValue\"><name>Users</name></meta:role>"
                + "<meta:device-attribute ifmap-cardinality=\"multiValue\"><name>host-checker-passed</name>"
                + "</meta:device-attribute></metadata></update>"
                + "</ifmap:publish>";
    }

    /** The publish that ends a user session: its access-request's metadata and links are deleted. */
    static String publishLogout(String sessionId, UserSession s) {
        String ar = "<access-request name=\"" + s.accessRequest() + "\"/>";
        return "<ifmap:publish session-id=\"" + sessionId + "\">"
                + "<delete>" + ar + "<ip-address value=\"" + s.ip() + "\" type=\"IPv4\"/></delete>"
                + "<delete>" + ar + "<mac-address value=\"" + s.mac() + "\"/></delete>"
                + "<delete>" + ar + "<identity name=\"user" + s.user() + "\" type=\"username\"/></delete>"
                + "<delete>" + ar + "</delete>"
                + "</ifmap:publish>";
    }

    static String searchIp(String sessionId, int user) {
        return "<ifmap:search session-id=\"" + sessionId + "\" match-links=\"meta:access-request-ip or "
                + "meta:access-request-mac or meta:authenticated-as\" max-depth=\"2\">"
                + "<ip-address value=\"" + UserSession.ip(user) + "\" type=\"IPv4\"/></ifmap:search>";
    }

    static String subscribeIp(String sessionId, int user) {
        return "<ifmap:subscribe session-id=\"" + sessionId + "\"><update name=\"ip" + user
                + "\" match-links=\"meta:access-request-ip or meta:access-request-mac or meta:authenticated-as\""
                + " max-depth=\"2\"><ip-address value=\"" + UserSession.ip(user) + "\" type=\"IPv4\"/></update>"
                + "</ifmap:subscribe>";
    }

    static String poll(String sessionId) {
        return "<ifmap:poll session-id=\"" + sessionId + "\"/>";
    }

    static String renew(String sessionId) {
        return "<ifmap:renewSession session-id=\"" + sessionId + "\"/>";
    }

    static String end(String sessionId) {
        return "<ifmap:endSession session-id=\"" + sessionId + "\"/>";
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
