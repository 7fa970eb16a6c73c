package org.fedmap.wire;

import org.fedmap.xml.XmlWriter;

/**
 * A request that is not a usable SOAP message (malformed XML, a DOCTYPE, no Body, a namespace that
 * is not IF-MAP, an unknown mandatory header). IF-MAP errors proper are errorResults, not faults.
 */
public final class SoapFault extends Exception {
    /** Whose fault it is: the sender's message, or the server. */
    public enum Code { SENDER, RECEIVER, VERSION_MISMATCH, MUST_UNDERSTAND }

    private final Code code;
    private final SoapVersion version;

    public SoapFault(Code code, SoapVersion version, String message) {
        super(message);
        this.code = code;
        this.version = version;
    }

    public Code code() {
        return code;
    }

    public SoapVersion version() {
        return version;
    }

    /** HTTP status: SOAP 1.1 sends every fault with 500; SOAP 1.2 sends sender faults with 400. */
    public int httpStatus() {
        if (version == SoapVersion.SOAP_1_2 && code != Code.RECEIVER) {
            return 400;
        }
        return 500;
    }

    public byte[] toEnvelope() {
        String p = version.prefix();
        XmlWriter w = new XmlWriter(512).declaration();
        w.start(p + ":Envelope").namespace(p, version.namespace());
        w.start(p + ":Body").start(p + ":Fault");
        if (version == SoapVersion.SOAP_1_2) {
            String value = switch (code) {
                case SENDER -> "Sender";
                case RECEIVER -> "Receiver";
                case VERSION_MISMATCH -> "VersionMismatch";
                case MUST_UNDERSTAND -> "MustUnderstand";
            };
            w.start(p + ":Code").textElement(p + ":Value", p + ":" + value).end(p + ":Code");
            w.start(p + ":Reason").start(p + ":Text").attribute("xml:lang", "en").text(getMessage())
                    .end(p + ":Text").end(p + ":Reason");
        } else {
            String value = switch (code) {
                case SENDER -> "Client";
                case RECEIVER -> "Server";
                case VERSION_MISMATCH -> "VersionMismatch";
                case MUST_UNDERSTAND -> "MustUnderstand";
            };
            w.textElement("faultcode", p + ":" + value);
            w.textElement("faultstring", getMessage());
        }
        w.end(p + ":Fault").end(p + ":Body").end(p + ":Envelope");
        return w.toBytes();
    }
}
