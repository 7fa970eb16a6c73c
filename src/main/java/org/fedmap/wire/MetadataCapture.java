package org.fedmap.wire;

import org.fedmap.model.Cardinality;
import org.fedmap.model.ErrorCode;
import org.fedmap.model.IfmapException;
import org.fedmap.model.Metadata;
import org.fedmap.model.ProtocolVersion;
import org.fedmap.model.StandardMetadata;
import org.fedmap.xml.XmlAttribute;
import org.fedmap.xml.XmlElement;
import org.fedmap.xml.XmlSerializer;

/**
 * Turns a metadata element of a request into a {@link Metadata} value: checks it, takes its
 * cardinality, drops the operational attributes the server owns (a client must not be able to
 * forge a publisher-id or timestamp), and keeps the rest exactly as published.
 */
public final class MetadataCapture {
    private final int maxItemSize;

    /** @param maxItemSize longest accepted item in characters (MetadataTooLong beyond) */
    public MetadataCapture(int maxItemSize) {
        this.maxItemSize = maxItemSize;
    }

    public Metadata capture(XmlElement element, ProtocolVersion version) {
        if (element.namespace().isEmpty()) {
            throw new IfmapException(ErrorCode.InvalidMetadata, "metadata element <" + element.localName()
                    + "> has no namespace; metadata must be a namespace-qualified element");
        }
        Cardinality standard = StandardMetadata.cardinalityOf(element.namespace(), element.localName());
        String sent = element.attribute(version.cardinalityAttribute());
        Cardinality cardinality;
        if (sent == null) {
            if (version == ProtocolVersion.IFMAP_2) {
                throw new IfmapException(ErrorCode.InvalidMetadata, "metadata " + element.qualifiedName()
                        + " has no ifmap-cardinality attribute; IF-MAP 2 requires singleValue or multiValue");
            }
            // IF-MAP 1.1: the schema default for standard types; anything else accumulates
            cardinality = standard != null ? standard : Cardinality.MULTI_VALUE;
        } else {
            cardinality = Cardinality.fromXml(sent);
            if (cardinality == null) {
                throw new IfmapException(ErrorCode.InvalidMetadata, "metadata " + element.qualifiedName() + " has "
                        + version.cardinalityAttribute() + "=\"" + sent + "\"; expected singleValue or multiValue");
            }
        }
        if (standard != null && cardinality != standard) {
            throw new IfmapException(ErrorCode.InvalidMetadata, "metadata " + element.qualifiedName() + " is "
                    + standard.xmlValue() + " by its schema, but was published as " + cardinality.xmlValue());
        }
        XmlSerializer.Fragment fragment = XmlSerializer.serialize(element, a -> !isOperational(a, version));
        if (fragment.xml().length() > maxItemSize) {
            throw new IfmapException(ErrorCode.MetadataTooLong, "metadata " + element.qualifiedName() + " is "
                    + fragment.xml().length() + " characters long; the limit is " + maxItemSize);
        }
        return Metadata.unstamped(element.namespace(), element.localName(), cardinality, fragment.xml(),
                fragment.rootAttributesEnd());
    }

    /**
     * The attributes the server stamps or owns, in either version: every unprefixed ifmap-* attribute
     * (2.x clients may not invent operational attributes) and the 1.1 publisher-id, timestamp and
     * cardinality. Both sets go whatever the publisher's version, because the item is rendered for
     * readers of both and must never carry an operational attribute twice.
     */
    private static boolean isOperational(XmlAttribute a, ProtocolVersion version) {
        if (!a.namespace().isEmpty()) {
            return false;
        }
        String n = a.localName();
        return n.startsWith("ifmap-") || ProtocolVersion.IFMAP_1_1.isOperationalAttribute(n);
    }
}
