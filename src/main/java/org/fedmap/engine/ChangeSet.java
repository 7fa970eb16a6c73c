package org.fedmap.engine;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fedmap.model.Metadata;
import org.fedmap.model.Target;

/**
 * What one commit did, per identifier or link, with additions and removals of the same item
 * cancelled out. Also the undo log: if applying a request fails half-way, {@link #undo} puts every
 * item back where it was.
 */
final class ChangeSet {
    /** The changes of one identifier or link. */
    static final class Entry {
        final Target target;
        Place place;
        final List<StoredItem> added = new ArrayList<>(2);
        final List<StoredItem> removed = new ArrayList<>(2);
        final List<Metadata> notified = new ArrayList<>(0);

        Entry(Target target) {
            this.target = target;
        }

        boolean isEmpty() {
            return added.isEmpty() && removed.isEmpty() && notified.isEmpty();
        }

        /** The items the place held before this commit. */
        List<Metadata> before() {
            List<Metadata> out = new ArrayList<>();
            if (place != null) {
                for (int i = 0; i < place.itemCount(); i++) {
                    StoredItem s = place.item(i);
                    if (!added.contains(s)) {
                        out.add(s.metadata);
                    }
                }
            }
            for (StoredItem s : removed) {
                out.add(s.metadata);
            }
            return out;
        }
    }

    private final Map<Target, Entry> entries = new LinkedHashMap<>();
    /** Every add and remove in order, for undo. */
    private final List<Object[]> log = new ArrayList<>();

    private Entry entry(Target target, Place place) {
        Entry e = entries.computeIfAbsent(target, Entry::new);
        if (place != null) {
            e.place = place;
        }
        return e;
    }

    void added(StoredItem s) {
        entry(s.place.target(), s.place).added.add(s);
        log.add(new Object[] {Boolean.TRUE, s});
    }

    void removed(StoredItem s) {
        Entry e = entry(s.place.target(), s.place);
        if (!e.added.remove(s)) {
            e.removed.add(s);
        }
        log.add(new Object[] {Boolean.FALSE, s});
    }

    void notified(Target target, Place place, Metadata m) {
        entry(target, place).notified.add(m);
    }

    /** The entry of one target, or null when the commit did not touch it. */
    Entry entry(Target target) {
        return entries.get(target);
    }

    Collection<Entry> entries() {
        return entries.values();
    }

    boolean isEmpty() {
        for (Entry e : entries.values()) {
            if (!e.isEmpty()) {
                return false;
            }
        }
        return true;
    }

    /** Visits every add ({@code true}) and remove ({@code false}) in the order they happened. */
    void forEachOperation(java.util.function.BiConsumer<Boolean, StoredItem> visitor) {
        for (Object[] op : log) {
            visitor.accept((Boolean) op[0], (StoredItem) op[1]);
        }
    }

    /**
     * Adds what {@code later} did, which happened after everything this set holds: afterwards this set
     * is the net change of both (an item one added and the other removed is in neither list).
     */
    void absorb(ChangeSet later) {
        later.forEachOperation((wasAdded, s) -> {
            if (wasAdded) {
                added(s);
            } else {
                removed(s);
            }
        });
        for (Entry e : later.entries.values()) {
            for (Metadata m : e.notified) {
                notified(e.target, e.place, m);
            }
        }
    }

    /** Reverses the logged operations, newest first, through the given callbacks. */
    void undo(java.util.function.Consumer<StoredItem> unAdd, java.util.function.Consumer<StoredItem> unRemove) {
        for (int i = log.size() - 1; i >= 0; i--) {
            Object[] op = log.get(i);
            StoredItem s = (StoredItem) op[1];
            if ((Boolean) op[0]) {
                unAdd.accept(s);
            } else {
                unRemove.accept(s);
            }
        }
        log.clear();
        entries.clear();
    }

    Change toChange(long sequence, long time, Change.Cause cause) {
        List<Change.PlaceChange> places = new ArrayList<>(entries.size());
        for (Entry e : entries.values()) {
            if (e.isEmpty()) {
                continue;
            }
            places.add(new Change.PlaceChange(e.target, metadataOf(e.added), metadataOf(e.removed), e.notified));
        }
        return new Change(sequence, time, cause, places);
    }

    static List<Metadata> metadataOf(List<StoredItem> items) {
        List<Metadata> out = new ArrayList<>(items.size());
        for (StoredItem s : items) {
            out.add(s.metadata);
        }
        return out;
    }
}
