package org.fedmap.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.fedmap.model.Namespaces;
import org.fedmap.testsupport.SoapConnection.HttpResponse;
import org.w3c.dom.Node;
import org.xmlunit.builder.Input;
import org.xmlunit.xpath.JAXPXPathEngine;

/**
 * A raw IF-MAP 1.1 client that talks the way a Juniper/Ivanti gateway does: SOAP 1.1 with
 * Content-Type text/xml, every prefix it uses ({@code ifmap}, {@code meta}, {@code jnpr}, ...)
 * declared only on the Envelope, session handling in the SOAP Header, new-session with an empty
 * Body. The SSRC is one TCP connection; {@link #attach()} opens a second one as the ARC.
 *
 * <p>XPath look-ups into answers use {@link #NS}: {@code soap} (SOAP 1.1), {@code env} (SOAP 1.2),
 * {@code ifmap} (the IF-MAP 1.1 base namespace), {@code meta} (1.1 metadata), {@code meta2}
 * (2.x metadata) and {@code jnpr} (Juniper 2008).
 */
public final class Gateway11 implements AutoCloseable {
    public static final String JNPR = Namespaces.JUNIPER_2008;
    public static final String JNPR2 = Namespaces.JUNIPER_2009;
    public static final Map<String, String> NS = Map.of(
            "soap", Namespaces.SOAP_1_1,
            "env", Namespaces.SOAP_1_2,
            "ifmap", Namespaces.IFMAP_1,
            "meta", Namespaces.META_1,
            "meta2", Namespaces.META_2,
            "jnpr", JNPR);

    private final SoapTarget server;
    private final String user;
    private final SoapConnection ssrc;
    private SoapConnection arc;
    private String sessionId;
    private String publisherId;

    private Gateway11(SoapTarget server, String user) {
        this.server = server;
        this.user = user;
        this.ssrc = server.connect(user);
    }

    /** A new SSRC connection for {@code user} to an in-process or separate server; no session yet. */
    public static Gateway11 connect(SoapTarget server, String user) {
        return new Gateway11(server, user);
    }

    /** A new SSRC connection that starts a session at once. */
    public static Gateway11 start(SoapTarget server, String user) {
        Gateway11 g = connect(server, user);
        g.newSession();
        return g;
    }

    public String sessionId() {
        return sessionId;
    }

    public String publisherId() {
        return publisherId;
    }

    public SoapConnection ssrc() {
        return ssrc;
    }

    public SoapConnection arc() {
        return arc;
    }

    // ---------------------------------------------------------------- envelopes

    /** The SOAP 1.1 envelope a gateway sends, with its namespaces declared on the Envelope. */
    public static String soap11(String header, String body) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                + "<SOAP-ENV:Envelope xmlns:SOAP-ENV=\"" + Namespaces.SOAP_1_1 + "\""
                + " xmlns:SOAP-ENC=\"http://schemas.xmlsoap.org/soap/encoding/\"" + declarations() + ">"
                + "<SOAP-ENV:Header>" + header + "</SOAP-ENV:Header>"
                + "<SOAP-ENV:Body>" + body + "</SOAP-ENV:Body></SOAP-ENV:Envelope>";
    }

    /** The same request in a SOAP 1.2 envelope, as some 1.x clients send it. */
    public static String soap12(String header, String body) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                + "<env:Envelope xmlns:env=\"" + Namespaces.SOAP_1_2 + "\"" + declarations() + ">"
                + "<env:Header>" + header + "</env:Header>"
                + "<env:Body>" + body + "</env:Body></env:Envelope>";
    }

    private static String declarations() {
        return " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\""
                + " xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\""
                + " xmlns:ifmap=\"" + Namespaces.IFMAP_1 + "\""
                + " xmlns:meta=\"" + Namespaces.META_1 + "\""
                + " xmlns:jnpr=\"" + JNPR + "\""
                + " xmlns:jnpr2=\"" + Namespaces.JUNIPER_2009 + "\"";
    }

    public static String sessionHeader(String sessionId) {
        return "<ifmap:session-id>" + sessionId + "</ifmap:session-id>";
    }

    /** A request of a session: the session-id in the Header, the operation in the Body. */
    public static String request(String sessionId, String operation) {
        return soap11(sessionHeader(sessionId), operation);
    }

    /** new-session in the Header with an empty Body, as gateways send it. */
    public static String newSessionRequest() {
        return soap11("<ifmap:new-session/>", "");
    }

    public static String attachSessionRequest(String sessionId) {
        return soap11("<ifmap:attach-session>" + sessionId + "</ifmap:attach-session>", "");
    }

    // ---------------------------------------------------------------- identifiers

    /** {@code <identifier>} around an identifier element. */
    public static String id(String identifier) {
        return "<identifier>" + identifier + "</identifier>";
    }

    public static String ar(String name) {
        return "<identifier><access-request name=\"" + name + "\"/></identifier>";
    }

    public static String ip(String value) {
        return "<identifier><ip-address value=\"" + value + "\" type=\"IPv4\"/></identifier>";
    }

    public static String mac(String value) {
        return "<identifier><mac-address value=\"" + value + "\"/></identifier>";
    }

    public static String link(String identifier1, String identifier2) {
        return "<link>" + identifier1 + identifier2 + "</link>";
    }

    // ---------------------------------------------------------------- requests

    /** new-session in the Header, empty Body; remembers the session-id and publisher-id of the Body. */
    public HttpResponse newSession() {
        HttpResponse r = post11(ssrc, soap11("<ifmap:new-session/>", ""));
        sessionId = xpath(r.body(), "/soap:Envelope/soap:Body/ifmap:session-id");
        publisherId = xpath(r.body(), "/soap:Envelope/soap:Body/ifmap:publisher-id");
        if (sessionId.isEmpty()) {
            throw new AssertionError("new-session failed: " + r.status() + " " + r.text());
        }
        return r;
    }

    /** Sends one operation on the SSRC with the session-id Header and returns the answer. */
    public HttpResponse call(String operation) {
        return post11(ssrc, soap11(sessionHeader(sessionId), operation));
    }

    /** {@link #call} that must succeed: HTTP 200 and no errorResult. */
    public byte[] ok(String operation) {
        HttpResponse r = call(operation);
        assertEquals(200, r.status(), r.text());
        assertEquals("", errorCode(r.body()), r.text());
        return r.body();
    }

    public byte[] publish(String operations) {
        return ok("<ifmap:publish validation=\"None\">" + operations + "</ifmap:publish>");
    }

    /** A search without filters unless {@code attributes} sets them (raw attribute text). */
    public byte[] search(String attributes, String startIdentifier) {
        return ok("<ifmap:search validation=\"None\" " + attributes + ">" + startIdentifier + "</ifmap:search>");
    }

    /** Opens the ARC: a new connection that sends attach-session in its Header. */
    public HttpResponse attach() {
        if (arc != null) {
            arc.close();
        }
        arc = server.connect(user);
        return post11(arc, soap11("<ifmap:attach-session>" + sessionId + "</ifmap:attach-session>", ""));
    }

    /** Sends a poll on the ARC without waiting for its answer. */
    public void sendPoll() {
        sendPoll(Map.of());
    }

    /** Sends a poll on the ARC with extra HTTP headers, without waiting for its answer. */
    public void sendPoll(Map<String, String> httpHeaders) {
        arc.send(soap11(sessionHeader(sessionId), "<ifmap:poll validation=\"None\"/>").getBytes(StandardCharsets.UTF_8),
                SoapConnection.SOAP11, httpHeaders);
    }

    /** Polls on the ARC and waits (up to the connection's read timeout) for the answer. */
    public HttpResponse poll() {
        sendPoll();
        return arc.read();
    }

    /** Posts a 1.1 document; an answer with HTTP 200 must be valid against the 1.1 schemas. */
    public static HttpResponse post11(SoapConnection c, String xml) {
        HttpResponse r = c.post(xml.getBytes(StandardCharsets.UTF_8), SoapConnection.SOAP11, Map.of());
        if (r.status() == 200) {
            IfmapSchemas.assertValidResponse11(r.body());
        }
        return r;
    }

    /** Opens a session on a connection and returns its session-id. */
    public static String newSession(SoapConnection c) {
        HttpResponse r = post11(c, newSessionRequest());
        String id = headerSessionId(r.body());
        if (id.isEmpty()) {
            throw new AssertionError("new-session failed: " + r.status() + " " + r.text());
        }
        return id;
    }

    /** The session-id an answer carries in its SOAP 1.1 or 1.2 Header. */
    public static String headerSessionId(byte[] answer) {
        return xpath(answer, "/*/*[local-name()='Header']/ifmap:session-id");
    }

    @Override
    public void close() {
        if (arc != null) {
            arc.close();
        }
        ssrc.close();
    }

    // ---------------------------------------------------------------- reading answers

    private static JAXPXPathEngine engine() {
        JAXPXPathEngine e = new JAXPXPathEngine();
        e.setNamespaceContext(NS);
        return e;
    }

    public static String xpath(byte[] xml, String expression) {
        return engine().evaluate(expression, Input.fromByteArray(xml).build());
    }

    public static int count(byte[] xml, String expression) {
        return (int) Double.parseDouble(xpath(xml, "count(" + expression + ")"));
    }

    /** Every node an expression selects, in document order. */
    public static List<Node> nodes(byte[] xml, String expression) {
        List<Node> found = new ArrayList<>();
        engine().selectNodes(expression, Input.fromByteArray(xml).build()).forEach(found::add);
        return found;
    }

    /** The one node an expression selects; fails when it selects none or several. */
    public static Node node(byte[] xml, String expression) {
        List<Node> found = nodes(xml, expression);
        if (found.size() != 1) {
            throw new AssertionError(found.size() + " nodes for " + expression + " in "
                    + new String(xml, StandardCharsets.UTF_8));
        }
        return found.get(0);
    }

    /** The errorCode of a 1.1 errorResult in a SOAP 1.1 or 1.2 answer, or "" when it is no error. */
    public static String errorCode(byte[] xml) {
        return xpath(xml, "/*/*[local-name()='Body']/ifmap:response/errorResult/@errorCode");
    }
}
