package org.fedmap.bench;

import java.io.IOException;
import org.fedmap.mapclient.WireConnection;

/**
 * IF-MAP 1.1 requests as Juniper/Ivanti gateways send them: SOAP 1.1 with {@code text/xml}, every
 * prefix declared on the Envelope, the session-id in the SOAP Header, new-session with an empty Body,
 * attach-session to open the ARC. 1.1 has no lifetimes (metadata stays until deleted) and no
 * renewSession or endSession.
 */
final class Ifmap1 implements Dialect {
    private static final String ENVELOPE = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
            + "<SOAP-ENV:Envelope xmlns:SOAP-ENV=\"http://schemas.xmlsoap.org/soap/envelope/\""
            + " xmlns:SOAP-ENC=\"http://schemas.xmlsoap.org/soap/encoding/\""
            + " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\""
            + " xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\""
            + " xmlns:ifmap=\"http://www.trustedcomputinggroup.org/2006/IFMAP/1\""
            + " xmlns:meta=\"http://www.trustedcomputinggroup.org/2006/IFMAP-METADATA/1\""
            + " xmlns:jnpr=\"http://www.juniper.net/2008/IFMAP/1\">";

    @Override
    public String name() {
        return "1.1";
    }

    @Override
    public String contentType() {
        return "text/xml; charset=utf-8";
    }

    private static String envelope(String header, String body) {
        return ENVELOPE + "<SOAP-ENV:Header>" + header + "</SOAP-ENV:Header><SOAP-ENV:Body>" + body
                + "</SOAP-ENV:Body></SOAP-ENV:Envelope>";
    }

    @Override
    public String request(String sessionId, String operation) {
        return envelope("<ifmap:session-id>" + sessionId + "</ifmap:session-id>", operation);
    }

    @Override
    public String call(WireConnection c, String sessionId, String op, String operation, String expect)
            throws IOException, Failure {
        return Dialect.check(c.post(request(sessionId, operation)), op, expect);
    }

    @Override
    public String newSession(WireConnection c) throws IOException, Failure {
        String text = Dialect.check(c.post(envelope("<ifmap:new-session/>", "")), "new-session", "session-id");
        return sessionIdIn(text, "new-session");
    }

    @Override
    public void attach(WireConnection arc, String sessionId) throws IOException, Failure {
        String text = Dialect.check(arc.post(envelope("<ifmap:attach-session>" + sessionId + "</ifmap:attach-session>",
                "")), "attach-session", "session-id");
        if (!sessionId.equals(sessionIdIn(text, "attach-session"))) {
            throw new Failure("attach-session:unexpected-answer", "attached to another session");
        }
    }

    private static String sessionIdIn(String text, String op) throws Failure {
        int at = text.indexOf("session-id>");
        int end = at < 0 ? -1 : text.indexOf('<', at);
        if (end < 0) {
            throw new Failure(op + ":unexpected-answer", "no session-id");
        }
        return text.substring(at + "session-id>".length(), end).trim();
    }

    @Override
    public boolean hasSessionLifecycle() {
        return false;
    }

    private static String id(String identifier) {
        return "<identifier>" + identifier + "</identifier>";
    }

    private static String link(String a, String b) {
        return "<link>" + id(a) + id(b) + "</link>";
    }

    private static String accessRequest(UserSession s) {
        return "<access-request name=\"" + s.accessRequest() + "\"/>";
    }

    private static String ipAddress(int user) {
        return "<ip-address value=\"" + UserSession.ip(user) + "\" type=\"IPv4\"/>";
    }

    private static String macAddress(UserSession s) {
        return "<mac-address value=\"" + s.mac() + "\"/>";
    }

    private static String identity(UserSession s) {
        return "<identity name=\"user" + s.user() + "\" type=\"username\"/>";
    }

    /** A login as the IC publishes it: the role sits on the access-request's link to the identity. */
    @Override
    public String publishLogin(String sessionId, UserSession s, String lifetime) {
        String ar = accessRequest(s);
        return "<ifmap:publish validation=\"None\">"
                + "<update>" + link(ar, ipAddress(s.user())) + "<metadata><meta:access-request-ip/></metadata></update>"
                + "<update>" + link(ar, macAddress(s)) + "<metadata><meta:access-request-mac/></metadata></update>"
                + "<update>" + link(ar, identity(s)) + "<metadata><meta:authenticated-as/>"
                + "<meta:role><name>Users</name></meta:role></metadata></update>"
                + "<update>" + id(ar) + "<metadata><meta:capability><name>" + CAPABILITY_PREFIX + s.export()
                + "</name></meta:capability><meta:device-attribute><name>host-checker-passed</name>"
                + "</meta:device-attribute></metadata></update>"
                + "</ifmap:publish>";
    }

    @Override
    public String publishLogout(String sessionId, UserSession s) {
        String ar = accessRequest(s);
        return "<ifmap:publish validation=\"None\">"
                + "<delete>" + link(ar, ipAddress(s.user())) + "</delete>"
                + "<delete>" + link(ar, macAddress(s)) + "</delete>"
                + "<delete>" + link(ar, identity(s)) + "</delete>"
                + "<delete>" + id(ar) + "</delete>"
                + "</ifmap:publish>";
    }

    @Override
    public String searchIp(String sessionId, int user) {
        return "<ifmap:search validation=\"None\" match-links=\"meta:access-request-ip or meta:access-request-mac or "
                + "meta:authenticated-as\" max-depth=\"2\">" + id(ipAddress(user)) + "</ifmap:search>";
    }

    @Override
    public String subscribeIp(String sessionId, int user) {
        return "<ifmap:subscribe validation=\"None\"><update name=\"ip" + user + "\" match-links=\"meta:access-request-ip"
                + " or meta:access-request-mac or meta:authenticated-as\" max-depth=\"2\">" + id(ipAddress(user))
                + "</update></ifmap:subscribe>";
    }

    @Override
    public String poll(String sessionId) {
        return "<ifmap:poll validation=\"None\"/>";
    }

    @Override
    public String renew(String sessionId) {
        throw new UnsupportedOperationException("IF-MAP 1.1 has no renewSession");
    }

    @Override
    public String end(String sessionId) {
        throw new UnsupportedOperationException("IF-MAP 1.1 has no endSession");
    }
}
