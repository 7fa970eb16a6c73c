package org.fedmap.testsupport;

/**
 * A server a test opens raw IF-MAP connections to as one of its registered clients: an in-process
 * {@link TestServer} or a {@link ServerProcess}.
 */
public interface SoapTarget {
    /** A new connection (one TCP connection) of {@code user}, with that client's password. */
    SoapConnection connect(String user);
}
