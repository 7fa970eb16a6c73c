package org.fedmap.ops.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The writer behind the trace and the client messages, against a sink that stands for a disk that
 * has stopped: whoever offers an entry is never held up; what does not fit is dropped and counted.
 */
class LogWriterTest {

    /** A disk that takes the first entry and then hangs until released. */
    private static final class StuckSink implements LogWriter.Sink {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final List<String> written = new CopyOnWriteArrayList<>();
        volatile boolean closed;

        @Override
        public void write(String text) {
            entered.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            written.add(text);
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private static LogWriter<String> writer(int capacity, long memory, StuckSink sink) {
        return new LogWriter<>("test-writer", capacity, memory, String::length, s -> s, sink);
    }

    @Test
    void aFullQueueDropsAndCountsEntriesInsteadOfWaiting() throws Exception {
        StuckSink sink = new StuckSink();
        LogWriter<String> w = writer(2, Long.MAX_VALUE, sink);
        assertTrue(w.offer("first"));
        assertTrue(sink.entered.await(10, TimeUnit.SECONDS), "the writer took the first entry");
        // the writer hangs in the sink; two entries fit in the queue, the rest are dropped
        assertTrue(w.offer("second"));
        assertTrue(w.offer("third"));
        assertFalse(w.offer("fourth"));
        assertFalse(w.offer("fifth"));
        assertEquals(2, w.dropped());
        assertEquals(0, w.written());

        sink.release.countDown();
        w.close();
        assertEquals(List.of("first", "second", "third"), sink.written);
        assertEquals(3, w.written());
        assertEquals(2, w.dropped());
        assertTrue(sink.closed);
    }

    @Test
    void theMemoryBudgetBoundsWhatWaitsAsWellAsTheNumberOfEntries() throws Exception {
        StuckSink sink = new StuckSink();
        LogWriter<String> w = writer(100, 10, sink);
        assertTrue(w.offer("taken at once"), "an entry larger than the budget is taken when nothing waits");
        assertTrue(sink.entered.await(10, TimeUnit.SECONDS));
        assertTrue(w.offer("12345"));
        assertFalse(w.offer("123456"), "5 + 6 bytes exceed the budget of 10");
        assertTrue(w.offer("1234"));
        assertEquals(1, w.dropped());

        sink.release.countDown();
        w.close();
        assertEquals(List.of("taken at once", "12345", "1234"), sink.written);
    }

    @Test
    void anEntryThatCannotBeFormattedCostsOnlyItself() {
        StuckSink sink = new StuckSink();
        sink.release.countDown();
        LogWriter<String> w = new LogWriter<>("test-writer", 10, 1000, String::length, s -> {
            if (s.equals("bad")) {
                throw new IllegalStateException("cannot format");
            }
            return s;
        }, sink);
        w.offer("one");
        w.offer("bad");
        w.offer("two");
        w.close();
        assertEquals(List.of("one", "two"), sink.written);
    }

    @Test
    void afterCloseEntriesAreDroppedAndCounted() {
        StuckSink sink = new StuckSink();
        sink.release.countDown();
        LogWriter<String> w = writer(10, 1000, sink);
        w.close();
        assertFalse(w.offer("late"));
        assertEquals(1, w.dropped());
        assertEquals(List.of(), sink.written);
    }
}
