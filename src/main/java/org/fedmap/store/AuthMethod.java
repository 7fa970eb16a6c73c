package org.fedmap.store;

/** How a client proves who it is. Certificate authentication will join BASIC later. */
public enum AuthMethod {
    BASIC("basic");

    private final String label;

    AuthMethod(String label) {
        this.label = label;
    }

    /** The word operators see in listings, e.g. {@code basic}. */
    public String label() {
        return label;
    }
}
