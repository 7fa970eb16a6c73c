/**
 * Server assembly: the typed configuration and the composition root that starts the store, keys,
 * graph, sessions and HTTPS endpoint in order and stops them in reverse. Tests start the real
 * server through {@link org.fedmap.server.FedmapServer}.
 */
package org.fedmap.server;
