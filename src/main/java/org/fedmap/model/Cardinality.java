package org.fedmap.model;

/** How an update treats metadata of the same element already on the target. */
public enum Cardinality {
    /** Replaces any item with the same element name and namespace, whoever published it. */
    SINGLE_VALUE("singleValue"),
    /** Accumulates. */
    MULTI_VALUE("multiValue");

    private final String xmlValue;

    Cardinality(String xmlValue) {
        this.xmlValue = xmlValue;
    }

    public String xmlValue() {
        return xmlValue;
    }

    /** The value for an attribute text, or null when the text is not a cardinality. */
    public static Cardinality fromXml(String text) {
        for (Cardinality c : values()) {
            if (c.xmlValue.equals(text)) {
                return c;
            }
        }
        return null;
    }
}
