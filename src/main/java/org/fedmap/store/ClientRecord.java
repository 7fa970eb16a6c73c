package org.fedmap.store;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A registered IF-MAP client as stored.
 *
 * @param name             login name (the Basic user-id) and the name operators use
 * @param publisherId      the publisher-id its requests carry; its name
 * @param authMethod       how it authenticates
 * @param passwordHash     for basic authentication, the password hash in PHC string form; else null
 * @param caCertificates   for certificate authentication, the CA certificates it trusts, as PEM text; else null
 * @param certSubjects     for certificate authentication, subject restrictions (any one must match; none
 *                         means any certificate from the trusted CAs)
 * @param allowedSources   source addresses and CIDR ranges it may connect from; empty means any
 * @param readOnly         whether it may only read (search, subscribe, poll): publish and purge are refused
 * @param purgeOthers      whether it may purge other publishers' metadata
 * @param expires          the last day it is admitted (server's time zone), or null for no end
 * @param maxSessions      how many sessions it may hold at once (one per source address), or null for no cap
 * @param maxMetadata      how many metadata items it may keep published, or null for no cap
 * @param enabled          whether it is admitted at all
 * @param description      free text for operators; never null
 * @param createdAt        when it was registered
 */
public record ClientRecord(String name, String publisherId, AuthMethod authMethod, String passwordHash,
                           String caCertificates, List<String> certSubjects, List<String> allowedSources,
                           boolean readOnly, boolean purgeOthers, LocalDate expires, Integer maxSessions,
                           Long maxMetadata, boolean enabled, String description, Instant createdAt) {

    public static final int MAX_NAME_LENGTH = 64;
    public static final int MAX_DESCRIPTION_LENGTH = 1000;
    /** The longest the trusted CAs' PEM text may be (what its column holds). */
    public static final int MAX_CA_CERTIFICATES_LENGTH = 262_144;
    /** The longest the subject restrictions, or the allowed sources, may be together, one a line. */
    public static final int MAX_LIST_LENGTH = 16_384;

    // Names end up in HTTP Basic credentials, publisher-ids, log lines and file names, so they are
    // kept to characters that need no quoting anywhere; ':' in particular cannot be a Basic user-id.
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]*");

    public ClientRecord {
        checkName(name);
        Objects.requireNonNull(authMethod, "authMethod");
        Objects.requireNonNull(createdAt, "createdAt");
        certSubjects = List.copyOf(certSubjects == null ? List.of() : certSubjects);
        allowedSources = List.copyOf(allowedSources == null ? List.of() : allowedSources);
        description = description == null ? "" : description;
        if (publisherId == null || publisherId.isEmpty()) {
            throw new IllegalArgumentException("client '" + name + "' needs a publisher-id");
        }
        if (authMethod == AuthMethod.BASIC) {
            if (passwordHash == null || passwordHash.isEmpty()) {
                throw new IllegalArgumentException("client '" + name + "' uses basic authentication but has no password");
            }
            if (caCertificates != null || !certSubjects.isEmpty()) {
                throw new IllegalArgumentException("client '" + name + "' uses basic authentication:"
                        + " trusted CAs and certificate subjects apply only to certificate authentication");
            }
        } else {
            if (caCertificates == null || caCertificates.isBlank()) {
                throw new IllegalArgumentException("client '" + name
                        + "' uses certificate authentication but trusts no CA");
            }
            if (passwordHash != null) {
                throw new IllegalArgumentException("client '" + name
                        + "' uses certificate authentication: it has no password");
            }
        }
        // Both lists are stored one entry a line, so an entry must be one non-empty line to read back
        // as itself; an empty source entry would read back as no entry, which means any source.
        checkLines(certSubjects, "a certificate subject restriction", "certificate subject restrictions");
        checkLines(allowedSources, "an allowed source", "allowed sources");
        if (caCertificates != null && caCertificates.length() > MAX_CA_CERTIFICATES_LENGTH) {
            throw new IllegalArgumentException("the trusted CA certificates of client '" + name + "' are longer than "
                    + MAX_CA_CERTIFICATES_LENGTH + " characters of PEM text");
        }
        if (readOnly && purgeOthers) {
            throw new IllegalArgumentException("client '" + name + "' cannot be read-only and allowed to purge others");
        }
        if (maxSessions != null && maxSessions < 1) {
            throw new IllegalArgumentException("the session cap must be at least 1 (or none)");
        }
        if (maxMetadata != null && maxMetadata < 0) {
            throw new IllegalArgumentException("the metadata cap cannot be negative");
        }
        if (description.length() > MAX_DESCRIPTION_LENGTH) {
            throw new IllegalArgumentException("the description is longer than " + MAX_DESCRIPTION_LENGTH + " characters");
        }
    }

    static void checkLines(List<String> entries, String one, String all) {
        int length = 0;
        for (String s : entries) {
            if (s.isBlank() || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
                throw new IllegalArgumentException(one + " must be one non-empty line");
            }
            length += s.length() + 1;
        }
        if (length > MAX_LIST_LENGTH + 1) {
            throw new IllegalArgumentException("the " + all + " are too many: at most " + MAX_LIST_LENGTH
                    + " characters together");
        }
    }

    /** A new, enabled client with basic authentication, no restrictions and no caps. */
    public static ClientRecord basic(String name, String passwordHash, Instant createdAt) {
        return new ClientRecord(name, name, AuthMethod.BASIC, passwordHash, null, List.of(), List.of(),
                false, false, null, null, null, true, "", createdAt);
    }

    /** A new, enabled client with certificate authentication, no source restrictions and no caps. */
    public static ClientRecord certificate(String name, String caCertificates, List<String> certSubjects,
                                           Instant createdAt) {
        return new ClientRecord(name, name, AuthMethod.CERTIFICATE, null, caCertificates, certSubjects, List.of(),
                false, false, null, null, null, true, "", createdAt);
    }

    /** A copy to change a few fields of; {@link Builder#build()} checks the result as the constructor does. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Whether a session opened under {@code before} must end because this record no longer proves the same client. */
    public boolean credentialsDifferFrom(ClientRecord before) {
        return authMethod != before.authMethod
                || !Objects.equals(passwordHash, before.passwordHash)
                || !Objects.equals(caCertificates, before.caCertificates)
                || !certSubjects.equals(before.certSubjects)
                || !publisherId.equals(before.publisherId)
                || !createdAt.equals(before.createdAt);
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
                + ", certSubjects=" + certSubjects + ", allowedSources=" + allowedSources + ", readOnly=" + readOnly
                + ", purgeOthers=" + purgeOthers + ", expires=" + expires + ", maxSessions=" + maxSessions
                + ", maxMetadata=" + maxMetadata + ", enabled=" + enabled + ", createdAt=" + createdAt + "]";
    }

    /** Changes to a record; name, publisher-id and creation time stay. */
    public static final class Builder {
        private final ClientRecord from;
        private AuthMethod authMethod;
        private String passwordHash;
        private String caCertificates;
        private List<String> certSubjects;
        private List<String> allowedSources;
        private boolean readOnly;
        private boolean purgeOthers;
        private LocalDate expires;
        private Integer maxSessions;
        private Long maxMetadata;
        private boolean enabled;
        private String description;

        private Builder(ClientRecord r) {
            from = r;
            authMethod = r.authMethod;
            passwordHash = r.passwordHash;
            caCertificates = r.caCertificates;
            certSubjects = r.certSubjects;
            allowedSources = r.allowedSources;
            readOnly = r.readOnly;
            purgeOthers = r.purgeOthers;
            expires = r.expires;
            maxSessions = r.maxSessions;
            maxMetadata = r.maxMetadata;
            enabled = r.enabled;
            description = r.description;
        }

        /** Switches to basic authentication with this password hash (dropping any certificate settings). */
        public Builder basic(String hash) {
            authMethod = AuthMethod.BASIC;
            passwordHash = hash;
            caCertificates = null;
            certSubjects = List.of();
            return this;
        }

        /** Switches to certificate authentication (dropping any password). */
        public Builder certificate(String caPem, List<String> subjects) {
            authMethod = AuthMethod.CERTIFICATE;
            passwordHash = null;
            caCertificates = caPem;
            certSubjects = subjects;
            return this;
        }

        /** Replaces the trusted CAs of a certificate client. */
        public Builder caCertificates(String pem) {
            caCertificates = pem;
            return this;
        }

        /** Replaces the subject restrictions of a certificate client. */
        public Builder certSubjects(List<String> subjects) {
            certSubjects = subjects;
            return this;
        }

        public Builder allowedSources(List<String> v) {
            allowedSources = v;
            return this;
        }

        public Builder readOnly(boolean v) {
            readOnly = v;
            return this;
        }

        public Builder purgeOthers(boolean v) {
            purgeOthers = v;
            return this;
        }

        public Builder expires(LocalDate v) {
            expires = v;
            return this;
        }

        public Builder maxSessions(Integer v) {
            maxSessions = v;
            return this;
        }

        public Builder maxMetadata(Long v) {
            maxMetadata = v;
            return this;
        }

        public Builder enabled(boolean v) {
            enabled = v;
            return this;
        }

        public Builder description(String v) {
            description = v;
            return this;
        }

        public ClientRecord build() {
            return new ClientRecord(from.name, from.publisherId, authMethod, passwordHash, caCertificates,
                    certSubjects, allowedSources, readOnly, purgeOthers, expires, maxSessions, maxMetadata, enabled,
                    description, from.createdAt);
        }
    }
}
