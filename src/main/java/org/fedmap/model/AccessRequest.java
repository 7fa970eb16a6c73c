package org.fedmap.model;

/** An endpoint's attempt to gain access to the network. The name is case-sensitive. */
public record AccessRequest(String name, String administrativeDomain) implements Identifier {
    public AccessRequest {
        administrativeDomain = Identifier.domain(administrativeDomain);
        Identifier.checkLength("access-request name", name);
        Identifier.checkLength("administrative-domain", administrativeDomain);
        if (name == null || name.isEmpty()) {
            throw IfmapException.invalidIdentifier("access-request needs a non-empty name");
        }
    }

    @Override
    public IdentifierType type() {
        return IdentifierType.ACCESS_REQUEST;
    }

    @Override
    public String sortKey() {
        return name + '\u0000' + administrativeDomain;
    }
}
