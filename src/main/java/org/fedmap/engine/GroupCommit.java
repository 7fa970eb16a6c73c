package org.fedmap.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.fedmap.model.ErrorCode;
import org.fedmap.model.IfmapException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Funnels publish requests through one writer thread, which applies whatever has queued up as one
 * group ({@link Graph#publishAll}): while one disk sync runs, the next group gathers, so durability
 * costs one sync per group instead of one per request. No caller thread waits; each gets a future.
 */
public final class GroupCommit implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);

    /** Most requests in one group: bounds the time the write lock is held and a journal transaction's size. */
    static final int MAX_GROUP = 512;

    private record Pending(PublishBatch batch, CompletableFuture<Change> outcome) {
    }

    private final Graph graph;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    private volatile boolean closed;

    public GroupCommit(Graph graph) {
        this.graph = graph;
        this.writer = new Thread(this::run, "fedmap-group-commit");
        this.writer.setDaemon(true);
        this.writer.start();
    }

    /**
     * Queues a publish request. The future completes with its committed change once that is durable,
     * or exceptionally with the {@link IfmapException} that refused it.
     */
    public CompletableFuture<Change> submit(PublishBatch batch) {
        CompletableFuture<Change> outcome = new CompletableFuture<>();
        if (closed) {
            outcome.completeExceptionally(new IfmapException(ErrorCode.SystemError, "the server is stopping"));
            return outcome;
        }
        queue.add(new Pending(batch, outcome));
        return outcome;
    }

    private void run() {
        List<Pending> group = new ArrayList<>(MAX_GROUP);
        while (!closed || !queue.isEmpty()) {
            Pending first;
            try {
                // a timed wait rather than an interrupt to stop: an interrupt would close the store's
                // file channels under the journal's feet
                first = queue.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                continue;
            }
            if (first == null) {
                continue;
            }
            group.add(first);
            queue.drainTo(group, MAX_GROUP - 1);
            List<PublishBatch> batches = new ArrayList<>(group.size());
            for (Pending p : group) {
                batches.add(p.batch());
            }
            try {
                List<Object> outcomes = graph.publishAll(batches);
                for (int i = 0; i < group.size(); i++) {
                    Object o = outcomes.get(i);
                    if (o instanceof Change c) {
                        group.get(i).outcome().complete(c);
                    } else {
                        group.get(i).outcome().completeExceptionally((Throwable) o);
                    }
                }
            } catch (RuntimeException e) {
                log.error("a group of {} publish requests failed", group.size(), e);
                for (Pending p : group) {
                    p.outcome().completeExceptionally(new IfmapException(ErrorCode.SystemError,
                            "the publish could not be applied", e));
                }
            }
            group.clear();
        }
        for (Pending p = queue.poll(); p != null; p = queue.poll()) {
            p.outcome().completeExceptionally(new IfmapException(ErrorCode.SystemError, "the server is stopping"));
        }
    }

    /** Finishes the requests already queued, then stops the writer. */
    @Override
    public void close() {
        closed = true;
        try {
            writer.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
