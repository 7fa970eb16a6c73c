package org.fedmap.ops.trace;

import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.fedmap.wire.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The IF-MAP server trace: every request and answer of the traced clients, with its facts and its XML
 * indented, in {@code DATA/logs/ifmap-trace.log}. Off unless switched on ({@link #switchTo}); while
 * off, an exchange costs one volatile read here. Entries are written by a thread of its own from a
 * bounded queue; when the disk cannot keep up, entries are dropped and counted ({@link #dropped}),
 * never waited for.
 */
public final class XmlTrace implements Consumer<Exchange>, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(XmlTrace.class);

    /** The trace file's name under DATA/logs. */
    public static final String FILE_NAME = "ifmap-trace.log";

    /** Most exchanges waiting to be written, whatever their size. */
    private static final int QUEUE_ENTRIES = 10_000;

    private final RollingLogFile file;
    private final LogWriter<Exchange> writer;
    private volatile TraceState state = TraceState.OFF;

    /**
     * @param logsDir     DATA/logs
     * @param queueMemory most bytes of requests and answers waiting to be written; beyond it entries are dropped
     */
    public XmlTrace(Path logsDir, LogFileLimits limits, long queueMemory) {
        this.file = new RollingLogFile(logsDir.resolve(FILE_NAME), limits);
        ZoneId zone = ZoneId.systemDefault();
        this.writer = new LogWriter<>("fedmap-trace-writer", QUEUE_ENTRIES, queueMemory, TraceEntry::weight,
                e -> TraceEntry.format(e, zone), file);
    }

    @Override
    public void accept(Exchange exchange) {
        TraceState s = state;
        if (s == TraceState.OFF || !s.traces(exchange.client())) {
            return;
        }
        writer.offer(exchange);
    }

    /** Switches the trace to {@code next}, logging the change. */
    public synchronized void switchTo(TraceState next) {
        TraceState normalized = next.isOff() ? TraceState.OFF : next;
        if (normalized.equals(state)) {
            return;
        }
        state = normalized;
        if (normalized.isOff()) {
            log.info("IF-MAP trace off ({} entries written, {} dropped since the start)", writer.written(),
                    writer.dropped());
        } else {
            log.info("IF-MAP trace {}: requests and answers go to {}. It slows the server down; switch it off"
                    + " with: fedmap trace off", normalized.describe(), file.file());
        }
    }

    /**
     * Reads the switch where {@code fedmap trace} keeps it and follows it. Reading and switching happen
     * under one lock, so of two calls racing after two quick changes the later one always applies the
     * newer state. A setting this version cannot read switches the trace off.
     */
    public synchronized void follow(Supplier<Optional<String>> setting) {
        TraceState next;
        try {
            next = setting.get().map(TraceState::fromSetting).orElse(TraceState.OFF);
        } catch (IllegalArgumentException e) {
            log.warn("IF-MAP trace off: {}", e.getMessage());
            next = TraceState.OFF;
        }
        switchTo(next);
    }

    public TraceState state() {
        return state;
    }

    /** The active trace file. */
    public Path file() {
        return file.file();
    }

    /** Entries dropped because the queue was full, since the server started (for fedmap_trace_dropped). */
    public long dropped() {
        return writer.dropped();
    }

    /** Entries written since the server started. */
    public long written() {
        return writer.written();
    }

    /** Writes what is queued, then closes the file. */
    @Override
    public void close() {
        writer.close();
    }
}
