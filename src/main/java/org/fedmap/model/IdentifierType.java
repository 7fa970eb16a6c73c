package org.fedmap.model;

/** The five identifier element names, in the order both schemas list them in results. */
public enum IdentifierType {
    ACCESS_REQUEST("access-request"),
    DEVICE("device"),
    IDENTITY("identity"),
    IP_ADDRESS("ip-address"),
    MAC_ADDRESS("mac-address");

    private final String elementName;

    IdentifierType(String elementName) {
        this.elementName = elementName;
    }

    public String elementName() {
        return elementName;
    }

    /** The type for an element name, or null. */
    public static IdentifierType fromElementName(String name) {
        for (IdentifierType t : values()) {
            if (t.elementName.equals(name)) {
                return t;
            }
        }
        return null;
    }
}
