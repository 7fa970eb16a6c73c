package org.fedmap.federation;

/**
 * The MAP server refused a request: an IF-MAP errorResult (its {@link #errorCode}, e.g. AccessDenied), a
 * SOAP fault, or an HTTP error such as 401 for wrong credentials. Unlike an {@link java.io.IOException},
 * trying again will not help until something changes.
 */
public class MapServerException extends Exception {
    private static final long serialVersionUID = 1L;
    private final String errorCode;

    public MapServerException(String errorCode, String message) {
        super(message);
        this.errorCode = errorCode;
    }

    /** The IF-MAP error code, or {@code HTTP-<status>}, or {@code Fault}. */
    public String errorCode() {
        return errorCode;
    }
}
