package org.fedmap.model;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.fedmap.xml.SafeXmlReader;
import org.fedmap.xml.XmlElement;
import org.fedmap.xml.XmlException;
import org.fedmap.xml.XmlWriter;

/**
 * One metadata item as published: its element kept as the exact XML the client sent (namespace
 * declarations made self-contained, operational attributes removed), plus the operational facts
 * the server owns. The operational attributes are written for the reader's protocol version when
 * the item is rendered, so one stored item serves IF-MAP 1.1 and 2.x readers alike.
 *
 * @param namespace      namespace of the metadata element
 * @param localName      local name of the metadata element
 * @param cardinality    singleValue or multiValue
 * @param lifetime       session or forever
 * @param publisherId    publisher-id of the client that published it; null until stamped
 * @param timestamp      publication time in epoch milliseconds; 0 until stamped
 * @param sessionId      the publishing session for session lifetime, else null
 * @param xml            the element without operational attributes
 * @param attributesEnd  offset in {@code xml} just after the root element's attributes
 * @param origin         the {@code server.id} of the replica server where it was published; null when it
 *                       was published at this server
 */
public record Metadata(String namespace, String localName, Cardinality cardinality, Lifetime lifetime,
                       String publisherId, long timestamp, String sessionId, String xml, int attributesEnd,
                       String origin) {

    private static final SafeXmlReader READER = new SafeXmlReader();

    public Metadata {
        if (namespace == null || localName == null || cardinality == null || lifetime == null || xml == null) {
            throw new IllegalArgumentException("metadata needs a name, cardinality, lifetime and XML");
        }
        if (attributesEnd <= 0 || attributesEnd > xml.length()) {
            throw new IllegalArgumentException("attribute position outside the element");
        }
    }

    /** An item as a client sent it, before the server stamps it. */
    public static Metadata unstamped(String namespace, String localName, Cardinality cardinality, String xml,
                                     int attributesEnd) {
        return new Metadata(namespace, localName, cardinality, Lifetime.FOREVER, null, 0L, null, xml, attributesEnd,
                null);
    }

    /** This item as published by {@code publisherId} at {@code time}. */
    public Metadata stamped(String publisherId, long time, Lifetime lifetime, String sessionId) {
        return new Metadata(namespace, localName, cardinality, lifetime, publisherId, time,
                lifetime == Lifetime.SESSION ? sessionId : null, xml, attributesEnd, null);
    }

    /**
     * This item as a replica server published it: its publisher-id, timestamp and lifetime stay as they
     * were there, and it belongs to no session here (the origin tells when its session ends).
     */
    public Metadata replicatedFrom(String originServer) {
        if (originServer == null || originServer.isEmpty()) {
            throw new IllegalArgumentException("a replicated item needs its origin server");
        }
        return new Metadata(namespace, localName, cardinality, lifetime, publisherId, timestamp, null, xml,
                attributesEnd, originServer);
    }

    public boolean sameType(Metadata other) {
        return localName.equals(other.localName) && namespace.equals(other.namespace);
    }

    /** The timestamp as xsd:dateTime in UTC, to the second. */
    public String timestampText() {
        return Instant.ofEpochMilli(timestamp).truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** Value of an operational attribute as a reader of {@code version} sees it, or null when the name is not one. */
    public String operationalAttribute(ProtocolVersion version, String attributeLocalName) {
        if (attributeLocalName.equals(version.publisherAttribute())) {
            return publisherId;
        }
        if (attributeLocalName.equals(version.timestampAttribute())) {
            return timestamp == 0 ? null : timestampText();
        }
        if (attributeLocalName.equals(version.cardinalityAttribute())) {
            return cardinality.xmlValue();
        }
        return null;
    }

    /** Appends the element with the operational attributes of {@code version}. */
    public void render(ProtocolVersion version, StringBuilder out) {
        out.append(xml, 0, attributesEnd);
        if (publisherId != null) {
            out.append(' ').append(version.publisherAttribute()).append("=\"");
            XmlWriter.escapeAttribute(publisherId, out);
            out.append('"');
        }
        if (timestamp != 0) {
            out.append(' ').append(version.timestampAttribute()).append("=\"").append(timestampText()).append('"');
        }
        out.append(' ').append(version.cardinalityAttribute()).append("=\"").append(cardinality.xmlValue())
                .append('"');
        out.append(xml, attributesEnd, xml.length());
    }

    public String render(ProtocolVersion version) {
        StringBuilder sb = new StringBuilder(xml.length() + 96);
        render(version, sb);
        return sb.toString();
    }

    /** Size of the rendered element in characters, close enough for result-size limits. */
    public int renderedSize() {
        return xml.length() + 40 + (publisherId == null ? 0 : publisherId.length() + 22) + 38;
    }

    /** The stored element parsed back into a tree (without operational attributes), for filters that look inside. */
    public XmlElement element() {
        try {
            return READER.parse(xml);
        } catch (XmlException e) {
            throw new IllegalStateException("stored metadata is not well-formed: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return localName + "{" + namespace + "} by " + publisherId;
    }
}
