package org.fedmap.bench;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.fedmap.testsupport.SoapConnection;
import org.fedmap.testsupport.SoapConnection.HttpResponse;
import org.fedmap.testsupport.TestServer;

/**
 * Publish throughput with durable metadata against in-memory only: the same server, the same
 * clients and the same requests, once with {@code store.durable-metadata=true} and once with false.
 * Not a test (nothing here runs in the suite); run it as
 *
 * <pre>
 * mvn -q -o test-compile dependency:build-classpath -Dmdep.outputFile=target/test.cp -Dmdep.includeScope=test
 * java -cp target/test-classes:target/classes:$(cat target/test.cp) org.fedmap.bench.DurablePublishBench [clients] [seconds]
 * </pre>
 *
 * Each client has its own session and HTTPS connection and publishes one {@code lifetime="forever"}
 * capability on its own access-request per request, waiting for each answer, as a gateway does.
 */
public final class DurablePublishBench {
    private DurablePublishBench() {
    }

    public static void main(String[] args) throws Exception {
        int clients = args.length > 0 ? Integer.parseInt(args[0]) : 16;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 15;
        System.out.printf("%d clients, %d s per run, %d cores%n", clients, seconds,
                Runtime.getRuntime().availableProcessors());
        for (String durable : new String[] {"false", "true", "false", "true"}) {
            run(durable, clients, seconds);
        }
    }

    private static void run(String durable, int clients, int seconds) throws Exception {
        try (TestServer server = TestServer.start(Map.of("store.durable-metadata", durable,
                "http.max-threads", "64"))) {
            List<Worker> workers = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                String name = "gw" + i;
                server.addClient(name, TestServer.PASSWORD);
                workers.add(new Worker(server, name));
            }
            AtomicBoolean measuring = new AtomicBoolean(false);
            AtomicBoolean stop = new AtomicBoolean(false);
            CountDownLatch done = new CountDownLatch(clients);
            for (Worker w : workers) {
                Thread t = new Thread(() -> {
                    try {
                        w.loop(measuring, stop);
                    } finally {
                        done.countDown();
                    }
                });
                t.start();
            }
            Thread.sleep(3000); // warm up: JIT, connections, Argon2 checks cached
            measuring.set(true);
            long start = System.nanoTime();
            Thread.sleep(seconds * 1000L);
            measuring.set(false);
            long elapsed = System.nanoTime() - start;
            stop.set(true);
            done.await();
            long count = 0;
            long errors = 0;
            List<long[]> all = new ArrayList<>();
            for (Worker w : workers) {
                count += w.measured;
                errors += w.errors;
                all.add(Arrays.copyOf(w.latencies, w.measured));
            }
            long[] lat = all.stream().flatMapToLong(Arrays::stream).sorted().toArray();
            System.out.printf("durable=%-5s %8.0f publishes/s  p50 %6.2f ms  p99 %6.2f ms  (%d requests, %d errors)%n",
                    durable, count / (elapsed / 1e9), pct(lat, 0.50), pct(lat, 0.99), count, errors);
        }
    }

    private static double pct(long[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) (sorted.length * p))] / 1e6;
    }

    private static final class Worker {
        private final SoapConnection conn;
        private final String sessionId;
        private final String name;
        long[] latencies = new long[1 << 16];
        int measured;
        long errors;

        Worker(TestServer server, String name) {
            this.name = name;
            this.conn = new SoapConnection(server, name, TestServer.PASSWORD);
            HttpResponse r = conn.post(envelope("<ifmap:newSession/>"));
            String text = r.text();
            int at = text.indexOf("session-id=\"");
            this.sessionId = text.substring(at + 12, text.indexOf('"', at + 12));
        }

        void loop(AtomicBoolean measuring, AtomicBoolean stop) {
            long n = 0;
            try {
                while (!stop.get()) {
                    n++;
                    byte[] body = envelope("<ifmap:publish session-id=\"" + sessionId + "\"><update lifetime=\"forever\">"
                            + "<access-request name=\"" + name + "-" + n + "\"/><metadata>"
                            + "<meta:capability ifmap-cardinality=\"multiValue\"><name>c" + n + "</name>"
                            + "</meta:capability></metadata></update></ifmap:publish>").getBytes(StandardCharsets.UTF_8);
                    long t0 = System.nanoTime();
                    HttpResponse r = conn.post(body, SoapConnection.SOAP12, Map.of());
                    long took = System.nanoTime() - t0;
                    boolean ok = r.status() == 200 && r.text().contains("publishReceived");
                    if (measuring.get()) {
                        if (!ok) {
                            errors++;
                        }
                        if (measured == latencies.length) {
                            latencies = Arrays.copyOf(latencies, latencies.length * 2);
                        }
                        latencies[measured++] = took;
                    }
                }
            } finally {
                conn.close();
            }
        }

        private static String envelope(String body) {
            return "<env:Envelope xmlns:env=\"http://www.w3.org/2003/05/soap-envelope\""
                    + " xmlns:ifmap=\"http://www.trustedcomputinggroup.org/2010/IFMAP/2\""
                    + " xmlns:meta=\"http://www.trustedcomputinggroup.org/2010/IFMAP-METADATA/2\">"
                    + "<env:Body>" + body + "</env:Body></env:Envelope>";
        }
    }
}
