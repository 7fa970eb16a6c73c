package org.fedmap.model;

/**
 * An IPv4 or IPv6 address in the canonical form IF-MAP requires. Non-canonical spellings are
 * refused, never rewritten: IPv4 without leading zeros, IPv6 as eight lower-case groups without
 * leading zeros and without "::" compression.
 */
public record IpAddress(Version version, String value, String administrativeDomain) implements Identifier {
    /** The {@code type} attribute; IPv4 when absent. */
    public enum Version {
        IPV4("IPv4"), IPV6("IPv6");

        private final String xmlValue;

        Version(String xmlValue) {
            this.xmlValue = xmlValue;
        }

        public String xmlValue() {
            return xmlValue;
        }

        public static Version fromXml(String s) {
            if (s == null) {
                return IPV4;
            }
            for (Version v : values()) {
                if (v.xmlValue.equals(s)) {
                    return v;
                }
            }
            throw IfmapException.invalidIdentifier("ip-address type '" + s + "' is neither IPv4 nor IPv6");
        }
    }

    public IpAddress {
        administrativeDomain = Identifier.domain(administrativeDomain);
        Identifier.checkLength("ip-address value", value);
        Identifier.checkLength("administrative-domain", administrativeDomain);
        if (version == null) {
            version = Version.IPV4;
        }
        if (value == null) {
            throw IfmapException.invalidIdentifier("ip-address needs a value");
        }
        if (version == Version.IPV4 && !isCanonicalIpv4(value)) {
            throw IfmapException.invalidIdentifier("ip-address value '" + value
                    + "' is not a canonical IPv4 address: four decimal numbers 0-255 without leading zeros");
        }
        if (version == Version.IPV6 && !isCanonicalIpv6(value)) {
            throw IfmapException.invalidIdentifier("ip-address value '" + value
                    + "' is not a canonical IPv6 address: eight lower-case hex groups without leading zeros"
                    + " and without '::' (e.g. 2001:db8:0:0:0:0:0:1)");
        }
    }

    public static IpAddress v4(String value) {
        return new IpAddress(Version.IPV4, value, "");
    }

    public static boolean isCanonicalIpv4(String v) {
        int groups = 0;
        int i = 0;
        int n = v.length();
        while (i <= n) {
            int start = i;
            int num = 0;
            while (i < n && v.charAt(i) >= '0' && v.charAt(i) <= '9') {
                num = num * 10 + (v.charAt(i) - '0');
                i++;
                if (i - start > 3) {
                    return false;
                }
            }
            int len = i - start;
            if (len == 0 || num > 255 || (len > 1 && v.charAt(start) == '0')) {
                return false;
            }
            groups++;
            if (i == n) {
                break;
            }
            if (v.charAt(i) != '.' || groups == 4) {
                return false;
            }
            i++;
        }
        return groups == 4;
    }

    public static boolean isCanonicalIpv6(String v) {
        String[] groups = v.split(":", -1);
        if (groups.length != 8) {
            return false;
        }
        for (String g : groups) {
            if (g.isEmpty() || g.length() > 4 || (g.length() > 1 && g.charAt(0) == '0')) {
                return false;
            }
            for (int i = 0; i < g.length(); i++) {
                char c = g.charAt(i);
                if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                    return false;
                }
            }
        }
        return true;
    }

    @Override
    public IdentifierType type() {
        return IdentifierType.IP_ADDRESS;
    }

    @Override
    public String sortKey() {
        return version.ordinal() + value + '\u0000' + administrativeDomain;
    }
}
