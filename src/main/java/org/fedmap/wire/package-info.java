/**
 * The wire protocol: the HTTPS endpoint (a servlet on Jetty) at /dana-ws/soap/dsifmap (and /ifmap), SOAP 1.1/1.2
 * envelopes and faults, per-request IF-MAP version detection, the version codecs (XML to
 * {@link org.fedmap.session.Request} and {@link org.fedmap.session.Response} to XML) and the
 * published WSDL. Makes no IF-MAP decisions of its own: it decodes, hands over, encodes. Each
 * request and its answer are told to the exchange listeners (trace, metrics) as one {@link
 * org.fedmap.wire.Exchange}.
 */
package org.fedmap.wire;
