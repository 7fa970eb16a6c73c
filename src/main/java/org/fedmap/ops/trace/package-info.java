/**
 * The server's troubleshooting logs under {@code DATA/logs/}: the XML trace of IF-MAP requests and
 * answers ({@code ifmap-trace.log}, off by default, switched per client at run time) and the client
 * messages ({@code client-messages.log}, one line per change a client makes). Both are written by
 * their own thread from a bounded queue: a slow disk never stalls a request, it drops entries and
 * counts them. This package only reads what the endpoint and the sessions hand it; it never changes
 * a request's outcome.
 */
package org.fedmap.ops.trace;
