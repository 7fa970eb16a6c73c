package org.fedmap.ops.trace;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fedmap.model.AccessRequest;
import org.fedmap.model.Device;
import org.fedmap.model.Identifier;
import org.fedmap.model.Identity;
import org.fedmap.model.IpAddress;
import org.fedmap.model.Link;
import org.fedmap.model.MacAddress;
import org.fedmap.model.Metadata;
import org.fedmap.model.Namespaces;
import org.fedmap.model.Target;

/**
 * Identifiers, links and metadata in the short forms of the client-messages log: {@code ip-address
 * 10.0.0.5}, {@code access-request ar1 -- ip-address 10.0.0.5}, {@code meta:role x2}. What a client
 * chose (names, values) is cleaned of control characters and cut when very long.
 */
final class ShortForm {
    private static final int MAX_VALUE = 200;

    /** Prefixes operators know from the schemas and gateway documentation. */
    private static final Map<String, String> PREFIXES = Map.of(
            Namespaces.META_1, "meta",
            Namespaces.META_2, "meta",
            Namespaces.JUNIPER_2008, "jnpr",
            Namespaces.JUNIPER_2009, "jnpr2",
            Namespaces.OPMETA_2_1, "opmeta",
            Namespaces.SERVER_2_2, "server");

    private ShortForm() {
    }

    static String target(Target t) {
        if (t instanceof Link link) {
            return identifier(link.first()) + " -- " + identifier(link.second());
        }
        return identifier((Identifier) t);
    }

    static String identifier(Identifier id) {
        String text;
        if (id instanceof IpAddress ip) {
            text = "ip-address " + value(ip.value());
        } else if (id instanceof MacAddress mac) {
            text = "mac-address " + value(mac.value());
        } else if (id instanceof AccessRequest ar) {
            text = "access-request " + value(ar.name());
        } else if (id instanceof Device d) {
            text = "device " + (d.kind() == Device.Kind.AIK_NAME ? "aik-name " : "") + value(d.value());
        } else {
            Identity i = (Identity) id;
            String type = i.identityType() == Identity.Type.OTHER
                    ? (i.isExtended() ? "extended" : "other(" + value(i.otherTypeDefinition()) + ")")
                    : i.identityType().xmlValue();
            text = "identity " + type + " " + value(i.name());
        }
        String domain = id.administrativeDomain();
        return domain.isEmpty() ? text : text + " (domain " + value(domain) + ")";
    }

    /** The element name with a well-known prefix, else as {namespace}name. */
    static String metadataName(Metadata m) {
        String prefix = PREFIXES.get(m.namespace());
        return prefix != null ? prefix + ":" + m.localName() : "{" + value(m.namespace()) + "}" + m.localName();
    }

    /** Names in first-seen order, repeated ones counted: "meta:role x2, meta:capability". */
    static String metadataNames(List<Metadata> items) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (Metadata m : items) {
            counts.merge(metadataName(m), 1, Integer::sum);
        }
        StringBuilder b = new StringBuilder();
        counts.forEach((name, n) -> {
            if (b.length() > 0) {
                b.append(", ");
            }
            b.append(name);
            if (n > 1) {
                b.append(" x").append(n);
            }
        });
        return b.toString();
    }

    /** Client text made safe for one log line: control characters as '?', cut after {@value #MAX_VALUE} characters. */
    static String value(String s) {
        return s == null ? "" : clean(s, MAX_VALUE, false);
    }

    /**
     * {@code s} with control characters (and, for {@code oneWord}, white space) as '?', cut after
     * {@code max} code points.
     */
    static String clean(String s, int max, boolean oneWord) {
        if (isClean(s, max, oneWord)) {
            return s; // the usual case, and one line per publish has many values: no copy
        }
        StringBuilder b = new StringBuilder(Math.min(s.length(), max + 3));
        s.codePoints().limit(max).forEach(cp -> b.appendCodePoint(
                Character.isISOControl(cp) || (oneWord && Character.isWhitespace(cp)) ? '?' : cp));
        if (s.codePointCount(0, s.length()) > max) {
            b.append("...");
        }
        return b.toString();
    }

    private static boolean isClean(String s, int max, boolean oneWord) {
        if (s.length() > max) {
            return false; // may be too many code points; the slow path counts them
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isISOControl(c) || (oneWord && Character.isWhitespace(c))) {
                return false;
            }
        }
        return true;
    }
}
