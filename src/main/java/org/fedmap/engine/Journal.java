package org.fedmap.engine;

import java.util.List;
import org.fedmap.model.DurableItem;

/**
 * Where the graph makes its long-lived items durable. The graph calls it under its write lock,
 * after applying a group of changes and before committing them; when it returns, the changes must
 * be on stable storage. If it throws, the graph undoes the whole group and its requests fail.
 *
 * <p>Only {@code lifetime="forever"} items are durable (all IF-MAP 1.1 metadata is); session-lifetime
 * items end with their session, so a restart could never bring them back anyway.
 */
@FunctionalInterface
public interface Journal {
    /**
     * @param sequence the sequence number of the last change in the group
     * @param added    durable items the group stored (net: items it also removed are left out)
     * @param removed  ids of durable items, stored before the group, that the group removed
     */
    void write(long sequence, List<DurableItem> added, List<Long> removed);
}
