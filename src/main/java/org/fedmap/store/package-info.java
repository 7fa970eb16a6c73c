/**
 * Durable storage in an embedded HSQLDB file database: opening and sharing it, its schema, and the
 * stores built on it (clients, server settings, durable metadata), and backup and restore of the
 * whole. Knows nothing of SOAP, sessions or security policy; of IF-MAP it knows only the values it
 * stores.
 */
package org.fedmap.store;
