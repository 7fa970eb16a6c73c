package org.fedmap.ops;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.ToDoubleFunction;
import org.fedmap.engine.Graph;
import org.fedmap.session.Sessions;

/**
 * The server's meters, exposed in Prometheus text format at {@code GET /metrics}: the JVM (memory, GC
 * including live data size, threads, classes, CPU, file descriptors, uptime), IF-MAP sessions and
 * waiting polls, graph sizes, store commit latency, IF-MAP requests, and dropped trace entries.
 *
 * <p>Micrometer names are dotted; Prometheus shows them with underscores and unit suffixes
 * ({@code fedmap.requests} becomes {@code fedmap_requests_seconds_bucket}, ..._count, ..._sum).
 */
public final class Metrics implements AutoCloseable {
    /** What {@link #scrape()} returns: the Prometheus text exposition format. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    // Buckets between these bounds: an IF-MAP answer or a disk sync takes from about a millisecond to
    // seconds; a poll may wait for minutes.
    private static final Duration SHORTEST = Duration.ofMillis(1);
    private static final Duration LONGEST = Duration.ofMinutes(5);

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final Timer commitsOk;
    private final Timer commitsFailed;
    private final java.util.concurrent.ConcurrentHashMap<String, Timer> requestTimers =
            new java.util.concurrent.ConcurrentHashMap<>();

    public Metrics() {
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        commitsOk = commitTimer("ok");
        commitsFailed = commitTimer("failed");
    }

    private Timer commitTimer(String result) {
        return Timer.builder("fedmap.store.commit")
                .description("Durable writes of published metadata to the store, each ending with a disk sync")
                .tag("result", result)
                .publishPercentileHistogram()
                .minimumExpectedValue(SHORTEST)
                .maximumExpectedValue(LONGEST)
                .register(registry);
    }

    /** IF-MAP sessions and the polls waiting for results. */
    public void watch(Sessions sessions) {
        gauge("fedmap.sessions", "IF-MAP sessions", sessions, Sessions::count);
        gauge("fedmap.polls.pending", "Polls waiting for results", sessions, Sessions::pendingPolls);
    }

    /** Graph sizes, from the graph's counters (a scrape walks nothing). */
    public void watch(Graph graph) {
        gauge("fedmap.graph.identifiers", "Identifiers in the graph", graph, g -> g.stats().identifiers());
        gauge("fedmap.graph.links", "Links in the graph", graph, g -> g.stats().links());
        gauge("fedmap.graph.metadata", "Metadata items in the graph", graph, g -> g.stats().metadata());
        gauge("fedmap.graph.access.requests", "Access-request identifiers: the federated sessions published",
                graph, g -> g.stats().accessRequests());
    }

    private <T> void gauge(String name, String description, T source, ToDoubleFunction<T> value) {
        // strong: the server holds these parts anyway, and a weakly held gauge silently reads NaN
        Gauge.builder(name, source, value).description(description).strongReference(true).register(registry);
    }

    /**
     * Records one IF-MAP request: its protocol version ("1.1", "2"), operation (e.g. "publish") and
     * result ("ok" or the error code), and how long it took. Tag values should come from small fixed
     * sets: every combination is its own series.
     */
    public void recordRequest(String version, String operation, String result, long nanos) {
        // a look-up in a map of our own: building and registering a Timer per request cost more than the request's
        // own accounting
        requestTimers.computeIfAbsent(version + '|' + operation + '|' + result, key -> Timer.builder("fedmap.requests")
                .description("IF-MAP requests by protocol version, operation and result")
                .tags("version", version, "operation", operation, "result", result)
                .publishPercentileHistogram()
                .minimumExpectedValue(SHORTEST)
                .maximumExpectedValue(LONGEST)
                .register(registry))
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    /** Trace entries dropped because the trace writer fell behind ({@code fedmap_trace_dropped_total}). */
    public void registerTraceDrops(LongSupplier dropped) {
        FunctionCounter.builder("fedmap.trace.dropped", dropped, d -> d.getAsLong())
                .description("XML trace entries dropped because the trace writer fell behind")
                .register(registry);
    }

    void recordCommit(long nanos, boolean ok) {
        (ok ? commitsOk : commitsFailed).record(nanos, TimeUnit.NANOSECONDS);
    }

    /** For meters of other parts. */
    public MeterRegistry registry() {
        return registry;
    }

    /** Every meter, in the Prometheus text format ({@link #CONTENT_TYPE}). */
    public String scrape() {
        return registry.scrape();
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
