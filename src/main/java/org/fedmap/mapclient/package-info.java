/**
 * The client's side of the wire, shared by everything in fedmap that talks to an IF-MAP server as a
 * client ({@code bench}, {@code federation}): one owned HTTP/1.1 connection per IF-MAP channel, and
 * which server certificates to trust. It knows HTTP and TLS, not IF-MAP; nothing here uses the
 * server's classes.
 */
package org.fedmap.mapclient;
