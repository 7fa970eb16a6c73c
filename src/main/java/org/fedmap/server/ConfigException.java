package org.fedmap.server;

/** A configuration file or value that cannot be used; the message is one line for the operator. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
