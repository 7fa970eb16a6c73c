/**
 * Federated sessions for gateways: the mapper SPI that turns a gateway's local session into IF-MAP data
 * and IF-MAP data back into a local user and roles, the built-in policy engine (ordered export and
 * import policies read from YAML files), and the gateway connector. It is a client of the server over
 * the wire only: it uses {@code model} and {@code xml} (and {@code mapclient} for the connection), never
 * {@code engine}, {@code session}, {@code wire} or {@code store}.
 */
package org.fedmap.federation;
