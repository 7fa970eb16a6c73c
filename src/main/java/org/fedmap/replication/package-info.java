/**
 * Replica IF-MAP servers. Owns, so far, only their configuration as the running server sees it
 * ({@link org.fedmap.replication.ReplicaRegistry}), this server's id in a replica mesh
 * ({@link org.fedmap.replication.ServerId}) and the key that seals replica passwords
 * ({@link org.fedmap.replication.ReplicaKey}). To come here: the replication protocol, shipping the
 * engine's change feed, the conflict rule, resync and fail-secure for replicas. Uses the engine's change
 * feed, security, store and model; never the wire codecs.
 */
package org.fedmap.replication;
