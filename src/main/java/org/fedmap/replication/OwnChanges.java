package org.fedmap.replication;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.fedmap.engine.Change;
import org.fedmap.engine.Graph;
import org.fedmap.model.Metadata;

/**
 * This server's own changes as replicas pull them: a bounded window of the latest changes to the items
 * published here (a replica's items are never sent on, so a full mesh has no loops), and snapshot parts
 * of those items for a replica too far behind the window or starting afresh. Memory is bounded by the
 * window, never by how slow a replica is: one that falls out of it catches up from a snapshot.
 *
 * <p>Fed by the graph's change feed (in commit order, under the graph's lock, so it only appends); read
 * by the threads answering pulls, which may wait for the next change.
 */
public final class OwnChanges {
    /** One committed change, reduced to the items published here. */
    private record Kept(long sequence, List<Change.PlaceChange> places, int items) {
    }

    private final Graph graph;
    private final String serverId;
    private final int windowItems;
    private final ArrayDeque<Kept> window = new ArrayDeque<>();
    private int itemsInWindow;
    /** Sequence numbers after this one are all in the window (changes without own items leave no entry). */
    private long floor;
    /** The latest sequence number the feed told of. */
    private long latest;
    private boolean closed;
    /** Whether any replica is configured: without one nothing is kept, so nothing is held in memory. */
    private boolean keeping = true;

    /**
     * @param windowItems how many items the window keeps at most (the oldest changes go first)
     */
    public OwnChanges(Graph graph, String serverId, int windowItems) {
        this.graph = graph;
        this.serverId = serverId;
        this.windowItems = windowItems;
        long now = graph.stats().sequence();
        this.floor = now;
        this.latest = now;
        graph.feed().addListener(this::changed);
    }

    private synchronized void changed(Change c) {
        List<Change.PlaceChange> own = new ArrayList<>();
        int items = 0;
        for (Change.PlaceChange p : c.places()) {
            List<Metadata> added = local(p.added());
            List<Metadata> removed = local(p.removed());
            List<Metadata> notified = local(p.notified());
            if (!added.isEmpty() || !removed.isEmpty() || !notified.isEmpty()) {
                own.add(new Change.PlaceChange(p.target(), added, removed, notified));
                items += added.size() + removed.size() + notified.size();
            }
        }
        latest = c.sequence();
        if (!keeping) {
            floor = latest;
        } else if (!own.isEmpty()) {
            window.addLast(new Kept(c.sequence(), own, items));
            itemsInWindow += items;
            while (itemsInWindow > windowItems && window.size() > 1) {
                Kept gone = window.removeFirst();
                itemsInWindow -= gone.items();
                floor = gone.sequence();
            }
        }
        // a change without items of ours is not kept and leaves the floor where it is: every change after
        // the floor that had any is still in the window
        notifyAll();
    }

    private static List<Metadata> local(List<Metadata> items) {
        List<Metadata> out = new ArrayList<>(0);
        for (Metadata m : items) {
            if (m.origin() == null) {
                out.add(m);
            }
        }
        return out;
    }

    /**
     * The answer to a pull: the changes after its sequence number (waiting up to its wait time for one
     * when there is none yet), or a snapshot part when it asks for one or is behind the window.
     */
    public ReplicationMessages.Batch answer(ReplicationMessages.Pull pull) throws InterruptedException {
        if (pull.wantsSnapshot()) {
            return snapshot(pull.cursor(), pull.maxItems());
        }
        List<Change.PlaceChange> places = new ArrayList<>();
        long upTo;
        synchronized (this) {
            if (pull.after() < floor) {
                upTo = -1; // behind the window: start a snapshot
            } else {
                long deadline = System.nanoTime() + pull.waitMillis() * 1_000_000L;
                while (latest <= pull.after() && !closed) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        break;
                    }
                    wait(Math.max(1, left / 1_000_000L));
                }
                upTo = Math.max(pull.after(), latest);
                int items = 0;
                for (Kept k : window) {
                    if (k.sequence() <= pull.after()) {
                        continue;
                    }
                    if (items > 0 && items + k.items() > pull.maxItems()) {
                        upTo = k.sequence() - 1; // the rest in the next pull
                        break;
                    }
                    places.addAll(k.places());
                    items += k.items();
                }
            }
        }
        if (upTo < 0) {
            return snapshot(0, pull.maxItems());
        }
        return new ReplicationMessages.Batch(serverId, false, upTo, 0, false, places);
    }

    /**
     * Keeps changes for replicas, or (when none is configured) keeps none: a replica configured later
     * starts with a snapshot anyway.
     */
    public synchronized void keep(boolean keep) {
        if (keeping && !keep) {
            window.clear();
            itemsInWindow = 0;
            floor = latest;
        }
        keeping = keep;
    }

    /** Answers the pulls that wait at once (the server is stopping) and every later one without waiting. */
    public synchronized void close() {
        closed = true;
        notifyAll();
    }

    private ReplicationMessages.Batch snapshot(long cursor, int max) {
        Graph.OwnItems part = graph.ownItemsFrom(cursor, max);
        return new ReplicationMessages.Batch(serverId, true, part.sequence(), part.cursor(), part.more(), part.places());
    }
}
