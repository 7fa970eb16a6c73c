package org.fedmap.engine.filter;

import java.util.Map;
import java.util.function.Function;
import org.fedmap.model.Cardinality;
import org.fedmap.model.Lifetime;
import org.fedmap.model.Metadata;
import org.fedmap.model.Namespaces;
import org.fedmap.model.ProtocolVersion;

/** Metadata items and prefix bindings for filter tests. */
final class Items {
    static final String META = Namespaces.META_2;
    static final String JNPR = Namespaces.JUNIPER_2009;
    static final Map<String, String> BINDINGS = Map.of("meta", META, "jnpr", JNPR);
    static final Function<String, String> PREFIXES = BINDINGS::get;

    private Items() {
    }

    /** A stamped item published by {@code publisher}; the root element's name is taken from the XML. */
    static Metadata item(String publisher, String namespace, String xml) {
        int nameEnd = firstOf(xml, " />", 1);
        String qname = xml.substring(1, nameEnd);
        String local = qname.substring(qname.indexOf(':') + 1);
        int attributesEnd = xml.indexOf('>');
        if (xml.charAt(attributesEnd - 1) == '/') {
            attributesEnd--;
        }
        return Metadata.unstamped(namespace, local, Cardinality.MULTI_VALUE, xml, attributesEnd)
                .stamped(publisher, System.currentTimeMillis(), Lifetime.FOREVER, null);
    }

    static Metadata meta(String publisher, String xmlWithoutNamespace) {
        return item(publisher, META, declare(xmlWithoutNamespace, "meta", META));
    }

    static Metadata jnpr(String publisher, String xmlWithoutNamespace) {
        return item(publisher, JNPR, declare(xmlWithoutNamespace, "jnpr", JNPR));
    }

    /** Adds {@code xmlns:prefix="uri"} to the root start tag. */
    static String declare(String xml, String prefix, String uri) {
        int nameEnd = firstOf(xml, " />", 1);
        return xml.substring(0, nameEnd) + " xmlns:" + prefix + "=\"" + uri + "\"" + xml.substring(nameEnd);
    }

    static boolean matches(String expression, Metadata item) {
        return matches(expression, item, ProtocolVersion.IFMAP_2);
    }

    static boolean matches(String expression, Metadata item, ProtocolVersion reader) {
        return Filter.compile(expression, PREFIXES).matches(item, reader);
    }

    private static int firstOf(String s, String chars, int from) {
        for (int i = from; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        throw new IllegalArgumentException(s);
    }
}
