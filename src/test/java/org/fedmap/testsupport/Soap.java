package org.fedmap.testsupport;

import java.io.ByteArrayInputStream;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.Source;
import org.fedmap.model.Namespaces;
import org.w3c.dom.Document;
import org.w3c.dom.Node;
import org.xmlunit.builder.Input;
import org.xmlunit.xpath.JAXPXPathEngine;

/** SOAP documents for raw-protocol tests, and XPath look-ups into answers. */
public final class Soap {
    public static final Map<String, String> PREFIXES = Map.of(
            "env", Namespaces.SOAP_1_2,
            "soap11", Namespaces.SOAP_1_1,
            "ifmap", Namespaces.IFMAP_2,
            "meta", Namespaces.META_2,
            "ifmap1", Namespaces.IFMAP_1,
            "meta1", Namespaces.META_1);

    private Soap() {
    }

    /** A SOAP 1.2 envelope around an IF-MAP 2 request; {@code ifmap} and {@code meta} are declared on the Envelope. */
    public static String v2(String body) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                + "<env:Envelope xmlns:env=\"" + Namespaces.SOAP_1_2 + "\" xmlns:ifmap=\"" + Namespaces.IFMAP_2
                + "\" xmlns:meta=\"" + Namespaces.META_2 + "\"><env:Body>" + body + "</env:Body></env:Envelope>";
    }

    public static Document dom(byte[] xml) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
        } catch (Exception e) {
            throw new AssertionError("not well-formed XML: " + new String(xml, java.nio.charset.StandardCharsets.UTF_8), e);
        }
    }

    private static JAXPXPathEngine engine() {
        JAXPXPathEngine e = new JAXPXPathEngine();
        e.setNamespaceContext(PREFIXES);
        return e;
    }

    /** The string value of an XPath expression over a document. */
    public static String xpath(byte[] xml, String expression) {
        return engine().evaluate(expression, Input.fromByteArray(xml).build());
    }

    public static int count(byte[] xml, String expression) {
        return (int) Double.parseDouble(xpath(xml, "count(" + expression + ")"));
    }

    public static Iterable<Node> nodes(byte[] xml, String expression) {
        Source s = Input.fromByteArray(xml).build();
        return engine().selectNodes(expression, s);
    }

    /** Opens a session on the connection and returns its session-id. */
    public static String newSession(SoapConnection c) {
        SoapConnection.HttpResponse r = c.post(v2("<ifmap:newSession/>"));
        String id = xpath(r.body(), "/env:Envelope/env:Body/ifmap:response/newSessionResult/@session-id");
        if (id.isEmpty()) {
            throw new AssertionError("newSession failed: " + r.status() + " " + r.text());
        }
        return id;
    }

    /**
     * The fault code of a SOAP 1.1 or 1.2 fault as {namespace}local: the code is a QName whose prefix
     * means whatever the answer bound it to.
     */
    public static String faultCode(byte[] xml) {
        Document d = dom(xml);
        org.w3c.dom.Element code = (org.w3c.dom.Element) first(d, Namespaces.SOAP_1_2, "Value");
        if (code == null) {
            code = (org.w3c.dom.Element) d.getElementsByTagNameNS("*", "faultcode").item(0);
        }
        if (code == null) {
            throw new AssertionError("not a SOAP fault: " + new String(xml, java.nio.charset.StandardCharsets.UTF_8));
        }
        String qname = code.getTextContent().trim();
        int colon = qname.indexOf(':');
        String prefix = colon < 0 ? null : qname.substring(0, colon);
        return "{" + code.lookupNamespaceURI(prefix) + "}" + qname.substring(colon + 1);
    }

    private static Node first(Document d, String ns, String local) {
        return d.getElementsByTagNameNS(ns, local).item(0);
    }

    /** The errorCode of an errorResult answer, or "" when the answer is not an error. */
    public static String errorCode(byte[] xml) {
        return xpath(xml, "/env:Envelope/env:Body/ifmap:response/errorResult/@errorCode");
    }
}
