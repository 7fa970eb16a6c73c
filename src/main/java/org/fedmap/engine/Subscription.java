package org.fedmap.engine;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.fedmap.model.Identifier;
import org.fedmap.model.Link;

/**
 * A named search kept alive: its parameters and the part of the graph it currently reaches. The
 * graph keeps an index from each reached identifier to its subscriptions, so a publish re-evaluates
 * only the subscriptions whose part of the graph it touched. Guarded by the graph's write lock.
 */
final class Subscription {
    final Subscriber owner;
    final String name;
    final SearchSpec spec;
    /** Reached identifiers and the depth at which the traversal reached them. */
    Map<Identifier, Integer> depths = new HashMap<>();
    /** Followed links. */
    Set<Link> links = new LinkedHashSet<>();
    /** Estimated size of the subscription's complete result, for max-size. */
    long size;

    Subscription(Subscriber owner, String name, SearchSpec spec) {
        this.owner = owner;
        this.name = name;
        this.spec = spec;
    }
}
