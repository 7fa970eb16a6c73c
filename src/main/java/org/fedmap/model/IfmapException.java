package org.fedmap.model;

/**
 * A request that cannot be carried out, with the IF-MAP error code the client will see in its
 * errorResult and a message written for the client's administrator.
 */
public final class IfmapException extends RuntimeException {
    private final ErrorCode code;

    public IfmapException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public IfmapException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }

    public static IfmapException invalidIdentifier(String message) {
        return new IfmapException(ErrorCode.InvalidIdentifier, message);
    }
}
