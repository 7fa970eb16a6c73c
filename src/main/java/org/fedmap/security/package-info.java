/**
 * Who may talk to the server and how the server proves who it is: the registry of clients and their
 * rules (source addresses, expiry, enabled), HTTP Basic and TLS client-certificate authentication,
 * slowing down repeated failed logins, password hashing, the server's TLS key material and the
 * built-in certificate authority. Knows nothing of SOAP or the IF-MAP graph.
 */
package org.fedmap.security;
