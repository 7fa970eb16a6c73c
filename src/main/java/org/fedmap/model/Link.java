package org.fedmap.model;

/**
 * An undirected link between two different identifiers. The constructor puts the pair in one
 * fixed order, so (A,B) and (B,A) are equal.
 */
public record Link(Identifier first, Identifier second) implements Target {
    public Link {
        if (first == null || second == null) {
            throw IfmapException.invalidIdentifier("a link needs two identifiers");
        }
        if (first.equals(second)) {
            throw IfmapException.invalidIdentifier("a link needs two different identifiers");
        }
        if (Identifier.ORDER.compare(first, second) > 0) {
            Identifier t = first;
            first = second;
            second = t;
        }
    }

}
