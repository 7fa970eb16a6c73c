package org.fedmap.model;

/** A MAC address in canonical form: six colon-separated pairs of lower-case hex digits. */
public record MacAddress(String value, String administrativeDomain) implements Identifier {
    public MacAddress {
        administrativeDomain = Identifier.domain(administrativeDomain);
        Identifier.checkLength("mac-address value", value);
        Identifier.checkLength("administrative-domain", administrativeDomain);
        if (value == null || !isCanonical(value)) {
            throw IfmapException.invalidIdentifier("mac-address value '" + value
                    + "' is not canonical: six pairs of lower-case hex digits separated by ':' (e.g. 00:1b:21:3a:4f:0c)");
        }
    }

    static boolean isCanonical(String v) {
        if (v.length() != 17) {
            return false;
        }
        for (int i = 0; i < 17; i++) {
            char c = v.charAt(i);
            if (i % 3 == 2) {
                if (c != ':') {
                    return false;
                }
            } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public IdentifierType type() {
        return IdentifierType.MAC_ADDRESS;
    }

    @Override
    public String sortKey() {
        return value + '\u0000' + administrativeDomain;
    }
}
