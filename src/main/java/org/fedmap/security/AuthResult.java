package org.fedmap.security;

/** The outcome of checking a request's credentials. */
public sealed interface AuthResult {

    /** The request comes from this client. */
    record Authenticated(ClientIdentity client) implements AuthResult {
    }

    /**
     * The request is refused. The reason is for the server's log, never for the client, and never
     * holds the password.
     */
    record Refused(String reason) implements AuthResult {
    }
}
