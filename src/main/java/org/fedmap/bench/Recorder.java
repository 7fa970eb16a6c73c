package org.fedmap.bench;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/** What a run measured: latency histograms (microseconds), per-second counts, errors by kind. */
final class Recorder {
    static final String PUBLISH = "publish";
    static final String SEARCH = "search";
    static final String NOTIFICATION = "notification";
    static final String LOGOUT = "sessionEnd";

    final Map<String, Histogram> latency = new java.util.LinkedHashMap<>();
    final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
    /** Per second since the start of measuring: exports, searches, notifications. */
    final AtomicLongArray exportsPerSecond;
    final AtomicLongArray searchesPerSecond;
    final AtomicLongArray notificationsPerSecond;
    final LongAdder exports = new LongAdder();
    final LongAdder searches = new LongAdder();
    final LongAdder notifications = new LongAdder();
    final LongAdder logouts = new LongAdder();
    final LongAdder renewals = new LongAdder();
    volatile long measureStartNanos;

    Recorder(int seconds) {
        for (String op : new String[] {PUBLISH, SEARCH, NOTIFICATION, LOGOUT}) {
            latency.put(op, new ConcurrentHistogram(3));
        }
        exportsPerSecond = new AtomicLongArray(seconds + 1);
        searchesPerSecond = new AtomicLongArray(seconds + 1);
        notificationsPerSecond = new AtomicLongArray(seconds + 1);
    }

    boolean measuring(long nanos) {
        return nanos >= measureStartNanos;
    }

    void record(String op, long fromNanos, long toNanos) {
        if (!measuring(fromNanos)) {
            return;
        }
        latency.get(op).recordValue(Math.max(0, (toNanos - fromNanos) / 1000));
        AtomicLongArray perSecond;
        LongAdder count;
        switch (op) {
            case PUBLISH:
                perSecond = exportsPerSecond;
                count = exports;
                break;
            case SEARCH:
                perSecond = searchesPerSecond;
                count = searches;
                break;
            case NOTIFICATION:
                perSecond = notificationsPerSecond;
                count = notifications;
                break;
            default:
                logouts.increment();
                return;
        }
        count.increment();
        int second = (int) ((toNanos - measureStartNanos) / 1_000_000_000L);
        if (second >= 0 && second < perSecond.length()) {
            perSecond.incrementAndGet(second);
        }
    }

    void error(String kind) {
        errors.computeIfAbsent(kind, k -> new LongAdder()).increment();
    }

    long errorCount() {
        return errors.values().stream().mapToLong(LongAdder::sum).sum();
    }
}
