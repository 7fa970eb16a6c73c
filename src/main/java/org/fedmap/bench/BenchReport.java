package org.fedmap.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.awt.Color;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** What a run found: the terminal table, bench-result.json and the PNG charts. */
final class BenchReport {
    static final String JSON = "bench-result.json";
    static final String LATENCY_PNG = "bench-latency.png";
    static final String THROUGHPUT_PNG = "bench-throughput.png";
    private static final double[] PERCENTILES = {50, 90, 99, 99.9, 100};
    private static final String[] PERCENTILE_NAMES = {"p50", "p90", "p99", "p99_9", "max"};

    private final BenchRun.Settings s;
    private final Recorder rec;
    private final double seconds;
    private final double processCpuSeconds;
    private final double benchThreadsCpuSeconds;
    private final ServerProbe.Sample serverStart;
    private final ServerProbe.Sample serverEnd;
    private final ServerMetrics metricsStart;
    private final ServerMetrics metricsEnd;
    private final int unseenExports;

    BenchReport(BenchRun.Settings s, Recorder rec, double seconds, double processCpuSeconds,
                double benchThreadsCpuSeconds, ServerProbe.Sample serverStart, ServerProbe.Sample serverEnd,
                ServerMetrics metricsStart, ServerMetrics metricsEnd, int unseenExports) {
        this.s = s;
        this.rec = rec;
        this.seconds = seconds;
        this.processCpuSeconds = processCpuSeconds;
        this.benchThreadsCpuSeconds = benchThreadsCpuSeconds;
        this.serverStart = serverStart;
        this.serverEnd = serverEnd;
        this.metricsStart = metricsStart;
        this.metricsEnd = metricsEnd;
        this.unseenExports = unseenExports;
    }

    void write(Path dir, PrintWriter out) {
        Map<String, Object> json = json();
        try {
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(dir.resolve(JSON).toFile(), json);
            charts(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        table(out, json);
        out.println("written: " + dir.resolve(JSON) + ", " + dir.resolve(LATENCY_PNG) + ", " + dir.resolve(THROUGHPUT_PNG));
        out.flush();
    }

    private static double ms(long micros) {
        return Math.round(micros / 10.0) / 100.0;
    }

    private Map<String, Object> latency(Histogram h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("count", h.getTotalCount());
        for (int i = 0; i < PERCENTILES.length; i++) {
            m.put(PERCENTILE_NAMES[i], h.getTotalCount() == 0 ? null
                    : ms(i == PERCENTILES.length - 1 ? h.getMaxValue() : h.getValueAtPercentile(PERCENTILES[i])));
        }
        m.put("mean", h.getTotalCount() == 0 ? null : Math.round(h.getMean() / 10.0) / 100.0);
        return m;
    }

    Map<String, Object> json() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("tool", "fedmap bench");
        m.put("finishedAt", Instant.now().toString());
        m.put("commandLine", s.commandLine());
        Map<String, Object> cfg = new LinkedHashMap<>();
        cfg.put("url", s.target().tls() ? "https" : "http");
        cfg.put("ifmapVersion", s.dialect().name());
        cfg.put("gateways", s.gateways());
        cfg.put("controllers", s.controllers());
        cfg.put("rate", s.rate());
        cfg.put("durationSeconds", s.duration());
        cfg.put("warmupSeconds", s.warmup());
        cfg.put("sessions", s.sessions());
        cfg.put("users", s.users());
        cfg.put("lifetime", s.lifetime());
        cfg.put("sessionLifetimeSeconds", s.sessionLifetime());
        cfg.put("cores", Runtime.getRuntime().availableProcessors());
        m.put("config", cfg);
        m.put("measuredSeconds", Math.round(seconds * 1000) / 1000.0);
        long exports = rec.exports.sum();
        long searches = rec.searches.sum();
        m.put("exports", exports);
        m.put("exportsPerSecond", Math.round(exports / seconds * 10) / 10.0);
        m.put("searches", searches);
        m.put("searchesPerSecond", Math.round(searches / seconds * 10) / 10.0);
        m.put("notifications", rec.notifications.sum());
        m.put("exportsNotSeenByAController", unseenExports);
        m.put("sessionEnds", rec.logouts.sum());
        m.put("renewals", rec.renewals.sum());
        Map<String, Object> lat = new LinkedHashMap<>();
        rec.latency.forEach((op, h) -> lat.put(op, latency(h)));
        m.put("latencyMs", lat);
        Map<String, Long> errors = new TreeMap<>();
        rec.errors.forEach((k, v) -> errors.put(k, v.sum()));
        m.put("errors", errors);
        m.put("errorCount", errors.values().stream().mapToLong(Long::longValue).sum());
        Map<String, Object> client = new LinkedHashMap<>();
        client.put("processCpuSeconds", processCpuSeconds < 0 ? null : Math.round(processCpuSeconds * 100) / 100.0);
        client.put("benchThreadsCpuSeconds", Math.round(benchThreadsCpuSeconds * 100) / 100.0);
        m.put("client", client);
        if (serverStart != null && serverEnd != null) {
            Map<String, Object> server = new LinkedHashMap<>();
            server.put("source", "/proc (OS-level: resident memory, not heap)");
            server.put("pid", serverStart.pid());
            server.put("rssKbStart", serverStart.rssKb());
            server.put("rssKbEnd", serverEnd.rssKb());
            server.put("threadsStart", serverStart.threads());
            server.put("threadsEnd", serverEnd.threads());
            double cpu = serverEnd.cpuSeconds() - serverStart.cpuSeconds();
            double wall = (serverEnd.nanoTime() - serverStart.nanoTime()) / 1e9;
            server.put("cpuSeconds", Math.round(cpu * 100) / 100.0);
            server.put("cpuCoresAverage", wall <= 0 ? null : Math.round(cpu / wall * 100) / 100.0);
            server.put("cpuMillisPerExport", exports == 0 ? null : Math.round(cpu * 1000 / exports * 1000) / 1000.0);
            m.put("server", server);
        }
        if (metricsEnd != null) {
            m.put("serverMetrics", serverMetrics());
        }
        List<Map<String, Object>> perSecond = new ArrayList<>();
        int last = (int) Math.ceil(seconds);
        for (int i = 0; i < Math.min(last, rec.exportsPerSecond.length()); i++) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("second", i);
            row.put("exports", rec.exportsPerSecond.get(i));
            row.put("searches", rec.searchesPerSecond.get(i));
            row.put("notifications", rec.notificationsPerSecond.get(i));
            perSecond.add(row);
        }
        m.put("perSecond", perSecond);
        return m;
    }

    /**
     * The server's own figures at the end of the measured window (and at its start where a change
     * says more). Heap per federated session divides the live data the last collection left by the
     * access-requests in the graph, so it counts what the sessions keep, not garbage not yet collected.
     */
    private static Object orDash(Object v) {
        return v == null ? "-" : v;
    }

    private static String mb(Object bytes) {
        return bytes instanceof Number n ? String.valueOf(Math.round(n.doubleValue() / (1 << 20))) : "-";
    }

    private Map<String, Object> serverMetrics() {
        Map<String, Object> sm = new LinkedHashMap<>();
        sm.put("source", String.valueOf(s.metricsUrl()));
        double heapUsed = metricsEnd.sum("jvm_memory_used_bytes", "area=\"heap\"");
        double heapMax = metricsEnd.sum("jvm_memory_max_bytes", "area=\"heap\"");
        double liveData = metricsEnd.sum("jvm_gc_live_data_size_bytes");
        double federated = metricsEnd.sum("fedmap_graph_access_requests");
        sm.put("heapUsedBytes", number(heapUsed));
        sm.put("heapMaxBytes", number(heapMax));
        sm.put("liveDataAfterGcBytes", number(liveData));
        sm.put("federatedSessions", number(federated));
        sm.put("metadataItems", number(metricsEnd.sum("fedmap_graph_metadata")));
        // live data is known only once an old-generation collection ran; heap used includes garbage
        sm.put("heapBytesPerFederatedSession", federated > 0 && liveData > 0 ? number(Math.round(liveData / federated))
                : null);
        sm.put("heapUsedBytesPerFederatedSession", federated > 0 && heapUsed > 0
                ? number(Math.round(heapUsed / federated)) : null);
        sm.put("ifmapSessions", number(metricsEnd.sum("fedmap_sessions")));
        sm.put("pendingPolls", number(metricsEnd.sum("fedmap_polls_pending")));
        sm.put("liveThreads", number(metricsEnd.sum("jvm_threads_live_threads")));
        sm.put("peakThreads", number(metricsEnd.sum("jvm_threads_peak_threads")));
        sm.put("processCpuUsage", number(metricsEnd.sum("process_cpu_usage")));
        if (metricsStart != null) {
            sm.put("federatedSessionsAtStart", number(metricsStart.sum("fedmap_graph_access_requests")));
            sm.put("liveThreadsAtStart", number(metricsStart.sum("jvm_threads_live_threads")));
        }
        return sm;
    }

    private static Object number(double v) {
        if (Double.isNaN(v)) {
            return null;
        }
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? (Object) (long) v : (Object) (Math.round(v * 1000) / 1000.0);
    }

    @SuppressWarnings("unchecked")
    private void table(PrintWriter out, Map<String, Object> json) {
        out.println();
        out.printf("%-14s %10s %10s %10s %10s %10s %10s%n", "operation", "count", "p50 ms", "p90 ms", "p99 ms",
                "p99.9 ms", "max ms");
        Map<String, Object> lat = (Map<String, Object>) json.get("latencyMs");
        for (Map.Entry<String, Object> e : lat.entrySet()) {
            Map<String, Object> l = (Map<String, Object>) e.getValue();
            out.printf("%-14s %10d %10s %10s %10s %10s %10s%n", e.getKey(), (Long) l.get("count"), f(l.get("p50")),
                    f(l.get("p90")), f(l.get("p99")), f(l.get("p99_9")), f(l.get("max")));
        }
        out.println();
        out.printf("exports/s %s (target %s), searches/s %s, notifications %s, session ends %s, measured %s s%n",
                json.get("exportsPerSecond"), s.rate() > 0 ? s.rate() : "max", json.get("searchesPerSecond"),
                json.get("notifications"), json.get("sessionEnds"), json.get("measuredSeconds"));
        out.printf("errors %s %s%n", json.get("errorCount"), json.get("errors"));
        Map<String, Object> client = (Map<String, Object>) json.get("client");
        out.printf("bench CPU: %s s in bench threads, %s s whole process%n", client.get("benchThreadsCpuSeconds"),
                client.get("processCpuSeconds"));
        if (json.containsKey("server")) {
            Map<String, Object> sv = (Map<String, Object>) json.get("server");
            out.printf("server pid %s (from /proc, measured window): RSS %s -> %s MB, threads %s -> %s, CPU %s s"
                    + " (%s cores average, %s ms per export)%n", sv.get("pid"), (Long) sv.get("rssKbStart") / 1024,
                    (Long) sv.get("rssKbEnd") / 1024, sv.get("threadsStart"), sv.get("threadsEnd"), sv.get("cpuSeconds"),
                    sv.get("cpuCoresAverage"), sv.get("cpuMillisPerExport"));
        }
        if (json.containsKey("serverMetrics")) {
            Map<String, Object> sm = (Map<String, Object>) json.get("serverMetrics");
            out.printf("server metrics: heap used %s MB (live after GC %s MB, max %s MB), %s federated sessions"
                    + " (%s bytes of live heap each, %s of used heap), %s IF-MAP sessions, %s pending polls,"
                    + " %s threads (peak %s)%n",
                    mb(sm.get("heapUsedBytes")), mb(sm.get("liveDataAfterGcBytes")), mb(sm.get("heapMaxBytes")),
                    sm.get("federatedSessions"), orDash(sm.get("heapBytesPerFederatedSession")),
                    orDash(sm.get("heapUsedBytesPerFederatedSession")), sm.get("ifmapSessions"),
                    sm.get("pendingPolls"), sm.get("liveThreads"), sm.get("peakThreads"));
        }
    }

    private static String f(Object v) {
        return v == null ? "-" : String.format("%.2f", ((Number) v).doubleValue());
    }

    private void charts(Path dir) throws IOException {
        XYChart lat = new XYChartBuilder().width(900).height(560).title("fedmap bench: latency by percentile")
                .xAxisTitle("percentile (log scale of 1/(1-p): 10 = p90, 100 = p99, 1000 = p99.9)")
                .yAxisTitle("latency ms").build();
        lat.getStyler().setXAxisLogarithmic(true);
        lat.getStyler().setYAxisLogarithmic(true);
        lat.getStyler().setChartBackgroundColor(Color.WHITE);
        boolean any = false;
        for (Map.Entry<String, Histogram> e : rec.latency.entrySet()) {
            Histogram h = e.getValue();
            if (h.getTotalCount() == 0) {
                continue;
            }
            List<Double> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            for (int i = 0; i <= 50; i++) {
                double p = 1 - Math.pow(10, -i / 10.0);
                if (p * 100 > 99.9999) {
                    break;
                }
                xs.add(1 / (1 - p));
                ys.add(Math.max(0.001, h.getValueAtPercentile(p * 100) / 1000.0));
            }
            XYSeries series = lat.addSeries(e.getKey(), xs, ys);
            series.setMarker(SeriesMarkers.NONE);
            any = true;
        }
        if (!any) {
            lat.addSeries("no samples", new double[] {1}, new double[] {1});
        }
        BitmapEncoder.saveBitmap(lat, dir.resolve(LATENCY_PNG).toString(), BitmapEncoder.BitmapFormat.PNG);

        XYChart tput = new XYChartBuilder().width(900).height(560).title("fedmap bench: throughput per second")
                .xAxisTitle("second of the measurement").yAxisTitle("per second").build();
        tput.getStyler().setChartBackgroundColor(Color.WHITE);
        int n = Math.max(1, Math.min((int) Math.ceil(seconds), rec.exportsPerSecond.length()));
        double[] x = new double[n];
        double[] e = new double[n];
        double[] sr = new double[n];
        double[] no = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = i;
            e[i] = rec.exportsPerSecond.get(i);
            sr[i] = rec.searchesPerSecond.get(i);
            no[i] = rec.notificationsPerSecond.get(i);
        }
        tput.addSeries("exports", x, e).setMarker(SeriesMarkers.NONE);
        tput.addSeries("searches", x, sr).setMarker(SeriesMarkers.NONE);
        tput.addSeries("notifications", x, no).setMarker(SeriesMarkers.NONE);
        BitmapEncoder.saveBitmap(tput, dir.resolve(THROUGHPUT_PNG).toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    static long sum(LongAdder a) {
        return a.sum();
    }
}
