package org.fedmap.engine;

import java.util.ArrayList;
import java.util.List;

/** A doubly linked chain of stored items threaded through the items themselves. */
final class ItemChain {
    private final boolean bySession;
    private StoredItem head;
    private int size;

    private ItemChain(boolean bySession) {
        this.bySession = bySession;
    }

    static ItemChain byPublisher() {
        return new ItemChain(false);
    }

    static ItemChain bySession() {
        return new ItemChain(true);
    }

    int size() {
        return size;
    }

    void add(StoredItem s) {
        StoredItem oldHead = head;
        setPrev(s, null);
        setNext(s, oldHead);
        if (oldHead != null) {
            setPrev(oldHead, s);
        }
        head = s;
        size++;
    }

    void remove(StoredItem s) {
        StoredItem prev = prev(s);
        StoredItem next = next(s);
        if (prev == null) {
            head = next;
        } else {
            setNext(prev, next);
        }
        if (next != null) {
            setPrev(next, prev);
        }
        setPrev(s, null);
        setNext(s, null);
        size--;
    }

    /** A snapshot, so callers may remove items while walking it. */
    List<StoredItem> items() {
        List<StoredItem> out = new ArrayList<>(size);
        for (StoredItem s = head; s != null; s = next(s)) {
            out.add(s);
        }
        return out;
    }

    private StoredItem next(StoredItem s) {
        return bySession ? s.sessionNext : s.publisherNext;
    }

    private StoredItem prev(StoredItem s) {
        return bySession ? s.sessionPrev : s.publisherPrev;
    }

    private void setNext(StoredItem s, StoredItem n) {
        if (bySession) {
            s.sessionNext = n;
        } else {
            s.publisherNext = n;
        }
    }

    private void setPrev(StoredItem s, StoredItem p) {
        if (bySession) {
            s.sessionPrev = p;
        } else {
            s.publisherPrev = p;
        }
    }
}
