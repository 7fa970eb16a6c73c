package org.fedmap.testsupport;

import org.fedmap.model.Metadata;
import org.fedmap.model.Namespaces;
import org.fedmap.model.ProtocolVersion;
import org.fedmap.wire.MetadataCapture;
import org.fedmap.xml.SafeXmlReader;
import org.fedmap.xml.XmlException;

/** Metadata items for engine tests, captured from XML the way the server captures a request's. */
public final class Items {
    private static final MetadataCapture CAPTURE = new MetadataCapture(64 * 1024);
    private static final SafeXmlReader READER = new SafeXmlReader();
    public static final String META = "xmlns:meta=\"" + Namespaces.META_2 + "\"";

    private Items() {
    }

    /** An IF-MAP 2 item from its XML; {@code meta} is declared when the XML uses it without declaring it. */
    public static Metadata meta(String xml) {
        if (xml.contains("meta:") && !xml.contains("xmlns:meta")) {
            int end = xml.indexOf(' ');
            int gt = xml.indexOf('>');
            int at = end > 0 && end < gt ? end : (xml.charAt(gt - 1) == '/' ? gt - 1 : gt);
            xml = xml.substring(0, at) + " " + META + xml.substring(at);
        }
        try {
            return CAPTURE.capture(READER.parse(xml), ProtocolVersion.IFMAP_2);
        } catch (XmlException e) {
            throw new IllegalArgumentException(e);
        }
    }

    public static Metadata role(String name) {
        return meta("<meta:role ifmap-cardinality=\"multiValue\"><name>" + name + "</name></meta:role>");
    }

    public static Metadata capability(String name) {
        return meta("<meta:capability ifmap-cardinality=\"multiValue\"><name>" + name + "</name></meta:capability>");
    }

    public static Metadata accessRequestIp() {
        return meta("<meta:access-request-ip ifmap-cardinality=\"singleValue\"/>");
    }

    public static Metadata authenticatedAs() {
        return meta("<meta:authenticated-as ifmap-cardinality=\"singleValue\"/>");
    }
}
