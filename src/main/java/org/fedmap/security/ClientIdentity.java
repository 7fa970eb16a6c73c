package org.fedmap.security;

import org.fedmap.store.ClientRecord;

/**
 * Who an authenticated request comes from, and what its registration lets it do. It is made anew
 * for every request from the client's current record, so a changed permission or cap applies from
 * the next request on.
 *
 * @param readOnly     publish and purgePublisher are refused
 * @param purgeOthers  purgePublisher may name another publisher-id
 * @param maxSessions  sessions it may hold at once (one per source address)
 * @param maxMetadata  metadata items it may keep published
 */
public record ClientIdentity(String name, String publisherId, boolean readOnly, boolean purgeOthers,
                             int maxSessions, long maxMetadata) {

    /** A client with full rights and no caps. */
    public ClientIdentity(String name, String publisherId) {
        this(name, publisherId, false, false, Integer.MAX_VALUE, Long.MAX_VALUE);
    }

    public static ClientIdentity of(ClientRecord record) {
        return new ClientIdentity(record.name(), record.publisherId(), record.readOnly(), record.purgeOthers(),
                record.maxSessions() == null ? Integer.MAX_VALUE : record.maxSessions(),
                record.maxMetadata() == null ? Long.MAX_VALUE : record.maxMetadata());
    }
}
