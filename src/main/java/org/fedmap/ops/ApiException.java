package org.fedmap.ops;

/** A route refuses a call: answered with this HTTP status and {@code {"error": message}}. */
public final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;

    public ApiException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
