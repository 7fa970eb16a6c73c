package org.fedmap.model;

/** Namespace URIs of the IF-MAP family and of SOAP. */
public final class Namespaces {
    private Namespaces() {
    }

    public static final String IFMAP_1 = "http://www.trustedcomputinggroup.org/2006/IFMAP/1";
    public static final String META_1 = "http://www.trustedcomputinggroup.org/2006/IFMAP-METADATA/1";
    public static final String IFMAP_2 = "http://www.trustedcomputinggroup.org/2010/IFMAP/2";
    public static final String META_2 = "http://www.trustedcomputinggroup.org/2010/IFMAP-METADATA/2";
    /** IF-MAP 2.1 operational metadata (client-time). */
    public static final String OPMETA_2_1 = "http://www.trustedcomputinggroup.org/2012/IFMAP-OPERATIONAL-METADATA/1";
    /** IF-MAP 2.1 extended identifier base. */
    public static final String IDENTIFIER_2_1 = "http://www.trustedcomputinggroup.org/2012/IFMAP-IDENTIFIER/1";
    /** IF-MAP 2.2 MAP-server identifier and server-capability. */
    public static final String SERVER_2_2 = "http://www.trustedcomputinggroup.org/2013/IFMAP-SERVER/1";
    public static final String JUNIPER_2008 = "http://www.juniper.net/2008/IFMAP/1";
    public static final String JUNIPER_2009 = "http://www.juniper.net/2009/IFMAP/1";

    public static final String SOAP_1_1 = "http://schemas.xmlsoap.org/soap/envelope/";
    public static final String SOAP_1_2 = "http://www.w3.org/2003/05/soap-envelope";
}
