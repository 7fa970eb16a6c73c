package org.fedmap.session;

import org.fedmap.model.ProtocolVersion;
import org.fedmap.security.ClientIdentity;

/**
 * Who sent a request and over which connection. The connection id tells the SSRC from the ARC:
 * IF-MAP distinguishes the two channels by TCP connection, never by anything in the XML.
 */
public record Caller(ClientIdentity client, String connectionId, String remoteAddress, ProtocolVersion version) {
}
