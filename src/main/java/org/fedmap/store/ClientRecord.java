package org.fedmap.store;

import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A registered IF-MAP client as stored: its login name, the publisher-id its requests carry, how it
 * authenticates and, for basic authentication, the password hash in PHC string form.
 */
public record ClientRecord(String name, String publisherId, AuthMethod authMethod, String passwordHash,
                           Instant createdAt) {

    public static final int MAX_NAME_LENGTH = 64;

    // Names end up in HTTP Basic credentials, publisher-ids, log lines and file names, so they are
    // kept to characters that need no quoting anywhere; ':' in particular cannot be a Basic user-id.
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]*");

    public ClientRecord {
        checkName(name);
        Objects.requireNonNull(authMethod, "authMethod");
        Objects.requireNonNull(createdAt, "createdAt");
        if (publisherId == null || publisherId.isEmpty()) {
            throw new IllegalArgumentException("client '" + name + "' needs a publisher-id");
        }
        if (authMethod == AuthMethod.BASIC && (passwordHash == null || passwordHash.isEmpty())) {
            throw new IllegalArgumentException("client '" + name + "' uses basic authentication but has no password hash");
        }
    }

    /** Whether {@code name} may name a client. */
    public static boolean isValidName(String name) {
        return name != null && !name.isEmpty() && name.length() <= MAX_NAME_LENGTH && NAME.matcher(name).matches();
    }

    /** Returns {@code name} if it may name a client, or throws an IllegalArgumentException saying why not. */
    public static String checkName(String name) {
        if (!isValidName(name)) {
            throw new IllegalArgumentException("invalid client name " + (name == null ? "(none)" : "'" + name + "'")
                    + ": use 1 to " + MAX_NAME_LENGTH + " letters, digits, '.', '_', '@' or '-',"
                    + " starting with a letter or digit");
        }
        return name;
    }

    // The hash is not the password, but it is what an offline guesser needs: keep it out of logs.
    @Override
    public String toString() {
        return "ClientRecord[name=" + name + ", publisherId=" + publisherId + ", authMethod=" + authMethod
                + ", createdAt=" + createdAt + "]";
    }
}
