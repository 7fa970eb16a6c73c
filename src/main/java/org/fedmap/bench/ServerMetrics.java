package org.fedmap.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLSocketFactory;

/**
 * The server's own figures, read from its Prometheus text endpoint (fedmap: {@code /metrics} on the
 * admin listener): heap, live data after GC, threads, CPU, sessions and graph sizes. The bench
 * reads only the exposition format, so any server that exports the same meter names can be measured.
 */
final class ServerMetrics {
    /** One sample line: metric name, its labels as written ({@code k="v",...}, may be empty), value. */
    record Sample(String name, String labels, double value) {
    }

    private final List<Sample> samples;
    final long nanoTime;

    private ServerMetrics(List<Sample> samples, long nanoTime) {
        this.samples = samples;
        this.nanoTime = nanoTime;
    }

    /** Fetches and parses the exposition; null (and a line on {@code warn}) when it cannot be read. */
    static ServerMetrics fetch(URI url, SSLSocketFactory tls, int timeoutMillis, java.io.PrintWriter warn) {
        try {
            HttpURLConnection c = (HttpURLConnection) url.toURL().openConnection();
            if (c instanceof HttpsURLConnection https && tls != null) {
                https.setSSLSocketFactory(tls);
            }
            c.setConnectTimeout(timeoutMillis);
            c.setReadTimeout(timeoutMillis);
            if (c.getResponseCode() != 200) {
                warn.println("fedmap bench: " + url + " answered HTTP " + c.getResponseCode() + "; no server metrics");
                return null;
            }
            try (InputStream in = c.getInputStream()) {
                return new ServerMetrics(parse(new String(in.readAllBytes(), StandardCharsets.UTF_8)), System.nanoTime());
            }
        } catch (IOException | RuntimeException e) {
            warn.println("fedmap bench: cannot read server metrics from " + url + ": " + e.getMessage());
            return null;
        }
    }

    static List<Sample> parse(String text) {
        List<Sample> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            line = line.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String name;
            String labels = "";
            String rest;
            int brace = line.indexOf('{');
            int space = line.indexOf(' ');
            if (brace >= 0 && (space < 0 || brace < space)) {
                int close = line.lastIndexOf('}');
                if (close < brace) {
                    continue;
                }
                name = line.substring(0, brace);
                labels = line.substring(brace + 1, close);
                rest = line.substring(close + 1).strip();
            } else if (space > 0) {
                name = line.substring(0, space);
                rest = line.substring(space + 1).strip();
            } else {
                continue;
            }
            int end = rest.indexOf(' ');
            String value = end < 0 ? rest : rest.substring(0, end); // a timestamp may follow
            try {
                out.add(new Sample(name, labels, Double.parseDouble(value)));
            } catch (NumberFormatException e) {
                // "NaN" parses; anything else is not a sample we can use
            }
        }
        return out;
    }

    /** The sum of every sample of {@code name} whose labels contain all of {@code labelParts}; NaN if none. */
    double sum(String name, String... labelParts) {
        double total = 0;
        boolean any = false;
        for (Sample s : samples) {
            if (!s.name().equals(name)) {
                continue;
            }
            boolean match = true;
            for (String part : labelParts) {
                if (!s.labels().contains(part)) {
                    match = false;
                    break;
                }
            }
            if (match && !Double.isNaN(s.value())) {
                total += s.value();
                any = true;
            }
        }
        return any ? total : Double.NaN;
    }
}
