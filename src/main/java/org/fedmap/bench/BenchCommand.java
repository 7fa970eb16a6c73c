package org.fedmap.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocketFactory;
import org.fedmap.mapclient.ServerTrust;
import org.fedmap.mapclient.WireConnection;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fedmap bench}: load an IF-MAP server as exporting gateways and enforcing controllers do. */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Load an IF-MAP 2.x server over the wire as gateways exporting user sessions and controllers",
                "that search, subscribe and poll, and report throughput and latency (terminal table,",
                "bench-result.json, bench-latency.png, bench-throughput.png). See docs/PERFORMANCE.md."})
public final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--url", required = true, paramLabel = "URL",
            description = "IF-MAP endpoint, e.g. https://127.0.0.1:8443/dana-ws/soap/dsifmap.")
    String url;

    @Option(names = "--client", required = true, paramLabel = "NAME:PASS",
            description = "A client credential (HTTP Basic); repeatable. Gateways, then controllers, take them round-robin.")
    List<String> clients = new ArrayList<>();

    @Option(names = "--trust-pem", paramLabel = "FILE",
            description = "Trust the server certificate or CA certificate(s) in this PEM file (e.g. DATA/tls/server.pem).")
    Path trustPem;

    @Option(names = "--insecure", description = "Trust any server certificate: for loopback benchmarks only.")
    boolean insecure;

    @Option(names = "--ifmap-version", defaultValue = "2", paramLabel = "2|1.1",
            description = "IF-MAP version every role speaks: 2 (SOAP 1.2, as ifmapj) or 1.1 (SOAP 1.1, as Juniper/Ivanti"
                    + " gateways; metadata is permanent, no renewSession) (default: ${DEFAULT-VALUE}).")
    String ifmapVersion;

    @Option(names = "--gateways", defaultValue = "1", paramLabel = "N",
            description = "Exporting gateways, each with its own session and SSRC connection (default: ${DEFAULT-VALUE}).")
    int gateways;

    @Option(names = "--controllers", defaultValue = "0", paramLabel = "N",
            description = "Enforcing controllers, each with an SSRC and an ARC connection (default: ${DEFAULT-VALUE}).")
    int controllers;

    @Option(names = "--spread-source-addresses",
            description = "Connect role i (gateways, then controllers) from 127.0.0.(i+1), so roles may share a credential.")
    boolean spread;

    @Option(names = "--rate", defaultValue = "100", paramLabel = "N",
            description = "Exports per second overall, open loop (0: as fast as the gateways go) (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--duration", defaultValue = "10", paramLabel = "SECONDS",
            description = "Measured time after the warm-up (default: ${DEFAULT-VALUE}).")
    int duration;

    @Option(names = "--warmup", defaultValue = "2", paramLabel = "SECONDS",
            description = "Load before measuring starts (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--sessions", defaultValue = "0", paramLabel = "N",
            description = "Stop after N exports instead of after the duration (0: use the duration).")
    long sessions;

    @Option(names = "--users", defaultValue = "100", paramLabel = "N",
            description = "Distinct users, each with its own ip-address, mac-address and identity; each export picks one at random (default: ${DEFAULT-VALUE}).")
    int users;

    @Option(names = "--lifetime", defaultValue = "session", paramLabel = "session|forever",
            description = "Lifetime of the published metadata (default: ${DEFAULT-VALUE}).")
    String lifetime;

    @Option(names = "--session-lifetime", defaultValue = "0", paramLabel = "SECONDS",
            description = "End each user session this long after its export by deleting its metadata (0: never).")
    double sessionLifetime;

    @Option(names = "--renew-interval", defaultValue = "30", paramLabel = "SECONDS",
            description = "Gateways send renewSession this often (default: ${DEFAULT-VALUE}).")
    double renewInterval;

    @Option(names = "--end-sessions",
            description = "Gateways end their IF-MAP sessions at the end (session-lifetime metadata goes); default: leave them, so the server stays filled.")
    boolean endSessions;

    @Option(names = "--server-pid", paramLabel = "PID",
            description = "Read the server process's RSS, threads and CPU time from /proc at start and end (Linux).")
    Long serverPid;

    @Option(names = "--metrics", paramLabel = "URL",
            description = "The server's Prometheus metrics (fedmap: https://127.0.0.1:8444/metrics, the admin listener),"
                    + " read at the start and end of the measured window: heap, live data after GC, threads, sessions,"
                    + " pending polls, federated sessions; trusted like --url.")
    java.net.URI metricsUrl;

    @Option(names = "--out-dir", defaultValue = ".", paramLabel = "DIR",
            description = "Where bench-result.json and the PNG charts go (default: ${DEFAULT-VALUE}).")
    Path outDir;

    @Option(names = "--timeout", defaultValue = "30", paramLabel = "SECONDS",
            description = "How long one request may take before it counts as an error (default: ${DEFAULT-VALUE}).")
    int timeout;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        System.setProperty("java.awt.headless", "true"); // charts are drawn off screen
        try {
            BenchRun.Settings settings = settings();
            BenchRun run = new BenchRun(settings, out);
            BenchReport report = run.run();
            report.write(outDir, out);
            return 0;
        } catch (BenchException e) {
            err.println("fedmap bench: " + e.getMessage());
            err.flush();
            return 1;
        }
    }

    private BenchRun.Settings settings() throws BenchException {
        WireConnection.Target target;
        try {
            target = WireConnection.Target.parse(url);
        } catch (IllegalArgumentException e) {
            throw new BenchException(e.getMessage());
        }
        List<String[]> credentials = new ArrayList<>();
        for (String c : clients) {
            int colon = c.indexOf(':');
            if (colon <= 0) {
                throw new BenchException("--client " + c + ": expected NAME:PASSWORD");
            }
            credentials.add(new String[] {c.substring(0, colon), c.substring(colon + 1)});
        }
        if (gateways < 1 || controllers < 0) {
            throw new BenchException("--gateways must be at least 1 and --controllers at least 0");
        }
        if (!spread && gateways + controllers > credentials.size()) {
            throw new BenchException((gateways + controllers) + " gateways and controllers but " + credentials.size()
                    + " --client credentials: a client holds one session per source address, so roles sharing one would"
                    + " replace each other's sessions; give more --client or --spread-source-addresses");
        }
        if (spread && gateways + controllers > 65_000) {
            throw new BenchException("--spread-source-addresses: too many roles");
        }
        if (rate < 0 || duration < 0 || warmup < 0 || sessions < 0 || users < 1 || sessionLifetime < 0
                || renewInterval <= 0 || timeout < 1) {
            throw new BenchException("--rate, --duration, --warmup, --sessions, --session-lifetime must not be negative;"
                    + " --users, --renew-interval and --timeout must be positive");
        }
        if (sessions == 0 && duration == 0) {
            throw new BenchException("give --duration or --sessions");
        }
        if (!lifetime.equals("session") && !lifetime.equals("forever")) {
            throw new BenchException("--lifetime must be session or forever");
        }
        if (trustPem == null && !insecure && target.tls()) {
            throw new BenchException("give --trust-pem FILE (the server's certificate or CA) or --insecure");
        }
        Dialect dialect;
        try {
            dialect = Dialect.of(ifmapVersion);
        } catch (IllegalArgumentException e) {
            throw new BenchException(e.getMessage());
        }
        SSLSocketFactory tls = target.tls() ? tls() : null;
        try {
            Files.createDirectories(outDir);
        } catch (IOException e) {
            throw new BenchException("--out-dir " + outDir + ": " + e.getMessage());
        }
        return new BenchRun.Settings(target, tls, dialect, credentials, gateways, controllers, spread, rate, duration,
                warmup, sessions, users, lifetime, sessionLifetime, renewInterval, endSessions, serverPid, metricsUrl,
                timeout * 1000, describe());
    }

    private String describe() {
        StringBuilder b = new StringBuilder("bench --url ").append(url).append(" --ifmap-version ").append(ifmapVersion);
        b.append(" --gateways ").append(gateways).append(" --controllers ").append(controllers);
        b.append(" --rate ").append(rate).append(" --duration ").append(duration).append(" --warmup ").append(warmup);
        if (sessions > 0) {
            b.append(" --sessions ").append(sessions);
        }
        b.append(" --users ").append(users).append(" --lifetime ").append(lifetime);
        if (sessionLifetime > 0) {
            b.append(" --session-lifetime ").append(sessionLifetime);
        }
        if (spread) {
            b.append(" --spread-source-addresses");
        }
        return b.toString();
    }

    private SSLSocketFactory tls() throws BenchException {
        if (insecure) {
            return ServerTrust.trustingAnyone();
        }
        try {
            return ServerTrust.trusting(trustPem);
        } catch (IOException e) {
            throw new BenchException("--trust-pem " + e.getMessage());
        }
    }

    /** One line for a failure to reach or talk to the server. */
    static String describe(IOException e, WireConnection.Target target) {
        String where = target.hostHeader();
        if (e instanceof ConnectException) {
            return "cannot connect to " + where + ": " + e.getMessage();
        }
        if (e instanceof UnknownHostException) {
            return "unknown host " + target.host();
        }
        if (e instanceof SSLException) {
            return "TLS with " + where + " failed: " + e.getMessage();
        }
        return where + ": " + (e.getMessage() == null ? e.toString() : e.getMessage());
    }

    /** CPU time of this process, when the JVM tells it; -1 otherwise. */
    static long processCpuNanos() {
        java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean) {
            return ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime();
        }
        return -1;
    }

    /** A startup problem, said in one line. */
    static final class BenchException extends Exception {
        private static final long serialVersionUID = 1L;

        BenchException(String message) {
            super(message);
        }
    }
}
