package org.fedmap.store;

/**
 * The database could not be opened, read or written. The message is one line saying what failed and
 * where, fit to show an operator as it is.
 */
public final class StoreException extends RuntimeException {
    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
