package org.fedmap.ops;

import java.util.List;

/**
 * What {@code GET /api/status} answers and {@code fedmap status} shows.
 *
 * @param version      the server's build
 * @param serverId     this server's id in a replica mesh ({@code server.id}, or the one it made)
 * @param startedAt    when it started (ISO-8601, UTC)
 * @param uptimeSeconds how long it has run
 * @param ifmapUrl     the IF-MAP endpoint
 * @param sessions     IF-MAP sessions now
 * @param pendingPolls polls waiting for results
 * @param clients      registered IF-MAP clients
 * @param graph        graph sizes
 * @param store        the database on disk
 * @param trace        the XML trace's state, e.g. "off"
 * @param replicas     this server's link to each configured replica, by name
 */
public record Status(String version, String serverId, String startedAt, long uptimeSeconds, String ifmapUrl, int sessions,
                     int pendingPolls, int clients, GraphCounts graph, Store store, String trace,
                     List<Replica> replicas) {

    /** @param accessRequests access-request identifiers: the federated sessions gateways published */
    public record GraphCounts(long identifiers, long links, long metadataItems, long accessRequests, long sequence) {
    }

    /**
     * @param directory       where the database files are
     * @param sizeBytes       their size on disk
     * @param durableMetadata whether long-lived metadata is written there (store.durable-metadata)
     */
    public record Store(String directory, long sizeBytes, boolean durableMetadata) {
    }

    /**
     * @param name               the replica's configured name
     * @param serverId           its server id, once it has answered
     * @param state              CONNECTING, SNAPSHOT, SYNCED, UNREACHABLE or PURGED
     * @param lastContact        when it last answered (ISO-8601, UTC)
     * @param lastContactAgeMillis how long ago that was
     * @param appliedUpTo        its own sequence number applied here; -1 during a snapshot
     * @param lagMillis          replication lag of the last feed batch with new items (applied here minus
     *                           published there, clock difference included); -1 before there was one
     * @param lastError          why the last pull failed, or empty
     */
    public record Replica(String name, String serverId, String state, String lastContact, long lastContactAgeMillis,
                          long appliedUpTo, long lagMillis, String lastError) {
    }
}
