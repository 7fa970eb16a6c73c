package org.fedmap.wire;

import org.fedmap.model.Namespaces;

/** The SOAP envelope version of a request; the answer always uses the request's version. */
public enum SoapVersion {
    SOAP_1_1(Namespaces.SOAP_1_1, "SOAP-ENV", "text/xml; charset=utf-8"),
    SOAP_1_2(Namespaces.SOAP_1_2, "env", "application/soap+xml; charset=utf-8");

    private final String namespace;
    private final String prefix;
    private final String contentType;

    SoapVersion(String namespace, String prefix, String contentType) {
        this.namespace = namespace;
        this.prefix = prefix;
        this.contentType = contentType;
    }

    public String namespace() {
        return namespace;
    }

    /** Prefix used for the envelope in answers. */
    public String prefix() {
        return prefix;
    }

    public String contentType() {
        return contentType;
    }

    /** The version of an Envelope namespace, or null. */
    public static SoapVersion ofNamespace(String ns) {
        for (SoapVersion v : values()) {
            if (v.namespace.equals(ns)) {
                return v;
            }
        }
        return null;
    }

    /** A best guess from the Content-Type, for faults about documents that could not be read. */
    public static SoapVersion guessFromContentType(String contentType) {
        return contentType != null && contentType.toLowerCase(java.util.Locale.ROOT).contains("application/soap+xml")
                ? SOAP_1_2 : SOAP_1_1;
    }
}
