package org.fedmap.security;

import org.fedmap.store.ClientRecord;

/** Who an authenticated request comes from. */
public record ClientIdentity(String name, String publisherId) {
    public static ClientIdentity of(ClientRecord record) {
        return new ClientIdentity(record.name(), record.publisherId());
    }
}
