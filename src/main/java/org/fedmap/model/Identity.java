package org.fedmap.model;

import org.fedmap.xml.ExtendedIdentifierForm;
import org.fedmap.xml.XmlException;

/**
 * An end user or other named principal. Type {@code other} needs an other-type-definition; the
 * definition {@code extended} marks an IF-MAP 2.1 extended identifier, whose name is an escaped XML
 * document in canonical form and whose administrative-domain lives inside that document.
 */
public record Identity(Type identityType, String name, String administrativeDomain, String otherTypeDefinition)
        implements Identifier {

    /** The other-type-definition of IF-MAP 2.1 extended identifiers. */
    public static final String EXTENDED = "extended";

    /** The identity {@code type} attribute. Which types a version allows is the decoder's business. */
    public enum Type {
        AIK_NAME("aik-name"),
        DISTINGUISHED_NAME("distinguished-name"),
        DNS_NAME("dns-name"),
        EMAIL_ADDRESS("email-address"),
        HIP_HIT("hip-hit"),
        KERBEROS_PRINCIPAL("kerberos-principal"),
        TRUSTED_PLATFORM_MODULE("trusted-platform-module"),
        USERNAME("username"),
        SIP_URI("sip-uri"),
        TEL_URI("tel-uri"),
        OTHER("other");

        private final String xmlValue;

        Type(String xmlValue) {
            this.xmlValue = xmlValue;
        }

        public String xmlValue() {
            return xmlValue;
        }

        /** The type for an attribute value, or null. */
        public static Type fromXml(String s) {
            for (Type t : values()) {
                if (t.xmlValue.equals(s)) {
                    return t;
                }
            }
            return null;
        }
    }

    public Identity {
        administrativeDomain = Identifier.domain(administrativeDomain);
        Identifier.checkLength("identity name", name);
        Identifier.checkLength("administrative-domain", administrativeDomain);
        Identifier.checkLength("other-type-definition", otherTypeDefinition);
        if (identityType == null) {
            throw new IfmapException(ErrorCode.InvalidIdentifierType, "identity needs a type");
        }
        if (name == null) {
            throw IfmapException.invalidIdentifier("identity needs a name");
        }
        if (identityType == Type.OTHER) {
            if (otherTypeDefinition == null || otherTypeDefinition.isEmpty()) {
                throw IfmapException.invalidIdentifier("identity of type 'other' needs an other-type-definition");
            }
        } else {
            // the definition only qualifies type "other"; on any other type it carries no meaning
            otherTypeDefinition = null;
        }
        if (identityType == Type.HIP_HIT && !IpAddress.isCanonicalIpv6(name)) {
            throw IfmapException.invalidIdentifier("hip-hit identity '" + name
                    + "' is not a canonical IPv6 address");
        }
        if (isExtended(identityType, otherTypeDefinition)) {
            if (!administrativeDomain.isEmpty()) {
                throw IfmapException.invalidIdentifier(
                        "an extended identifier carries its administrative-domain inside its XML, not on the identity");
            }
            try {
                ExtendedIdentifierForm.check(name);
            } catch (XmlException e) {
                throw IfmapException.invalidIdentifier("invalid extended identifier: " + e.getMessage());
            }
        }
    }

    public static Identity of(Type type, String name) {
        return new Identity(type, name, "", null);
    }

    private static boolean isExtended(Type type, String otherTypeDefinition) {
        return type == Type.OTHER && EXTENDED.equals(otherTypeDefinition);
    }

    public boolean isExtended() {
        return isExtended(identityType, otherTypeDefinition);
    }

    @Override
    public IdentifierType type() {
        return IdentifierType.IDENTITY;
    }

    @Override
    public String sortKey() {
        return identityType.ordinal() + name + '\u0000' + administrativeDomain + '\u0000'
                + (otherTypeDefinition == null ? "" : otherTypeDefinition);
    }
}
