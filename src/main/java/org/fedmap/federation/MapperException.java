package org.fedmap.federation;

/** A mapper that cannot be found or configured: said in one line, naming the file or mapper at fault. */
public class MapperException extends Exception {
    private static final long serialVersionUID = 1L;

    public MapperException(String message) {
        super(message);
    }

    public MapperException(String message, Throwable cause) {
        super(message, cause);
    }
}
