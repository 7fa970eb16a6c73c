package org.fedmap.store;

import org.fedmap.model.AccessRequest;
import org.fedmap.model.Device;
import org.fedmap.model.Identifier;
import org.fedmap.model.Identity;
import org.fedmap.model.IpAddress;
import org.fedmap.model.Link;
import org.fedmap.model.MacAddress;
import org.fedmap.model.Target;

/**
 * An identifier or link as one string in the store, and back. Every field is written with its
 * length in front ({@code 3:abc}), so values may hold any character, the XML of an extended
 * identifier included; an absent field is {@code -}. Reading goes through the model's constructors,
 * so a damaged row is refused rather than turned into an identifier that could never be published.
 */
public final class TargetText {
    private TargetText() {
    }

    public static String encode(Target target) {
        StringBuilder b = new StringBuilder(64);
        if (target instanceof Link link) {
            field(b, "link");
            identifier(b, link.first());
            identifier(b, link.second());
        } else {
            identifier(b, (Identifier) target);
        }
        return b.toString();
    }

    private static void identifier(StringBuilder b, Identifier id) {
        if (id instanceof AccessRequest ar) {
            fields(b, "ar", ar.name(), ar.administrativeDomain());
        } else if (id instanceof Device d) {
            fields(b, "dev", d.kind().name(), d.value());
        } else if (id instanceof Identity i) {
            fields(b, "id", i.identityType().name(), i.name(), i.administrativeDomain(), i.otherTypeDefinition());
        } else if (id instanceof IpAddress ip) {
            fields(b, "ip", ip.version().name(), ip.value(), ip.administrativeDomain());
        } else {
            MacAddress mac = (MacAddress) id;
            fields(b, "mac", mac.value(), mac.administrativeDomain());
        }
    }

    private static void fields(StringBuilder b, String... values) {
        for (String v : values) {
            field(b, v);
        }
    }

    private static void field(StringBuilder b, String value) {
        if (value == null) {
            b.append('-');
        } else {
            b.append(value.length()).append(':').append(value);
        }
    }

    public static Target decode(String text) {
        Reader r = new Reader(text);
        Target t;
        if (r.peekIs("link")) {
            r.next();
            t = new Link(identifier(r), identifier(r));
        } else {
            t = identifier(r);
        }
        if (!r.atEnd()) {
            throw new IllegalArgumentException("trailing characters after the identifier");
        }
        return t;
    }

    private static Identifier identifier(Reader r) {
        String kind = r.next();
        if (kind == null) {
            throw new IllegalArgumentException("an identifier kind is missing");
        }
        switch (kind) {
            case "ar":
                return new AccessRequest(r.next(), r.next());
            case "dev":
                return new Device(Device.Kind.valueOf(r.next()), r.next());
            case "id":
                return new Identity(Identity.Type.valueOf(r.next()), r.next(), r.next(), r.next());
            case "ip":
                return new IpAddress(IpAddress.Version.valueOf(r.next()), r.next(), r.next());
            case "mac":
                return new MacAddress(r.next(), r.next());
            default:
                throw new IllegalArgumentException("unknown identifier kind '" + kind + "'");
        }
    }

    /** Reads length-prefixed fields one after the other. */
    private static final class Reader {
        private final String text;
        private int at;

        Reader(String text) {
            this.text = text;
        }

        boolean atEnd() {
            return at == text.length();
        }

        boolean peekIs(String value) {
            int saved = at;
            try {
                return value.equals(next());
            } catch (IllegalArgumentException e) {
                return false;
            } finally {
                at = saved;
            }
        }

        /** The next field; null for an absent one. */
        String next() {
            if (at >= text.length()) {
                throw new IllegalArgumentException("a field is missing");
            }
            if (text.charAt(at) == '-') {
                at++;
                return null;
            }
            int colon = text.indexOf(':', at);
            if (colon < 0) {
                throw new IllegalArgumentException("a field length is missing");
            }
            int length;
            try {
                length = Integer.parseInt(text.substring(at, colon));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("a field length is not a number");
            }
            if (length < 0 || colon + 1 + length > text.length()) {
                throw new IllegalArgumentException("a field runs past the end");
            }
            at = colon + 1 + length;
            return text.substring(colon + 1, at);
        }
    }
}
