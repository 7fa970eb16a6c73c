package org.fedmap.model;

/**
 * The IF-MAP version a client speaks. 2.0, 2.1 and 2.2 share one namespace and one wire form, so
 * they are one value here.
 */
public enum ProtocolVersion {
    IFMAP_1_1("publisher-id", "timestamp", "cardinality"),
    IFMAP_2("ifmap-publisher-id", "ifmap-timestamp", "ifmap-cardinality");

    private final String publisherAttribute;
    private final String timestampAttribute;
    private final String cardinalityAttribute;

    ProtocolVersion(String publisherAttribute, String timestampAttribute, String cardinalityAttribute) {
        this.publisherAttribute = publisherAttribute;
        this.timestampAttribute = timestampAttribute;
        this.cardinalityAttribute = cardinalityAttribute;
    }

    /** Name of the operational attribute carrying the publisher-id in this version. */
    public String publisherAttribute() {
        return publisherAttribute;
    }

    public String timestampAttribute() {
        return timestampAttribute;
    }

    public String cardinalityAttribute() {
        return cardinalityAttribute;
    }

    /** True for the attribute names the server owns in this version (they are stamped, never taken from clients). */
    public boolean isOperationalAttribute(String localName) {
        return localName.equals(publisherAttribute) || localName.equals(timestampAttribute)
                || localName.equals(cardinalityAttribute);
    }
}
