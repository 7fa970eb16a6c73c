package org.fedmap.model;

import java.util.Comparator;

/**
 * An IF-MAP identifier in canonical form. Two identifiers are the same node of the graph exactly
 * when they are equal. An absent administrative-domain is stored as "".
 */
public sealed interface Identifier extends Target permits AccessRequest, Device, Identity, IpAddress, MacAddress {
    /** Longest identifier value accepted; longer ones get IdentifierTooLong. */
    int MAX_VALUE_LENGTH = 4096;

    IdentifierType type();

    /** "" when none (devices have none). */
    String administrativeDomain();

    /** A total order used to give each link one orientation; not meaningful to users. */
    Comparator<Identifier> ORDER = Comparator.comparing((Identifier i) -> i.type().ordinal())
            .thenComparing(Identifier::sortKey);

    /** The identifier's fields joined, for ordering. */
    String sortKey();

    static String domain(String administrativeDomain) {
        return administrativeDomain == null ? "" : administrativeDomain;
    }

    static void checkLength(String what, String value) {
        if (value != null && value.length() > MAX_VALUE_LENGTH) {
            throw new IfmapException(ErrorCode.IdentifierTooLong,
                    what + " is " + value.length() + " characters long; the limit is " + MAX_VALUE_LENGTH);
        }
    }
}
