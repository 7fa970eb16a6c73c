package org.fedmap.engine;

import java.util.List;
import org.fedmap.model.DurableItem;
import org.fedmap.model.Identifier;

/**
 * Where the graph makes its long-lived state durable. The graph calls it under its write lock,
 * after applying a group of changes and before committing them; when it returns, the changes must
 * be on stable storage. If it throws, the graph undoes the whole group and its requests fail.
 *
 * <p>Only {@code lifetime="forever"} items are durable (all IF-MAP 1.1 metadata is); session-lifetime
 * items end with their session, so a restart could never bring them back anyway. Which identifiers an
 * administrator deactivated is durable too: a restart must not bring a hidden session back into view.
 */
@FunctionalInterface
public interface Journal {
    /**
     * One group of changes, to be written in one transaction.
     *
     * @param sequence the sequence number of the last change in the group
     * @param added    durable items the group stored (net: items it also removed are left out)
     * @param removed  ids of durable items, stored before the group, that the group removed
     * @param hidden   identifiers deactivated by the group
     * @param shown    identifiers activated again (or removed) by the group
     */
    record Entry(long sequence, List<DurableItem> added, List<Long> removed, List<Identifier> hidden,
                 List<Identifier> shown) {
        public Entry {
            added = List.copyOf(added);
            removed = List.copyOf(removed);
            hidden = List.copyOf(hidden);
            shown = List.copyOf(shown);
        }

        /** A group that only stored and removed metadata. */
        public Entry(long sequence, List<DurableItem> added, List<Long> removed) {
            this(sequence, added, removed, List.of(), List.of());
        }
    }

    void write(Entry entry);
}
