package org.fedmap.federation;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import org.fedmap.model.IpAddress;
import org.fedmap.model.MacAddress;

/**
 * Endpoint addresses as a gateway gives them, in the one canonical text IF-MAP allows. A MAP server must
 * refuse a non-canonical address rather than rewrite it, so the connector writes it canonically before
 * it is sent: {@code 2001:DB8::1} becomes {@code 2001:db8:0:0:0:0:0:1}, {@code 00-1B-21-3A-4F-0C}
 * becomes {@code 00:1b:21:3a:4f:0c}.
 */
public final class Addresses {
    private Addresses() {
    }

    /**
     * An IPv4 or IPv6 address literal in IF-MAP canonical form.
     *
     * @throws IllegalArgumentException when {@code text} is not an address literal (host names are refused,
     *                                  never looked up)
     */
    public static IpAddress ip(String text) {
        String s = text == null ? "" : text.strip();
        if (s.startsWith("[") && s.endsWith("]")) {
            s = s.substring(1, s.length() - 1);
        }
        if (s.isEmpty() || !s.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.')) {
            throw new IllegalArgumentException("'" + text + "' is not an IPv4 or IPv6 address");
        }
        InetAddress a;
        try {
            a = InetAddress.getByName(s); // a literal: only hex digits, dots and colons, so no name look-up
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + text + "' is not an IPv4 or IPv6 address");
        }
        if (a instanceof Inet4Address) {
            return IpAddress.v4(a.getHostAddress());
        }
        byte[] b = ((Inet6Address) a).getAddress();
        StringBuilder out = new StringBuilder(39);
        for (int i = 0; i < 16; i += 2) {
            if (i > 0) {
                out.append(':');
            }
            out.append(Integer.toHexString(((b[i] & 0xff) << 8) | (b[i + 1] & 0xff)));
        }
        return new IpAddress(IpAddress.Version.IPV6, out.toString(), "");
    }

    /**
     * A MAC address in IF-MAP canonical form: six lower-case hex pairs joined by ':'; '-' and '.' as
     * separators (and upper case) are accepted.
     *
     * @throws IllegalArgumentException when {@code text} is not a MAC address
     */
    public static String mac(String text) {
        String hex = text == null ? "" : text.strip().toLowerCase(Locale.ROOT).replaceAll("[:.-]", "");
        if (hex.length() != 12 || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new IllegalArgumentException("'" + text + "' is not a MAC address (e.g. 00:1b:21:3a:4f:0c)");
        }
        StringBuilder out = new StringBuilder(17);
        for (int i = 0; i < 12; i += 2) {
            if (i > 0) {
                out.append(':');
            }
            out.append(hex, i, i + 2);
        }
        return new MacAddress(out.toString(), "").value();
    }
}
