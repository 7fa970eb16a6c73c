package org.fedmap.federation;

import java.util.List;
import java.util.Objects;

/**
 * What a {@link SessionImportMapper} makes of a user session found in IF-MAP: the user the protected
 * gateway lets in, and with which of its local roles. No roles means no access.
 *
 * @param username the local username ("" when no policy takes one from the identity)
 * @param roles    local roles, in order, without repeats
 */
public record ImportedSession(String username, List<String> roles) {
    public ImportedSession {
        Objects.requireNonNull(username, "username");
        roles = List.copyOf(new java.util.LinkedHashSet<>(roles));
    }

    /** Whether the session grants anything. */
    public boolean admitted() {
        return !roles.isEmpty();
    }

    /** The connector's one-line form: {@code user=<name> roles=<r1,r2,...>}. */
    public String line() {
        return "user=" + username + " roles=" + String.join(",", roles);
    }
}
