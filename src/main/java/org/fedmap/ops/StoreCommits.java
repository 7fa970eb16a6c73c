package org.fedmap.ops;

import org.fedmap.engine.Journal;

/**
 * The graph's journal as operations see it: times every durable write ({@code fedmap_store_commit_seconds})
 * and remembers whether the last one failed, which makes the server unhealthy until a write succeeds
 * again. The engine knows nothing of this; the server hands the graph this wrapper instead of the store.
 */
public final class StoreCommits implements Journal {
    private final Journal store;
    private final Metrics metrics;
    private volatile String lastFailure;

    public StoreCommits(Journal store, Metrics metrics) {
        this.store = store;
        this.metrics = metrics;
    }

    @Override
    public void write(Entry entry) {
        long started = System.nanoTime();
        try {
            store.write(entry);
        } catch (RuntimeException e) {
            metrics.recordCommit(System.nanoTime() - started, false);
            lastFailure = e.getMessage() == null ? e.toString() : e.getMessage();
            throw e;
        }
        metrics.recordCommit(System.nanoTime() - started, true);
        lastFailure = null;
    }

    /** Null while the last durable write succeeded (or none was made); else what went wrong. */
    public String problem() {
        String failure = lastFailure;
        return failure == null ? null : "the last durable write failed: " + failure;
    }
}
