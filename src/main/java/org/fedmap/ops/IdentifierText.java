package org.fedmap.ops;

import org.fedmap.model.AccessRequest;
import org.fedmap.model.Device;
import org.fedmap.model.Identifier;
import org.fedmap.model.IfmapException;
import org.fedmap.model.Identity;
import org.fedmap.model.IpAddress;
import org.fedmap.model.MacAddress;

/**
 * Identifiers as one line an operator reads and types: {@code TYPE:VALUE}, with {@code @DOMAIN} at
 * the end when an administrative-domain is set.
 *
 * <pre>
 * access-request:ic1:sid42          ar:ic1:sid42
 * ip-address:10.0.0.5               ip:2001:db8:0:0:0:0:0:1
 * mac-address:00:16:3e:00:00:07     mac:00:16:3e:00:00:07
 * identity:alice                    identity:email-address:alice\@example.com
 * identity:other:DEFINITION:NAME    id:username:alice@dept-a
 * device:ic1:1138                   device:aik-name:VALUE
 * </pre>
 *
 * <p>An identity without one of the identity type names in front is a username. The last {@code @}
 * starts the administrative-domain; an {@code @} or {@code \} that belongs to a value is written
 * {@code \@} or {@code \\} (and a {@code :} inside an other-type-definition {@code \:}). Devices have
 * no administrative-domain, so their value is taken as it stands. {@link #format} writes the form that
 * {@link #parse} reads back to the same identifier, with the type always spelled out.
 */
public final class IdentifierText {
    private IdentifierText() {
    }

    /**
     * Reads the short form.
     *
     * @throws IllegalArgumentException naming what is wrong, when the text is no identifier or not a
     *                                  canonical one (IF-MAP identifiers are never rewritten)
     */
    public static Identifier parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("no identifier given; write it as TYPE:VALUE, e.g. ip-address:10.0.0.5");
        }
        int colon = text.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("'" + text + "' has no type; write it as TYPE:VALUE, e.g. access-request:"
                    + text);
        }
        String type = text.substring(0, colon);
        String rest = text.substring(colon + 1);
        try {
            switch (type) {
                case "device", "dev":
                    return device(rest);
                case "access-request", "ar": {
                    String[] v = splitDomain(rest);
                    return new AccessRequest(v[0], v[1]);
                }
                case "ip-address", "ip": {
                    String[] v = splitDomain(rest);
                    return new IpAddress(v[0].indexOf(':') >= 0 ? IpAddress.Version.IPV6 : IpAddress.Version.IPV4,
                            v[0], v[1]);
                }
                case "mac-address", "mac": {
                    String[] v = splitDomain(rest);
                    return new MacAddress(v[0], v[1]);
                }
                case "identity", "id":
                    return identity(rest);
                default:
                    throw new IllegalArgumentException("'" + type + "' is not an identifier type; use access-request,"
                            + " ip-address, mac-address, identity or device");
            }
        } catch (IfmapException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** The short form of an identifier, which {@link #parse} reads back to an equal one. */
    public static String format(Identifier id) {
        StringBuilder b = new StringBuilder(64);
        if (id instanceof Device d) {
            b.append("device:");
            if (d.kind() == Device.Kind.AIK_NAME) {
                b.append("aik-name:");
            } else if (d.value().startsWith("aik-name:") || d.value().startsWith("name:")) {
                b.append("name:");
            }
            return b.append(d.value()).toString();
        }
        b.append(id.type().elementName()).append(':');
        if (id instanceof AccessRequest a) {
            escape(a.name(), false, b);
        } else if (id instanceof IpAddress ip) {
            b.append(ip.value());
        } else if (id instanceof MacAddress mac) {
            b.append(mac.value());
        } else {
            Identity i = (Identity) id;
            b.append(i.identityType().xmlValue()).append(':');
            if (i.identityType() == Identity.Type.OTHER) {
                escape(i.otherTypeDefinition(), true, b);
                b.append(':');
            }
            escape(i.name(), false, b);
        }
        if (!id.administrativeDomain().isEmpty()) {
            b.append('@');
            escape(id.administrativeDomain(), false, b);
        }
        return b.toString();
    }

    private static Device device(String rest) {
        if (rest.startsWith("aik-name:")) {
            return new Device(Device.Kind.AIK_NAME, rest.substring("aik-name:".length()));
        }
        return new Device(Device.Kind.NAME, rest.startsWith("name:") ? rest.substring("name:".length()) : rest);
    }

    private static Identity identity(String rest) {
        Identity.Type type = Identity.Type.USERNAME;
        int colon = rest.indexOf(':');
        if (colon > 0 && Identity.Type.fromXml(rest.substring(0, colon)) != null) {
            type = Identity.Type.fromXml(rest.substring(0, colon));
            rest = rest.substring(colon + 1);
        }
        String definition = null;
        if (type == Identity.Type.OTHER) {
            int end = unescaped(rest, ':', false);
            if (end < 0) {
                throw new IllegalArgumentException("an identity of type other needs its definition:"
                        + " identity:other:DEFINITION:NAME");
            }
            definition = unescape(rest.substring(0, end));
            rest = rest.substring(end + 1);
        }
        String[] v = splitDomain(rest);
        return new Identity(type, v[0], v[1], definition);
    }

    /** Value and administrative-domain ("" when none), split at the last unescaped '@' and unescaped. */
    private static String[] splitDomain(String s) {
        int at = unescaped(s, '@', true);
        if (at < 0) {
            return new String[] {unescape(s), ""};
        }
        return new String[] {unescape(s.substring(0, at)), unescape(s.substring(at + 1))};
    }

    /** Index of the first (or last) occurrence of c that no backslash escapes, or -1. */
    private static int unescaped(String s, char c, boolean last) {
        int found = -1;
        for (int i = 0; i < s.length(); i++) {
            char x = s.charAt(i);
            if (x == '\\') {
                i++;
            } else if (x == c) {
                if (!last) {
                    return i;
                }
                found = i;
            }
        }
        return found;
    }

    private static String unescape(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char x = s.charAt(i);
            if (x == '\\' && i + 1 < s.length()) {
                x = s.charAt(++i);
            }
            b.append(x);
        }
        return b.toString();
    }

    private static void escape(String s, boolean colons, StringBuilder b) {
        for (int i = 0; i < s.length(); i++) {
            char x = s.charAt(i);
            if (x == '\\' || x == '@' || (colons && x == ':')) {
                b.append('\\');
            }
            b.append(x);
        }
    }
}
