package org.fedmap.testsupport;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.fedmap.model.Namespaces;
import org.fedmap.testsupport.SoapConnection.HttpResponse;

/**
 * IF-MAP 1.1 documents as a Juniper/Ivanti gateway writes them: SOAP 1.1, every namespace the
 * gateway uses declared on the Envelope (and some it never uses), session handling in the Header.
 */
public final class Gateway11 {
    public static final String JNPR = "http://www.juniper.net/2008/IFMAP/1";
    public static final String JNPR2 = "http://www.juniper.net/2009/IFMAP/1";
    private static final String ENVELOPE = "<SOAP-ENV:Envelope"
            + " xmlns:SOAP-ENV=\"" + Namespaces.SOAP_1_1 + "\""
            + " xmlns:SOAP-ENC=\"http://schemas.xmlsoap.org/soap/encoding/\""
            + " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\""
            + " xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\""
            + " xmlns:ifmap=\"" + Namespaces.IFMAP_1 + "\""
            + " xmlns:meta=\"" + Namespaces.META_1 + "\""
            + " xmlns:jnpr=\"" + JNPR + "\""
            + " xmlns:jnpr2=\"" + JNPR2 + "\""
            + " xmlns:wsdl=\"http://www.juniper.net/2008/IFMAP/1/ifmap.wsdl\""
            + " xmlns:saml=\"urn:oasis:names:tc:SAML:2.0:assertion\""
            + " xmlns:dsig=\"http://www.w3.org/2000/09/xmldsig#\""
            + " xmlns:xenc=\"http://www.w3.org/2001/04/xmlenc#\">";

    private Gateway11() {
    }

    public static String newSession() {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>" + ENVELOPE
                + "<SOAP-ENV:Header><ifmap:new-session/></SOAP-ENV:Header><SOAP-ENV:Body/></SOAP-ENV:Envelope>";
    }

    public static String attachSession(String sessionId) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>" + ENVELOPE + "<SOAP-ENV:Header><ifmap:attach-session>"
                + sessionId + "</ifmap:attach-session></SOAP-ENV:Header><SOAP-ENV:Body/></SOAP-ENV:Envelope>";
    }

    /** A request of a session: the session-id in the Header, the operation in the Body. */
    public static String request(String sessionId, String operation) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>" + ENVELOPE + "<SOAP-ENV:Header><ifmap:session-id>"
                + sessionId + "</ifmap:session-id></SOAP-ENV:Header><SOAP-ENV:Body>" + operation
                + "</SOAP-ENV:Body></SOAP-ENV:Envelope>";
    }

    /** Posts a 1.1 document and checks that the answer is valid against the 1.1 schemas. */
    public static HttpResponse post(SoapConnection c, String document) {
        HttpResponse r = c.post(document.getBytes(StandardCharsets.UTF_8), SoapConnection.SOAP11, Map.of());
        if (r.status() == 200) {
            IfmapSchemas.assertValidResponse11(r.body());
        }
        return r;
    }

    /** Opens a session on the connection and returns its session-id. */
    public static String newSession(SoapConnection c) {
        HttpResponse r = post(c, newSession());
        String id = Soap.xpath(r.body(), "/soap11:Envelope/soap11:Header/ifmap1:session-id");
        if (id.isEmpty()) {
            throw new AssertionError("new-session failed: " + r.status() + " " + r.text());
        }
        return id;
    }

    /** The session-id an answer carries in its Header. */
    public static String headerSessionId(byte[] answer) {
        return Soap.xpath(answer, "/soap11:Envelope/soap11:Header/ifmap1:session-id");
    }

    public static String errorCode(byte[] answer) {
        return Soap.xpath(answer, "/soap11:Envelope/soap11:Body/ifmap1:response/errorResult/@errorCode");
    }

    /** {@code <identifier>} around an identifier element. */
    public static String id(String identifier) {
        return "<identifier>" + identifier + "</identifier>";
    }

    public static String link(String a, String b) {
        return "<link>" + id(a) + id(b) + "</link>";
    }
}
