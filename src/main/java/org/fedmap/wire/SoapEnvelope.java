package org.fedmap.wire;

import java.util.List;
import org.fedmap.model.Namespaces;
import org.fedmap.model.ProtocolVersion;
import org.fedmap.xml.XmlElement;

/**
 * A parsed SOAP request: its SOAP version, Header blocks, the first Body element, and the IF-MAP
 * version that element (or, for an IF-MAP 1.1 session request with an empty Body, the Header)
 * belongs to. The SOAP version alone never decides the IF-MAP version: 1.1 clients exist with
 * either envelope.
 */
public record SoapEnvelope(SoapVersion soapVersion, List<XmlElement> headers, XmlElement operation,
                           ProtocolVersion ifmapVersion) {

    public static SoapEnvelope of(XmlElement root) throws SoapFault {
        SoapVersion sv = SoapVersion.ofNamespace(root.namespace());
        if (!root.localName().equals("Envelope") || sv == null) {
            if (root.localName().equals("Envelope")) {
                throw new SoapFault(SoapFault.Code.VERSION_MISMATCH, SoapVersion.SOAP_1_2,
                        "unknown SOAP envelope namespace '" + root.namespace() + "'; use SOAP 1.1 or SOAP 1.2");
            }
            throw new SoapFault(SoapFault.Code.SENDER, SoapVersion.SOAP_1_1,
                    "the request is not a SOAP envelope (root element <" + root.qualifiedName() + ">)");
        }
        XmlElement header = null;
        XmlElement body = null;
        for (XmlElement child : root.elements()) {
            if (!child.namespace().equals(sv.namespace())) {
                throw new SoapFault(SoapFault.Code.SENDER, sv, "unexpected element <" + child.qualifiedName()
                        + "> in the SOAP Envelope");
            }
            if (child.localName().equals("Header") && header == null && body == null) {
                header = child;
            } else if (child.localName().equals("Body") && body == null) {
                body = child;
            } else {
                throw new SoapFault(SoapFault.Code.SENDER, sv, "unexpected <" + child.qualifiedName()
                        + "> in the SOAP Envelope");
            }
        }
        if (body == null) {
            throw new SoapFault(SoapFault.Code.SENDER, sv, "the SOAP envelope has no Body");
        }
        List<XmlElement> headers = header == null ? List.of() : header.elements();
        XmlElement op = body.firstElement();
        ProtocolVersion iv;
        if (op != null) {
            iv = ifmapVersionOf(op.namespace());
            if (iv == null) {
                throw new SoapFault(SoapFault.Code.SENDER, sv, "<" + op.qualifiedName() + "> in namespace '"
                        + op.namespace() + "' is not an IF-MAP request; IF-MAP 2 uses " + Namespaces.IFMAP_2
                        + ", IF-MAP 1.1 uses " + Namespaces.IFMAP_1);
            }
        } else {
            // IF-MAP 1.1 new-session / attach-session arrive in the Header with an empty Body
            iv = null;
            for (XmlElement h : headers) {
                if (h.namespace().equals(Namespaces.IFMAP_1)) {
                    iv = ProtocolVersion.IFMAP_1_1;
                }
            }
            if (iv == null) {
                throw new SoapFault(SoapFault.Code.SENDER, sv, "the SOAP Body is empty; it must hold an IF-MAP request");
            }
        }
        for (XmlElement h : headers) {
            if (mustUnderstand(h, sv) && !(iv == ProtocolVersion.IFMAP_1_1 && h.namespace().equals(Namespaces.IFMAP_1))) {
                throw new SoapFault(SoapFault.Code.MUST_UNDERSTAND, sv, "header <" + h.qualifiedName()
                        + "> is marked mustUnderstand but this server does not understand it");
            }
        }
        return new SoapEnvelope(sv, headers, op, iv);
    }

    private static ProtocolVersion ifmapVersionOf(String ns) {
        if (Namespaces.IFMAP_2.equals(ns)) {
            return ProtocolVersion.IFMAP_2;
        }
        if (Namespaces.IFMAP_1.equals(ns)) {
            return ProtocolVersion.IFMAP_1_1;
        }
        return null;
    }

    private static boolean mustUnderstand(XmlElement header, SoapVersion sv) {
        String v = header.attribute(sv.namespace(), "mustUnderstand");
        return v != null && (v.trim().equals("1") || v.trim().equals("true"));
    }
}
