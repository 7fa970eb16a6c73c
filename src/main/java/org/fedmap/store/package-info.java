/**
 * Durable storage in an embedded HSQLDB file database: opening and sharing it, its schema, and the
 * stores built on it (clients, server settings). Knows nothing of IF-MAP, SOAP or security policy.
 */
package org.fedmap.store;
