package org.fedmap.store;

import java.time.Instant;
import java.util.Objects;

/**
 * An account of the admin API: a name and the Argon2 hash of its password. Admin accounts are not
 * IF-MAP clients; neither kind of credential opens the other's door.
 */
public record AdminAccount(String name, String passwordHash, Instant createdAt) {
    public AdminAccount {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(passwordHash, "passwordHash");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    // The hash is what an offline guesser needs: keep it out of logs and messages.
    @Override
    public String toString() {
        return "AdminAccount[name=" + name + ", createdAt=" + createdAt + "]";
    }
}
