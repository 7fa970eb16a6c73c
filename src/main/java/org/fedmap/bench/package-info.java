/**
 * {@code fedmap bench}: a load generator that drives a fedmap (or any IF-MAP 2.x) server over the
 * wire only, as exporting gateways and enforcing controllers do, and reports throughput and
 * latency. Every IF-MAP channel (a gateway's SSRC, a controller's SSRC and ARC) is its own TCP
 * connection ({@link org.fedmap.mapclient.WireConnection}); nothing here uses the server's classes.
 */
package org.fedmap.bench;
