package org.fedmap.model;

import java.util.Objects;

/**
 * A metadata item as durable storage keeps it: where it is attached and an id that orders it among
 * all items the graph ever stored (the graph rebuilds each place in that order).
 */
public record DurableItem(long id, Target target, Metadata metadata) {
    public DurableItem {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(metadata, "metadata");
    }
}
