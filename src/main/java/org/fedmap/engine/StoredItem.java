package org.fedmap.engine;

import org.fedmap.model.Metadata;

/**
 * A metadata item held by the graph: the immutable item, where it sits, and its links in two
 * intrusive chains (all items of its publisher; all session-lifetime items of its session). The
 * chains let purgePublisher and session end visit exactly the items they delete.
 */
final class StoredItem {
    final Metadata metadata;
    final Place place;
    /** Rises with every item the graph stores: its place keeps items in this order, also after an undo. */
    final long order;
    StoredItem publisherPrev;
    StoredItem publisherNext;
    StoredItem sessionPrev;
    StoredItem sessionNext;
    /** Set while the item is in its chains; cleared when removed, so a double removal is harmless. */
    boolean live;

    StoredItem(Metadata metadata, Place place, long order) {
        this.metadata = metadata;
        this.place = place;
        this.order = order;
    }
}
