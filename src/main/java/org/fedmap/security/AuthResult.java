package org.fedmap.security;

import java.time.Duration;

/** The outcome of checking who a request comes from and whether that client is admitted. */
public sealed interface AuthResult {

    /** The request comes from this client, which is admitted. */
    record Authenticated(ClientIdentity client) implements AuthResult {
    }

    /** Why a request is refused, as far as the client is told. */
    enum Refusal {
        /** No credentials, or credentials that prove no client (HTTP 401). */
        UNAUTHENTICATED,
        /** A known client that may not come in now, or a certificate that is not accepted (HTTP 403). */
        FORBIDDEN
    }

    /**
     * The request is refused. The reason is for the server's log, never for the client, and never
     * holds the password.
     *
     * @param delay how long to hold the answer back (repeated failures from one address)
     */
    record Refused(Refusal refusal, String reason, Duration delay) implements AuthResult {
        /** Credentials that prove no client, answered at once. */
        public Refused(String reason) {
            this(Refusal.UNAUTHENTICATED, reason, Duration.ZERO);
        }

        private static final String NO_CREDENTIALS = "no credentials";

        /** The request carried neither an Authorization header nor a client certificate. */
        public static Refused noCredentials() {
            return new Refused(NO_CREDENTIALS);
        }

        /**
         * Whether nothing was offered at all: a client's first try without credentials is part of the
         * normal Basic handshake, not a failed login.
         */
        public boolean offeredNothing() {
            return refusal == Refusal.UNAUTHENTICATED && NO_CREDENTIALS.equals(reason);
        }

        public Refused delayedBy(Duration d) {
            return new Refused(refusal, reason, d);
        }
    }
}
