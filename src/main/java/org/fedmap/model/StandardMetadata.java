package org.fedmap.model;

import java.util.Map;

/**
 * Cardinality of the standard metadata types, as the TCG metadata schemas fix it. In IF-MAP 2.x a
 * client must send ifmap-cardinality, and sending the other value for a standard type is
 * InvalidMetadata; in IF-MAP 1.1 clients usually send nothing and these are the defaults.
 */
public final class StandardMetadata {
    private StandardMetadata() {
    }

    private static final Map<String, Cardinality> V2 = Map.ofEntries(
            Map.entry("access-request-device", Cardinality.SINGLE_VALUE),
            Map.entry("access-request-ip", Cardinality.SINGLE_VALUE),
            Map.entry("access-request-mac", Cardinality.SINGLE_VALUE),
            Map.entry("authenticated-as", Cardinality.SINGLE_VALUE),
            Map.entry("authenticated-by", Cardinality.SINGLE_VALUE),
            Map.entry("device-ip", Cardinality.SINGLE_VALUE),
            Map.entry("discovered-by", Cardinality.SINGLE_VALUE),
            Map.entry("wlan-information", Cardinality.SINGLE_VALUE),
            Map.entry("capability", Cardinality.MULTI_VALUE),
            Map.entry("device-attribute", Cardinality.MULTI_VALUE),
            Map.entry("device-characteristic", Cardinality.MULTI_VALUE),
            Map.entry("enforcement-report", Cardinality.MULTI_VALUE),
            Map.entry("event", Cardinality.MULTI_VALUE),
            Map.entry("ip-mac", Cardinality.MULTI_VALUE),
            Map.entry("layer2-information", Cardinality.MULTI_VALUE),
            Map.entry("location", Cardinality.MULTI_VALUE),
            Map.entry("request-for-investigation", Cardinality.MULTI_VALUE),
            Map.entry("role", Cardinality.MULTI_VALUE),
            Map.entry("unexpected-behavior", Cardinality.MULTI_VALUE));

    private static final Map<String, Cardinality> V1 = Map.ofEntries(
            Map.entry("access-request-device", Cardinality.SINGLE_VALUE),
            Map.entry("access-request-ip", Cardinality.SINGLE_VALUE),
            Map.entry("access-request-mac", Cardinality.SINGLE_VALUE),
            Map.entry("authenticated-as", Cardinality.SINGLE_VALUE),
            Map.entry("authenticated-by", Cardinality.SINGLE_VALUE),
            Map.entry("layer2-information", Cardinality.SINGLE_VALUE),
            Map.entry("ip-mac", Cardinality.SINGLE_VALUE),
            Map.entry("capability", Cardinality.MULTI_VALUE),
            Map.entry("device-attribute", Cardinality.MULTI_VALUE),
            Map.entry("event", Cardinality.MULTI_VALUE),
            Map.entry("role", Cardinality.MULTI_VALUE));

    /** The fixed cardinality of a standard type, or null for any other element. */
    public static Cardinality cardinalityOf(String namespace, String localName) {
        if (Namespaces.META_2.equals(namespace)) {
            return V2.get(localName);
        }
        if (Namespaces.META_1.equals(namespace)) {
            return V1.get(localName);
        }
        if (Namespaces.OPMETA_2_1.equals(namespace) && "client-time".equals(localName)) {
            return Cardinality.SINGLE_VALUE;
        }
        if (Namespaces.SERVER_2_2.equals(namespace) && "server-capability".equals(localName)) {
            return Cardinality.MULTI_VALUE;
        }
        return null;
    }
}
