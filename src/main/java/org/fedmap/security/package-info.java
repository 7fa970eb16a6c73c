/**
 * Who may talk to the server and how the server proves who it is: password hashing, the registry of
 * clients, HTTP Basic authentication and the TLS key material. Knows nothing of SOAP or the IF-MAP graph.
 */
package org.fedmap.security;
