package org.fedmap.federation;

import java.io.IOException;
import javax.net.ssl.SSLSocketFactory;
import org.fedmap.mapclient.WireConnection;
import org.fedmap.model.Namespaces;
import org.fedmap.xml.SafeXmlReader;
import org.fedmap.xml.XmlElement;
import org.fedmap.xml.XmlException;

/**
 * One IF-MAP 1.1 session with a MAP server, spoken the way Juniper/Ivanti gateways speak it, so that
 * the sessions the connector exports are read by those gateways and theirs by the connector: SOAP 1.1,
 * every prefix declared on the Envelope, the session-id in the Header, new-session with an empty Body.
 * The SSRC is one connection; {@link #attach} opens the ARC on a second one.
 *
 * <p>Requests on the SSRC are sent one at a time ({@link #call} is synchronized); the ARC belongs to
 * whoever polls.
 */
final class MapSession implements AutoCloseable {
    static final String CONTENT_TYPE = "text/xml; charset=utf-8";
    /**
     * A poll waits for news as long as it takes (the server holds it open): the connector's heartbeat on
     * the SSRC, not a read timeout, finds out when the server is gone.
     */
    private static final int POLL_WAIT_MILLIS = 0;
    private static final String ENVELOPE = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
            + "<SOAP-ENV:Envelope xmlns:SOAP-ENV=\"" + Namespaces.SOAP_1_1 + "\""
            + " xmlns:ifmap=\"" + Namespaces.IFMAP_1 + "\""
            + " xmlns:meta=\"" + Namespaces.META_1 + "\""
            + " xmlns:meta2=\"" + Namespaces.META_2 + "\">";

    /** Where and as whom to connect. */
    record Endpoint(WireConnection.Target target, SSLSocketFactory tls, String client, String password,
                    int timeoutMillis) {
        WireConnection connect() throws IOException {
            return new WireConnection(target, tls, CONTENT_TYPE, null, client, password, timeoutMillis);
        }
    }

    private final Endpoint endpoint;
    private final WireConnection ssrc;
    private final String sessionId;
    private final String publisherId;
    private volatile WireConnection arc;

    private MapSession(Endpoint endpoint, WireConnection ssrc, String sessionId, String publisherId) {
        this.endpoint = endpoint;
        this.ssrc = ssrc;
        this.sessionId = sessionId;
        this.publisherId = publisherId;
    }

    /** Connects and starts a session. */
    static MapSession open(Endpoint endpoint) throws IOException, MapServerException {
        WireConnection ssrc = endpoint.connect();
        try {
            XmlElement body = answer(ssrc.post(envelope("<ifmap:new-session/>", "")), "new-session");
            String sessionId = text(body, "session-id");
            String publisherId = text(body, "publisher-id");
            if (sessionId.isEmpty() || publisherId.isEmpty()) {
                throw new MapServerException("Failure", "new-session: the server answered no session-id or publisher-id");
            }
            return new MapSession(endpoint, ssrc, sessionId, publisherId);
        } catch (IOException | MapServerException | RuntimeException e) {
            ssrc.close();
            throw e;
        }
    }

    String sessionId() {
        return sessionId;
    }

    /** The publisher-id the server stamps on this client's metadata (its client name). */
    String publisherId() {
        return publisherId;
    }

    /** Sends one operation on the SSRC and returns the element inside {@code ifmap:response}. */
    synchronized XmlElement call(String operation) throws IOException, MapServerException {
        String op = operationName(operation);
        XmlElement body = answer(ssrc.post(request(operation)), op);
        return result(body, op);
    }

    /** Opens the ARC: a second connection that sends attach-session. */
    void attach() throws IOException, MapServerException {
        WireConnection c = endpoint.connect();
        try {
            answer(c.post(envelope("<ifmap:attach-session>" + sessionId + "</ifmap:attach-session>", "")),
                    "attach-session");
            c.timeout(POLL_WAIT_MILLIS);
        } catch (IOException | MapServerException | RuntimeException e) {
            c.close();
            throw e;
        }
        arc = c;
    }

    /** Polls on the ARC and waits for the server's answer: the {@code pollResult} element. */
    XmlElement poll() throws IOException, MapServerException {
        WireConnection c = arc;
        if (c == null) {
            throw new IllegalStateException("poll before attach");
        }
        return result(answer(c.post(request("<ifmap:poll validation=\"None\"/>")), "poll"), "poll");
    }

    private String request(String operation) {
        return envelope("<ifmap:session-id>" + sessionId + "</ifmap:session-id>", operation);
    }

    private static String envelope(String header, String body) {
        return ENVELOPE + "<SOAP-ENV:Header>" + header + "</SOAP-ENV:Header><SOAP-ENV:Body>" + body
                + "</SOAP-ENV:Body></SOAP-ENV:Envelope>";
    }

    private static String operationName(String operation) {
        int start = operation.indexOf(':') + 1;
        int end = start;
        while (end < operation.length() && Character.isLetter(operation.charAt(end))) {
            end++;
        }
        return operation.substring(start, end);
    }

    /** The SOAP Body of an answer; an HTTP error or a SOAP fault is a {@link MapServerException}. */
    private static XmlElement answer(WireConnection.Answer a, String op) throws MapServerException {
        if (a.status() == 401) {
            throw new MapServerException("HTTP-401", op + ": the server refused the client name or password (HTTP 401)");
        }
        if (a.status() == 403) {
            throw new MapServerException("HTTP-403", op + ": the server refused this client (HTTP 403): " + brief(a.body()));
        }
        XmlElement envelope;
        try {
            envelope = new SafeXmlReader().parse(a.body());
        } catch (XmlException e) {
            throw new MapServerException("HTTP-" + a.status(), op + ": the server answered HTTP " + a.status()
                    + " and no SOAP document: " + brief(a.body()));
        }
        XmlElement body = envelope.child("Body");
        if (body == null) {
            throw new MapServerException("Failure", op + ": the answer has no SOAP Body");
        }
        XmlElement fault = body.child("Fault");
        if (fault != null) {
            XmlElement reason = fault.child("faultstring");
            throw new MapServerException("Fault", op + ": SOAP fault: "
                    + (reason == null ? fault.textContent().trim() : reason.textContent().trim()));
        }
        if (a.status() != 200) {
            throw new MapServerException("HTTP-" + a.status(), op + ": the server answered HTTP " + a.status());
        }
        return body;
    }

    /** The result inside {@code ifmap:response}; an errorResult is a {@link MapServerException}. */
    private static XmlElement result(XmlElement body, String op) throws MapServerException {
        XmlElement response = body.child("response");
        XmlElement result = response == null ? null : response.firstElement();
        if (result == null) {
            throw new MapServerException("Failure", op + ": the answer has no result");
        }
        if (result.localName().equals("errorResult")) {
            XmlElement text = result.child("errorString");
            String code = result.attribute("errorCode");
            throw new MapServerException(code == null ? "Failure" : code,
                    op + ": " + code + (text == null ? "" : ": " + text.textContent().trim()));
        }
        return result;
    }

    private static String text(XmlElement parent, String child) {
        XmlElement e = parent.child(child);
        return e == null ? "" : e.textContent().trim();
    }

    private static String brief(String body) {
        String s = body.strip();
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }

    @Override
    public void close() {
        ssrc.close();
        WireConnection c = arc;
        if (c != null) {
            c.close();
        }
    }
}
