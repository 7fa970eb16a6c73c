package org.fedmap.engine;

import org.fedmap.engine.filter.Filter;
import org.fedmap.model.Identifier;
import org.fedmap.model.ProtocolVersion;

/**
 * The parameters of a search or of a subscription.
 *
 * @param start        where the traversal starts; always part of the result
 * @param maxDepth     how many links away from start to go (0 = start only)
 * @param matchLinks   which links may be followed (a link qualifies when one of its items matches)
 * @param resultFilter which metadata is returned
 * @param terminal     identifier types not traversed beyond
 * @param maxSize      result size limit in bytes (SearchResultsTooBig beyond it)
 * @param reader       whose operational attribute names filters see
 */
public record SearchSpec(Identifier start, int maxDepth, Filter matchLinks, Filter resultFilter,
                         TerminalIdentifiers terminal, long maxSize, ProtocolVersion reader) {
    public SearchSpec {
        if (start == null) {
            throw new IllegalArgumentException("a search needs a start identifier");
        }
        if (maxDepth < 0) {
            throw new IllegalArgumentException("max-depth must not be negative");
        }
    }
}
