package org.fedmap.server;

/** The server cannot start; the message is one line saying why, for the operator. */
public final class StartupException extends RuntimeException {
    public StartupException(String message) {
        super(message);
    }

    public StartupException(String message, Throwable cause) {
        super(message, cause);
    }
}
