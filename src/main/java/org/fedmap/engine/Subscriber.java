package org.fedmap.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fedmap.model.ProtocolVersion;

/**
 * A session's subscriptions and the poll results waiting for it. The graph appends results as
 * changes commit and calls {@code wakeUp} (outside its lock) when results become available; the
 * session answers its pending poll from {@link Graph#poll}.
 */
public final class Subscriber {
    final ProtocolVersion version;
    final long maxPollResultSize;
    private final Runnable wakeUp;
    /** By name; guarded by the graph's write lock. */
    final Map<String, Subscription> subscriptions = new LinkedHashMap<>();

    // pending results and their estimated sizes; guarded by this
    private final List<Pending> pending = new ArrayList<>();
    private long pendingSize;
    private boolean overflowed;

    Subscriber(ProtocolVersion version, long maxPollResultSize, Runnable wakeUp) {
        this.version = version;
        this.maxPollResultSize = maxPollResultSize;
        this.wakeUp = wakeUp;
    }

    public synchronized boolean hasResults() {
        return overflowed || !pending.isEmpty();
    }

    /** Number of subscriptions (a snapshot; for status views). */
    public int subscriptionCount() {
        return subscriptions.size();
    }

    /**
     * Queues an entry, merging it into the previous one when that is of the same kind for the same
     * subscription. Returns true when the queue went from empty to non-empty (a poll may be waiting).
     */
    synchronized boolean append(PollEntry entry, long size) {
        boolean wasEmpty = !hasResults();
        if (overflowed) {
            return false;
        }
        pendingSize += size;
        if (pendingSize > maxPollResultSize) {
            // the client could never receive this: keep nothing but the fact (PollResultsTooBig)
            overflowed = true;
            pending.clear();
            pendingSize = 0;
            return wasEmpty;
        }
        if (entry.kind() == PollEntry.Kind.SEARCH) {
            // a complete result supersedes an older complete result of the same subscription (IF-MAP 1.1)
            removeIf(p -> p.entry.kind() == PollEntry.Kind.SEARCH && p.entry.subscription().equals(entry.subscription()));
        }
        int last = pending.size() - 1;
        if (last >= 0 && entry.kind() != PollEntry.Kind.ERROR && entry.kind() != PollEntry.Kind.SEARCH) {
            Pending prev = pending.get(last);
            if (prev.entry.kind() == entry.kind() && prev.entry.subscription().equals(entry.subscription())) {
                List<ResultItem> merged = new ArrayList<>(prev.entry.items().size() + entry.items().size());
                merged.addAll(prev.entry.items());
                merged.addAll(entry.items());
                pending.set(last, new Pending(new PollEntry(entry.kind(), entry.subscription(), merged, null, null),
                        prev.size + size));
                return wasEmpty;
            }
        }
        pending.add(new Pending(entry, size));
        return wasEmpty;
    }

    /** Drops queued entries of one subscription (it was replaced or deleted). */
    synchronized void forget(String subscription) {
        removeIf(p -> p.entry.subscription().equals(subscription));
    }

    private void removeIf(java.util.function.Predicate<Pending> which) {
        pending.removeIf(p -> {
            if (which.test(p)) {
                pendingSize -= p.size;
                return true;
            }
            return false;
        });
    }

    private record Pending(PollEntry entry, long size) {
    }

    /** Takes everything queued; {@code null} when nothing is. */
    synchronized Taken take() {
        if (overflowed) {
            overflowed = false;
            return new Taken(null, true);
        }
        if (pending.isEmpty()) {
            return null;
        }
        List<PollEntry> out = new ArrayList<>(pending.size());
        for (Pending p : pending) {
            out.add(p.entry);
        }
        pending.clear();
        pendingSize = 0;
        return new Taken(new PollResult(out), false);
    }

    record Taken(PollResult result, boolean overflowed) {
    }

    void wakeUp() {
        wakeUp.run();
    }
}
