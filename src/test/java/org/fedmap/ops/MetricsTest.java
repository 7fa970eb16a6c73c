package org.fedmap.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.fedmap.engine.Journal;
import org.junit.jupiter.api.Test;

/** The meters other parts feed: IF-MAP requests, trace drops, store commits, and health following them. */
class MetricsTest {
    /** The value of the sample line that starts with {@code series} (name and labels as written). */
    private static double sample(String scrape, String series) {
        return scrape.lines().filter(l -> l.startsWith(series + " ")).findFirst()
                .map(l -> Double.parseDouble(l.substring(series.length() + 1).trim()))
                .orElseThrow(() -> new AssertionError(series + " not in\n" + scrape));
    }

    @Test
    void requestsAreTimedByVersionOperationAndResultInAHistogram() {
        try (Metrics metrics = new Metrics()) {
            metrics.recordRequest("2", "publish", "ok", TimeUnit.MILLISECONDS.toNanos(3));
            metrics.recordRequest("2", "publish", "ok", TimeUnit.MILLISECONDS.toNanos(5));
            metrics.recordRequest("1.1", "search", "SearchResultsTooBig", TimeUnit.MILLISECONDS.toNanos(2));
            String s = metrics.scrape();
            assertEquals(2, sample(s, "fedmap_requests_seconds_count{operation=\"publish\",result=\"ok\",version=\"2\"}"));
            assertEquals(0.008, sample(s, "fedmap_requests_seconds_sum{operation=\"publish\",result=\"ok\",version=\"2\"}"),
                    1e-9);
            assertEquals(1, sample(s, "fedmap_requests_seconds_count{operation=\"search\","
                    + "result=\"SearchResultsTooBig\",version=\"1.1\"}"));
            assertEquals(2, sample(s, "fedmap_requests_seconds_bucket{operation=\"publish\",result=\"ok\",version=\"2\","
                    + "le=\"+Inf\"}"));
            assertTrue(s.contains("# TYPE fedmap_requests_seconds histogram"), s);
        }
    }

    @Test
    void traceDropsAreACounterReadFromTheTrace() {
        AtomicLong dropped = new AtomicLong();
        try (Metrics metrics = new Metrics()) {
            metrics.registerTraceDrops(dropped::get);
            dropped.set(3);
            assertEquals(3, sample(metrics.scrape(), "fedmap_trace_dropped_total"));
        }
    }

    @Test
    void aFailedDurableWriteIsTimedAndMakesTheServerUnhealthyUntilOneSucceeds() {
        boolean[] fail = {true};
        Journal store = entry -> {
            if (fail[0]) {
                throw new IllegalStateException("disk full");
            }
        };
        try (Metrics metrics = new Metrics()) {
            StoreCommits commits = new StoreCommits(store, metrics);
            assertThrows(IllegalStateException.class, () -> commits.write(new Journal.Entry(1, List.of(), List.of(), List.of(), List.of())));
            assertEquals("the last durable write failed: disk full", commits.problem());
            Health.Result down = new Health(List.of(() -> null, commits::problem)).check();
            assertEquals(new Health.Result(false, "the last durable write failed: disk full"), down);
            assertEquals(503, down.httpStatus());

            fail[0] = false;
            commits.write(new Journal.Entry(2, List.of(), List.of(), List.of(), List.of()));
            assertNull(commits.problem());
            assertEquals(200, new Health(List.of(commits::problem)).check().httpStatus());
            String s = metrics.scrape();
            assertEquals(1, sample(s, "fedmap_store_commit_seconds_count{result=\"failed\"}"));
            assertEquals(1, sample(s, "fedmap_store_commit_seconds_count{result=\"ok\"}"));
        }
    }
}
