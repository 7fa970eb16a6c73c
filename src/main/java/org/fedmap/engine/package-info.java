/**
 * The graph engine: one in-memory graph of identifiers, links and metadata shared by all sessions,
 * atomic publish, search, subscriptions with poll deltas, purge, and the change feed that durable
 * storage and replication consume. Knows nothing of SOAP, HTTP, sessions' channels or storage.
 */
package org.fedmap.engine;
