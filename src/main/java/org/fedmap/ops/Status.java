package org.fedmap.ops;

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
 */
public record Status(String version, String serverId, String startedAt, long uptimeSeconds, String ifmapUrl, int sessions,
                     int pendingPolls, int clients, GraphCounts graph, Store store, String trace) {

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
}
