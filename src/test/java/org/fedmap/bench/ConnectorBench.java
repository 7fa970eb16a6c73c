package org.fedmap.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.HdrHistogram.Recorder;
import org.fedmap.federation.GatewayConnector;
import org.fedmap.federation.LocalSession;
import org.fedmap.federation.MapperSettings;
import org.fedmap.federation.Mappers;
import org.fedmap.testsupport.TestServer;

/**
 * Session exports and imports per second through the gateway connector (the built-in policy mappers
 * with the example policies of {@code conf/policies}, IF-MAP 1.1 over HTTPS) against an in-process
 * server. Not a test (nothing here runs in the suite); run it as
 *
 * <pre>
 * mvn -q -o test-compile dependency:build-classpath -Dmdep.outputFile=target/test.cp -Dmdep.includeScope=test
 * java -cp target/test-classes:target/classes:$(cat target/test.cp) org.fedmap.bench.ConnectorBench [gateways] [seconds]
 * </pre>
 *
 * Half the gateways export (sign-in with engineering and a Host Checker policy, a role change, sign-out:
 * three calls per user, each a search and a publish), the other half import the addresses being
 * exported; each waits for each answer, as a gateway does. The first third of the time is warm-up.
 */
public final class ConnectorBench {
    private ConnectorBench() {
    }

    public static void main(String[] args) throws Exception {
        int gateways = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        Path policies = Path.of("conf/policies");
        if (!Files.isDirectory(policies)) {
            throw new IllegalStateException("run from the project directory: conf/policies is needed");
        }
        try (TestServer server = TestServer.start()) {
            Mappers mappers = new Mappers(List.of());
            MapperSettings ms = new MapperSettings(policies);
            List<GatewayConnector> connectors = new ArrayList<>();
            for (int g = 0; g < gateways; g++) {
                server.addClient("gw" + g, TestServer.PASSWORD);
                connectors.add(GatewayConnector.connect(new GatewayConnector.Settings(server.url(), "gw" + g,
                        TestServer.PASSWORD, server.sslContext().getSocketFactory(), mappers.exportMapper(null, ms),
                        mappers.importMapper(null, ms), Duration.ofMinutes(3), Duration.ofSeconds(30))));
            }
            Recorder exports = new Recorder(3);
            Recorder imports = new Recorder(3);
            AtomicBoolean running = new AtomicBoolean(true);
            List<Thread> threads = new ArrayList<>();
            for (int g = 0; g < gateways; g++) {
                GatewayConnector c = connectors.get(g);
                int gw = g;
                boolean exporter = g % 2 == 0;
                Thread t = new Thread(() -> {
                    long n = 0;
                    try {
                        while (running.get()) {
                            String ip = "10." + (gw / 2) + "." + ((n / 250) % 250) + "." + (n % 250 + 1);
                            if (exporter) {
                                long t0 = System.nanoTime();
                                c.export(new LocalSession("user" + n, "Users", List.of("engineering"), ip, null,
                                        List.of("Corporate-Device"), Instant.now()));
                                long t1 = System.nanoTime();
                                c.export(new LocalSession("user" + n, "Users", List.of("Contractor"), ip, null,
                                        List.of(), Instant.now()));
                                long t2 = System.nanoTime();
                                c.end("Users", "user" + n, ip);
                                long t3 = System.nanoTime();
                                exports.recordValue(t1 - t0);
                                exports.recordValue(t2 - t1);
                                exports.recordValue(t3 - t2);
                            } else {
                                long t0 = System.nanoTime();
                                c.importAt(ip);
                                imports.recordValue(System.nanoTime() - t0);
                            }
                            n++;
                        }
                    } catch (Exception e) {
                        System.err.println("gw" + gw + ": " + e);
                    }
                }, "bench-gw" + g);
                threads.add(t);
                t.start();
            }
            Thread.sleep(seconds * 1000L / 3);
            exports.getIntervalHistogram();
            imports.getIntervalHistogram();
            long start = System.nanoTime();
            Thread.sleep(seconds * 2000L / 3);
            var e = exports.getIntervalHistogram();
            var i = imports.getIntervalHistogram();
            double elapsed = (System.nanoTime() - start) / 1e9;
            running.set(false);
            for (Thread t : threads) {
                t.join(30_000);
            }
            for (GatewayConnector c : connectors) {
                c.close();
            }
            System.out.printf("%d gateways (%d exporting, %d importing), %.1f s measured, %d cores%n", gateways,
                    (gateways + 1) / 2, gateways / 2, elapsed, Runtime.getRuntime().availableProcessors());
            System.out.printf("exports+changes+ends: %.0f/s  p50 %.2f ms  p99 %.2f ms  max %.2f ms%n",
                    e.getTotalCount() / elapsed, e.getValueAtPercentile(50) / 1e6, e.getValueAtPercentile(99) / 1e6,
                    e.getMaxValue() / 1e6);
            System.out.printf("imports:              %.0f/s  p50 %.2f ms  p99 %.2f ms  max %.2f ms%n",
                    i.getTotalCount() / elapsed, i.getValueAtPercentile(50) / 1e6, i.getValueAtPercentile(99) / 1e6,
                    i.getMaxValue() / 1e6);
        }
    }
}
