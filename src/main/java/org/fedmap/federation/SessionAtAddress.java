package org.fedmap.federation;

import java.time.Instant;
import java.util.Objects;

/**
 * A federated user session found at an endpoint address, and what the import mapper made of it.
 *
 * @param ip            the endpoint address looked at
 * @param accessRequest the session's access-request name
 * @param publisherId   the publisher-id (client name) of the gateway that published the session
 * @param updated       when the session's newest item was published
 * @param federated     the session as IF-MAP data
 * @param local         the local username and roles the import mapper gives it
 */
public record SessionAtAddress(String ip, String accessRequest, String publisherId, Instant updated,
                               IfmapSession federated, ImportedSession local) {
    public SessionAtAddress {
        Objects.requireNonNull(federated, "federated");
        Objects.requireNonNull(local, "local");
    }
}
