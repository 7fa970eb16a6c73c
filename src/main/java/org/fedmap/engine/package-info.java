/**
 * The graph engine: one in-memory graph of identifiers, links and metadata shared by all sessions,
 * atomic publish (grouped, so that one journal write makes many publishes durable), search,
 * subscriptions with poll deltas, purge, restore at start, an administrator's deactivation and removal
 * of an identifier with what lies on it (a federated session), and the change feed that replication
 * consumes. It reaches durable storage only through {@link org.fedmap.engine.Journal}; knows nothing
 * of SOAP, HTTP, sessions' channels or databases.
 */
package org.fedmap.engine;
