/**
 * IF-MAP filter expressions (match-links, result-filter, publish delete filters): the XPath 1.0
 * subset clients send, compiled once into an immutable tree and evaluated against one metadata
 * item at a time, with the server's operational attributes named as the reader's version names them.
 */
package org.fedmap.engine.filter;
