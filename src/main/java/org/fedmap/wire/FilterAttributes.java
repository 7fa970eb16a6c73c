package org.fedmap.wire;

import org.fedmap.engine.filter.Filter;
import org.fedmap.xml.XmlElement;

/**
 * Reads a filter attribute (match-links, result-filter, delete filter) of either protocol version.
 * Absent means everything, empty means nothing. Prefixes resolve against the declarations in scope
 * on the element, ancestors included (gateways declare theirs on the SOAP Envelope); {@code meta}
 * defaults to the version's standard metadata namespace for clients that forget to declare it.
 */
final class FilterAttributes {
    private FilterAttributes() {
    }

    static Filter read(XmlElement e, String attribute, String standardMetadataNamespace) {
        String expr = e.attribute(attribute);
        if (expr == null) {
            return Filter.ALL;
        }
        return Filter.compile(expr, prefix -> {
            String uri = e.scope().resolve(prefix);
            if (uri == null && prefix.equals("meta")) {
                return standardMetadataNamespace;
            }
            return uri;
        });
    }
}
