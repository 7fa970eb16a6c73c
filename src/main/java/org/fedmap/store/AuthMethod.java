package org.fedmap.store;

/** How a client proves who it is. */
public enum AuthMethod {
    /** HTTP Basic: a user name (the client's name) and a password, checked against a stored hash. */
    BASIC("basic"),
    /** A TLS client certificate issued by one of the client's trusted CAs, matching one of its subject restrictions. */
    CERTIFICATE("certificate");

    private final String label;

    AuthMethod(String label) {
        this.label = label;
    }

    /** The word operators see in listings and type in commands, e.g. {@code basic}. */
    public String label() {
        return label;
    }

    /** The method an operator named by its label; case does not matter. */
    public static AuthMethod ofLabel(String label) {
        for (AuthMethod m : values()) {
            if (m.label.equalsIgnoreCase(label)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown authentication method '" + label + "': use basic or certificate");
    }
}
