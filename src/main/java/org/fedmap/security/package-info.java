/**
 * Who may talk to the server and how the server proves who it is: the registry of clients and their
 * rules (source addresses, expiry, enabled), HTTP Basic and TLS client-certificate authentication,
 * slowing down repeated failed logins, password hashing, the server's TLS key material
 * (self-signed, installed, or an operator's PKCS#12 or PEM files) and fedmap's own certificate
 * authority, which issues certificates to gateways and to the server. Knows nothing of SOAP or the
 * IF-MAP graph.
 */
package org.fedmap.security;
