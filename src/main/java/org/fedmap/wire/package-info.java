/**
 * The wire protocol: the HTTPS endpoint (a servlet on Jetty) at /dana-ws/soap/dsifmap (and /ifmap), SOAP 1.1/1.2
 * envelopes and faults, per-request IF-MAP version detection, the version codecs (XML to
 * {@link org.fedmap.session.Request} and {@link org.fedmap.session.Response} to XML) and the
 * published WSDL. Makes no IF-MAP decisions of its own: it decodes, hands over, encodes.
 */
package org.fedmap.wire;
