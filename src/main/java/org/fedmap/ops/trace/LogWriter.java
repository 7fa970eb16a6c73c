package org.fedmap.ops.trace;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes entries to a sink from one thread of its own, taking them from a queue bounded both in
 * entries and in memory (an entry of the trace holds a whole request and answer). {@link #offer}
 * never waits: when the queue is full the entry is dropped and counted. Entries are formatted on the
 * writer thread, so the thread that offers one pays for neither formatting nor the disk.
 *
 * @param <T> what an entry is made from
 */
final class LogWriter<T> implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LogWriter.class);

    /** Where formatted entries go. Called only from the writer thread. */
    interface Sink {
        void write(String text);

        /** Called whenever the queue is empty: what was written so far reaches the file. */
        default void flush() {
        }

        void close();
    }

    /** An entry and the memory it holds, so the budget is returned when it is written. */
    private record Queued<T>(T item, long weight) {
    }

    private final String name;
    private final BlockingQueue<Queued<T>> queue;
    private final long memoryBudget;
    private final ToLongFunction<T> weight;
    private final Function<T, String> format;
    private final Sink sink;
    private final AtomicLong queuedMemory = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private final Thread thread;
    private volatile boolean closed;

    /**
     * @param name         the writer thread's name, and what log lines call it
     * @param capacity     most entries waiting at once
     * @param memoryBudget most memory (as {@code weight} counts it) waiting at once; one entry larger
     *                     than this is still taken when nothing else waits
     */
    LogWriter(String name, int capacity, long memoryBudget, ToLongFunction<T> weight, Function<T, String> format,
              Sink sink) {
        this.name = name;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.memoryBudget = memoryBudget;
        this.weight = weight;
        this.format = format;
        this.sink = sink;
        this.thread = new Thread(this::run, name);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Queues an entry; false (and counted as dropped) when the queue is full or the writer closed. */
    boolean offer(T item) {
        long w = Math.max(0, weight.applyAsLong(item));
        long after = queuedMemory.addAndGet(w);
        if (closed || (after > memoryBudget && after != w) || !queue.offer(new Queued<>(item, w))) {
            queuedMemory.addAndGet(-w);
            dropped.incrementAndGet();
            return false;
        }
        return true;
    }

    /** Entries dropped because the queue was full (or the writer closed) since the start. */
    long dropped() {
        return dropped.get();
    }

    /** Entries handed to the sink since the start. */
    long written() {
        return written.get();
    }

    private void run() {
        while (!closed || !queue.isEmpty()) {
            Queued<T> next;
            try {
                // a timed wait rather than an interrupt to stop: an interrupt could break the file under the sink
                next = queue.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                continue;
            }
            if (next == null) {
                continue;
            }
            queuedMemory.addAndGet(-next.weight());
            String text;
            try {
                text = format.apply(next.item());
            } catch (RuntimeException e) {
                // a formatting bug must cost one entry, not the writer
                log.warn("{}: an entry could not be formatted: {}", name, e.toString());
                continue;
            }
            try {
                sink.write(text);
                written.incrementAndGet();
                // buffered while more is waiting, written out as soon as nothing is
                if (queue.isEmpty()) {
                    sink.flush();
                }
            } catch (RuntimeException e) {
                log.warn("{}: an entry could not be written: {}", name, e.toString());
            }
        }
    }

    /** Writes what is queued (waiting a few seconds at most), then stops the thread and closes the sink. */
    @Override
    public void close() {
        closed = true;
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!thread.isAlive()) {
            sink.close();
        }
    }
}
