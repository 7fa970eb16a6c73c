package org.fedmap.replication;

import java.time.Instant;

/**
 * What this server knows of its link to one replica, for the admin API and {@code fedmap status}.
 *
 * @param replica     the replica's configured name
 * @param origin      its server id, as its last answer gave it; null before the first answer
 * @param state       CONNECTING, SNAPSHOT, SYNCED, UNREACHABLE or PURGED
 * @param lastContact when it last answered a pull (or, before that, when the link started)
 * @param appliedUpTo the replica's own sequence number this server has applied up to; -1 during a snapshot
 * @param lagMillis   of the last feed batch that brought new items: when it was applied here minus the
 *                    newest of those items' publication time at the replica (so it includes any clock
 *                    difference between the two servers); -1 before there was one
 * @param lastError   why the last pull failed, or empty
 */
public record ReplicaStatus(String replica, String origin, String state, Instant lastContact, long appliedUpTo,
                            long lagMillis, String lastError) {
}
