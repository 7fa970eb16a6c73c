package org.fedmap.engine;

import java.util.List;

/** Identifiers and links reached by a search, in the order the traversal reached them. */
public record SearchResult(List<ResultItem> items) {
    public SearchResult {
        items = List.copyOf(items);
    }
}
