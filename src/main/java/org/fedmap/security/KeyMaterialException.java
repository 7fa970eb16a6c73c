package org.fedmap.security;

/**
 * The server's TLS key material could not be loaded or created. The message is one line saying
 * what failed and where, fit to show an operator as it is.
 */
public final class KeyMaterialException extends RuntimeException {
    public KeyMaterialException(String message) {
        super(message);
    }

    public KeyMaterialException(String message, Throwable cause) {
        super(message, cause);
    }
}
