package org.fedmap.engine;

import java.util.List;
import org.fedmap.engine.filter.Filter;
import org.fedmap.model.Lifetime;
import org.fedmap.model.Metadata;
import org.fedmap.model.Target;

/** One sub-operation of a publish request; a request's operations apply in order, all or none. */
public sealed interface PublishOperation {
    Target target();

    /** Stores metadata on the target (singleValue items replace items of their type). */
    record Update(Target target, List<Metadata> metadata, Lifetime lifetime) implements PublishOperation {
        public Update {
            metadata = List.copyOf(metadata);
        }
    }

    /** Sends metadata to the target's subscribers without storing it. */
    record Notify(Target target, List<Metadata> metadata) implements PublishOperation {
        public Notify {
            metadata = List.copyOf(metadata);
        }
    }

    /** Removes the target's metadata that the filter matches ({@link Filter#ALL} when no filter was given). */
    record Delete(Target target, Filter filter) implements PublishOperation {
    }
}
