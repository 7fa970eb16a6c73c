/**
 * The IF-MAP data model as immutable values: identifiers in canonical form, links, metadata items,
 * protocol versions and IF-MAP error codes. A value that exists is valid: constructors reject
 * malformed input with the error code the specification names. Knows nothing of SOAP, HTTP or storage.
 */
package org.fedmap.model;
