package org.fedmap.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.fedmap.model.Metadata;
import org.fedmap.model.Target;

/** An identifier or link of the graph with the items stored on it, in publication order. */
abstract sealed class Place permits NodePlace, LinkPlace {
    private static final StoredItem[] NONE = new StoredItem[0];

    private StoredItem[] items = NONE;
    private int count;

    abstract Target target();

    int itemCount() {
        return count;
    }

    StoredItem item(int i) {
        return items[i];
    }

    /** Adds an item in its order: at the end when new, back where it was when a removal is undone. */
    void add(StoredItem s) {
        if (count == items.length) {
            items = Arrays.copyOf(items, Math.max(2, count * 2));
        }
        int at = count;
        while (at > 0 && items[at - 1].order > s.order) {
            at--;
        }
        System.arraycopy(items, at, items, at + 1, count - at);
        items[at] = s;
        count++;
    }

    void remove(StoredItem s) {
        for (int i = 0; i < count; i++) {
            if (items[i] == s) {
                System.arraycopy(items, i + 1, items, i, count - i - 1);
                items[--count] = null;
                if (count == 0) {
                    items = NONE;
                }
                return;
            }
        }
    }

    /** Items in publication order (a snapshot). */
    List<StoredItem> items() {
        List<StoredItem> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(items[i]);
        }
        return out;
    }

    List<Metadata> metadata() {
        List<Metadata> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(items[i].metadata);
        }
        return out;
    }
}
