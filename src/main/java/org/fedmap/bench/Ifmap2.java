package org.fedmap.bench;

import java.io.IOException;
import org.fedmap.mapclient.WireConnection;

/** IF-MAP 2.x requests as ifmapj-based gateways and controllers send them: SOAP 1.2, session-id attributes. */
final class Ifmap2 implements Dialect {
    static final String META = "http://www.trustedcomputinggroup.org/2010/IFMAP-METADATA/2";

    @Override
    public String name() {
        return "2";
    }

    @Override
    public String contentType() {
        return "application/soap+xml; charset=utf-8";
    }

    static String envelope(String body) {
        return "<env:Envelope xmlns:env=\"http://www.w3.org/2003/05/soap-envelope\""
                + " xmlns:ifmap=\"http://www.trustedcomputinggroup.org/2010/IFMAP/2\""
                + " xmlns:meta=\"" + META + "\"><env:Body>" + body + "</env:Body></env:Envelope>";
    }

    @Override
    public String request(String sessionId, String operation) {
        return envelope(operation);
    }

    @Override
    public String call(WireConnection c, String sessionId, String op, String operation, String expect)
            throws IOException, Failure {
        return Dialect.check(c.post(envelope(operation)), op, expect);
    }

    @Override
    public String newSession(WireConnection c) throws IOException, Failure {
        String text = call(c, null, "newSession", "<ifmap:newSession max-poll-result-size=\"5000000\"/>",
                "newSessionResult");
        String id = Dialect.attribute(text, "session-id", text.indexOf("newSessionResult"));
        if (id == null) {
            throw new Failure("newSession:unexpected-answer", "no session-id");
        }
        return id;
    }

    @Override
    public void attach(WireConnection arc, String sessionId) {
        // a 2.x ARC is whatever connection polls with the session-id
    }

    @Override
    public boolean hasSessionLifecycle() {
        return true;
    }

    /**
     * The publish of a login: the access-request linked to the endpoint's ip-address, mac-address and
     * the user's identity, with capability (carrying the export number), role and device-attribute.
     */
    @Override
    public String publishLogin(String sessionId, UserSession s, String lifetime) {
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
    @Override
    public String publishLogout(String sessionId, UserSession s) {
        String ar = "<access-request name=\"" + s.accessRequest() + "\"/>";
        return "<ifmap:publish session-id=\"" + sessionId + "\">"
                + "<delete>" + ar + "<ip-address value=\"" + s.ip() + "\" type=\"IPv4\"/></delete>"
                + "<delete>" + ar + "<mac-address value=\"" + s.mac() + "\"/></delete>"
                + "<delete>" + ar + "<identity name=\"user" + s.user() + "\" type=\"username\"/></delete>"
                + "<delete>" + ar + "</delete>"
                + "</ifmap:publish>";
    }

    @Override
    public String searchIp(String sessionId, int user) {
        return "<ifmap:search session-id=\"" + sessionId + "\" match-links=\"meta:access-request-ip or "
                + "meta:access-request-mac or meta:authenticated-as\" max-depth=\"2\">"
                + "<ip-address value=\"" + UserSession.ip(user) + "\" type=\"IPv4\"/></ifmap:search>";
    }

    @Override
    public String subscribeIp(String sessionId, int user) {
        return "<ifmap:subscribe session-id=\"" + sessionId + "\"><update name=\"ip" + user
                + "\" match-links=\"meta:access-request-ip or meta:access-request-mac or meta:authenticated-as\""
                + " max-depth=\"2\"><ip-address value=\"" + UserSession.ip(user) + "\" type=\"IPv4\"/></update>"
                + "</ifmap:subscribe>";
    }

    @Override
    public String poll(String sessionId) {
        return "<ifmap:poll session-id=\"" + sessionId + "\"/>";
    }

    @Override
    public String renew(String sessionId) {
        return "<ifmap:renewSession session-id=\"" + sessionId + "\"/>";
    }

    @Override
    public String end(String sessionId) {
        return "<ifmap:endSession session-id=\"" + sessionId + "\"/>";
    }
}
