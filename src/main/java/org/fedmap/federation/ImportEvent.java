package org.fedmap.federation;

import java.util.Optional;

/**
 * What a followed endpoint address now grants, told to a {@link GatewayConnector#follow} listener.
 *
 * @param ip      the followed address
 * @param kind    why the listener hears of it
 * @param session the session now at the address and its import; empty when none (logged out, removed,
 *                or dropped by fail-secure)
 */
public record ImportEvent(String ip, Kind kind, Optional<SessionAtAddress> session) {
    public enum Kind {
        /** The server's data changed what the address grants (or this is the first look at it). */
        CHANGED,
        /** The server has been out of contact for the fail-secure timeout: access is withdrawn. */
        DROPPED
    }

    /** The connector's one-line form: {@code user=<name> roles=<r1,r2,...>}, empty values when nothing is granted. */
    public String line() {
        return session.map(s -> s.local().line()).orElse("user= roles=");
    }
}
