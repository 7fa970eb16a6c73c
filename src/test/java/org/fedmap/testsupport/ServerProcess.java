package org.fedmap.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * {@code fedmap serve} as its own operating-system process, the way an operator runs it, so a test
 * can stop it with SIGTERM, kill it with SIGKILL and start it again on the same data directory and
 * port.
 *
 * <p>The child runs {@code org.fedmap.cli.Main serve --conf F --data D --port P} with the java of
 * this JVM and the test classpath (so logging is logback-test.xml's: INFO of org.fedmap to standard
 * output); F is written from {@link #set settings} before every start. A
 * start waits for the banner's last line ({@value #READY_LINE}) and fails with the child's output
 * when the child exits first or takes longer than {@link #READY_TIMEOUT}. A start that finds the
 * database still locked or the port still in use (what a restart right after a kill may meet) is
 * tried again until {@link #RETRY_DEADLINE}; {@link #lastStart()} says how long it took and how many
 * attempts it needed.
 *
 * <p>Output (standard output and error, merged) is drained all the time into a bounded buffer:
 * {@link #output()} for assertion messages, {@link #awaitOutput} for log lines.
 */
public final class ServerProcess implements SoapTarget, AutoCloseable {
    public static final String READY_LINE = "Press Ctrl-C to stop.";
    public static final String PATH = "/dana-ws/soap/dsifmap";
    /** How long one attempt may take to print the banner. */
    public static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    /** How long a start keeps trying while the data directory or port is still held by a killed server. */
    public static final Duration RETRY_DEADLINE = Duration.ofSeconds(40);
    private static final Duration RETRY_PAUSE = Duration.ofMillis(250);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration KILL_TIMEOUT = Duration.ofSeconds(10);
    /** Messages of a start that failed only because the previous server has not let go yet. */
    private static final List<String> TRANSIENT = List.of(
            "is locked by another process",
            "is in use by a running fedmap server",
            "the port is in use");
    private static final int MAX_LINES = 5000;
    private static final int MAX_LINE_LENGTH = 4000;

    /** How long a start took until the server was ready, and how many processes it took. */
    public record StartTime(Duration elapsed, int attempts) {
    }

    private final Path dataDir;
    private final Path confFile;
    private final int port;
    private final Map<String, String> settings = new LinkedHashMap<>();
    private final Map<String, String> passwords = new ConcurrentHashMap<>();

    private final Object outputLock = new Object();
    private final ArrayDeque<String> lines = new ArrayDeque<>();
    /** Lines ever added; the oldest line held is number {@code added - lines.size()}. */
    private long added;

    private Run current;
    private int runs;
    private StartTime lastStart;
    private long killedAt;
    private volatile TrustManager[] trust;

    /** One child process, and what its output has shown so far. */
    private static final class Run {
        final Process process;
        final long firstLine;
        final Thread drain;
        volatile boolean ready;
        volatile boolean ended;

        Run(Process process, long firstLine, Thread drain) {
            this.process = process;
            this.firstLine = firstLine;
            this.drain = drain;
        }
    }

    private ServerProcess(Path dir, Map<String, String> given) {
        this.dataDir = dir.resolve("data").toAbsolutePath();
        this.confFile = dir.resolve("fedmap.properties").toAbsolutePath();
        this.port = TestServer.freePort();
        settings.put("server.hostname", "localhost");
        settings.put("admin.port", "0");
        settings.putAll(given);
    }

    /**
     * A server (not started yet) with its data directory {@code dir/data} and configuration file
     * {@code dir/fedmap.properties}, on a free port it keeps across restarts.
     */
    public static ServerProcess in(Path dir, Map<String, String> settings) {
        return new ServerProcess(dir, settings);
    }

    public static ServerProcess in(Path dir) {
        return in(dir, Map.of());
    }

    /** Sets a configuration key; takes effect at the next start. */
    public synchronized ServerProcess set(String key, String value) {
        settings.put(key, value);
        return this;
    }

    /**
     * Registers a client with Basic authentication, as an operator does: {@code fedmap client add NAME
     * --password-stdin --data DIR}. Works before the first start (the tool opens the files) and while
     * the server runs (the tool goes through it).
     */
    public ServerProcess addClient(String name, String password) {
        long begin = System.nanoTime();
        Cli.Run run = Cli.fedmap(password + "\n", "client", "add", name, "--password-stdin", "--data",
                dataDir.toString());
        if (run.code() != 0) {
            throw new AssertionError("fedmap client add " + name + " failed: " + run);
        }
        passwords.put(name, password);
        System.out.println("ServerProcess: client add " + name + " took " + (System.nanoTime() - begin) / 1_000_000 + " ms");
        return this;
    }

    // ---------------------------------------------------------------- life cycle

    /** Starts the server and waits until it is ready; see the class comment for retries. */
    public synchronized ServerProcess start() {
        if (running()) {
            throw new IllegalStateException("fedmap serve is already running (pid " + current.process.pid() + ")");
        }
        writeConfig();
        long begin = System.nanoTime();
        long deadline = begin + RETRY_DEADLINE.toNanos();
        for (int attempt = 1; ; attempt++) {
            Run run = launch(attempt);
            if (awaitReady(run)) {
                current = run;
                lastStart = new StartTime(Duration.ofNanos(System.nanoTime() - begin), attempt);
                trust = readTrust();
                report(begin);
                return this;
            }
            if (!run.ended) {
                run.process.destroyForcibly();
                awaitExit(run, KILL_TIMEOUT);
                throw new AssertionError("fedmap serve was not ready within " + READY_TIMEOUT.toSeconds() + " s:\n"
                        + outputOf(run));
            }
            // it closed its output before the banner: it is on its way out
            awaitExit(run, KILL_TIMEOUT);
            String why = outputOf(run);
            boolean isTransient = TRANSIENT.stream().anyMatch(why::contains);
            if (!isTransient || System.nanoTime() + RETRY_PAUSE.toNanos() > deadline) {
                throw new AssertionError("fedmap serve exited with code "
                        + (run.process.isAlive() ? "(still exiting)" : Integer.toString(run.process.exitValue()))
                        + " before it was ready (attempt " + attempt + ", "
                        + Duration.ofNanos(System.nanoTime() - begin).toMillis() + " ms into the start):\n" + why);
            }
            sleep(RETRY_PAUSE);
        }
    }

    /**
     * Starts the server again on the same data directory and port after {@link #stop()} or
     * {@link #kill()}.
     */
    public synchronized ServerProcess restart() {
        if (current == null) {
            throw new IllegalStateException("restart() needs a server that was started before");
        }
        if (running()) {
            throw new IllegalStateException("fedmap serve still runs; stop() or kill() it first");
        }
        return start();
    }

    /** SIGKILL, and proof that the process is gone before this returns. */
    public synchronized void kill() {
        Run run = requireRunning();
        run.process.destroyForcibly();
        if (!awaitExit(run, KILL_TIMEOUT)) {
            throw new AssertionError("fedmap serve (pid " + run.process.pid() + ") survived SIGKILL for "
                    + KILL_TIMEOUT.toSeconds() + " s");
        }
        killedAt = System.nanoTime();
        if (ProcessHandle.of(run.process.pid()).map(ProcessHandle::isAlive).orElse(false)) {
            throw new AssertionError("fedmap serve (pid " + run.process.pid() + ") is still alive after SIGKILL");
        }
    }

    /** SIGTERM, which runs the server's orderly shutdown; waits for the exit and returns its code. */
    public synchronized int stop() {
        Run run = requireRunning();
        long begin = System.nanoTime();
        run.process.destroy();
        if (!awaitExit(run, STOP_TIMEOUT)) {
            run.process.destroyForcibly();
            awaitExit(run, KILL_TIMEOUT);
            throw new AssertionError("fedmap serve did not stop within " + STOP_TIMEOUT.toSeconds()
                    + " s of SIGTERM:\n" + output());
        }
        System.out.println("ServerProcess: stopped in " + (System.nanoTime() - begin) / 1_000_000 + " ms");
        return run.process.exitValue();
    }

    public synchronized boolean running() {
        return current != null && current.process.isAlive();
    }

    /** The pid of the current (or last) child process. */
    public synchronized long pid() {
        if (current == null) {
            throw new IllegalStateException("never started");
        }
        return current.process.pid();
    }

    /** How long the last successful start took, and how many attempts it needed. */
    public synchronized StartTime lastStart() {
        return lastStart;
    }

    /**
     * Kills the server if it still runs and copies its output to the test's output (the suite keeps
     * it in the test's report); the directory is left to its owner.
     */
    @Override
    public synchronized void close() {
        if (current != null && current.process.isAlive()) {
            current.process.destroyForcibly();
            awaitExit(current, KILL_TIMEOUT);
        }
        System.out.print("---- ServerProcess: output of fedmap serve on port " + port + " ----\n" + output());
    }

    // ---------------------------------------------------------------- reaching it

    public int port() {
        return port;
    }

    public Path dataDir() {
        return dataDir;
    }

    public Path confFile() {
        return confFile;
    }

    public String url() {
        return "https://127.0.0.1:" + port + PATH;
    }

    /** Trust managers that trust the certificate in DATA/tls/server.pem (read at each start). */
    public TrustManager[] trustManagers() {
        TrustManager[] t = trust;
        if (t == null) {
            throw new IllegalStateException("not started yet: DATA/tls/server.pem may not exist");
        }
        return t;
    }

    /** A new connection of a client registered with {@link #addClient}. */
    @Override
    public SoapConnection connect(String user) {
        return connect(user, password(user));
    }

    public SoapConnection connect(String user, String password) {
        return new SoapConnection("127.0.0.1", port, trustManagers(), user, password);
    }

    /** A connection of {@code user} from another loopback source address (e.g. 127.0.0.2). */
    public SoapConnection connectFrom(String sourceAddress, String user) {
        return new SoapConnection("127.0.0.1", port, trustManagers(), PATH,
                SoapConnection.basic(user, password(user)), sourceAddress, null);
    }

    private String password(String user) {
        String password = passwords.get(user);
        if (password == null) {
            throw new IllegalArgumentException("no client " + user + " was added through this ServerProcess");
        }
        return password;
    }

    // ---------------------------------------------------------------- output

    /** The output kept so far (the last {@value #MAX_LINES} lines of all runs), with a line between runs. */
    public String output() {
        synchronized (outputLock) {
            long dropped = added - lines.size();
            StringBuilder b = new StringBuilder();
            if (dropped > 0) {
                b.append("[").append(dropped).append(" earlier line(s) not kept]\n");
            }
            for (String l : lines) {
                b.append(l).append('\n');
            }
            return b.toString();
        }
    }

    /**
     * Waits until the current run prints a line containing every one of {@code fragments} and returns
     * that line; fails with the output when it does not within {@code timeout}.
     */
    public String awaitOutput(Duration timeout, String... fragments) {
        Run run;
        synchronized (this) {
            run = current;
        }
        if (run == null) {
            throw new IllegalStateException("never started");
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (outputLock) {
            while (true) {
                String found = findLine(run.firstLine, fragments);
                if (found != null) {
                    return found;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || run.ended) {
                    throw new AssertionError("fedmap serve printed no line containing " + List.of(fragments) + " within "
                            + timeout.toMillis() + " ms:\n" + output());
                }
                try {
                    outputLock.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted", e);
                }
            }
        }
    }

    private String findLine(long from, String... fragments) {
        long n = added - lines.size();
        for (String l : lines) {
            if (n++ >= from && containsAll(l, fragments)) {
                return l;
            }
        }
        return null;
    }

    private static boolean containsAll(String line, String... fragments) {
        for (String f : fragments) {
            if (!line.contains(f)) {
                return false;
            }
        }
        return true;
    }

    private void addLine(String line) {
        synchronized (outputLock) {
            lines.addLast(line.length() > MAX_LINE_LENGTH ? line.substring(0, MAX_LINE_LENGTH) + " [...]" : line);
            added++;
            while (lines.size() > MAX_LINES) {
                lines.removeFirst();
            }
            outputLock.notifyAll();
        }
    }

    private String outputOf(Run run) {
        synchronized (outputLock) {
            StringBuilder b = new StringBuilder();
            long n = added - lines.size();
            for (String l : lines) {
                if (n++ >= run.firstLine) {
                    b.append(l).append('\n');
                }
            }
            return b.toString();
        }
    }

    // ---------------------------------------------------------------- internals

    private Run requireRunning() {
        if (!running()) {
            throw new IllegalStateException("fedmap serve is not running");
        }
        return current;
    }

    private void writeConfig() {
        StringBuilder b = new StringBuilder("# written by ServerProcess\n");
        settings.forEach((k, v) -> b.append(k).append('=').append(v).append('\n'));
        try {
            Files.createDirectories(confFile.getParent());
            Files.writeString(confFile, b.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Run launch(int attempt) {
        runs++;
        long firstLine;
        synchronized (outputLock) {
            firstLine = added;
        }
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // quicker to start, which is what these tests wait for; no effect on behaviour
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"),
                "org.fedmap.cli.Main", "serve",
                "--conf", confFile.toString(), "--data", dataDir.toString(), "--port", Integer.toString(port)));
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command.get(0), e);
        }
        addLine("---- ServerProcess: run " + runs + " (attempt " + attempt + "), pid " + p.pid() + " ----");
        Run[] holder = new Run[1];
        Thread drain = new Thread(() -> drain(p.getInputStream(), holder[0]), "fedmap-serve-output-" + p.pid());
        Run run = new Run(p, firstLine, drain);
        holder[0] = run;
        drain.setDaemon(true);
        drain.start();
        return run;
    }

    private void drain(InputStream in, Run run) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (line.contains(READY_LINE)) {
                    run.ready = true;
                }
                addLine(line);
            }
        } catch (IOException e) {
            addLine("---- ServerProcess: reading the output failed: " + e + " ----");
        } finally {
            run.ended = true;
            String code;
            try {
                code = Integer.toString(run.process.waitFor());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                code = "?";
            }
            addLine("---- ServerProcess: pid " + run.process.pid() + " exited with code " + code + " ----");
        }
    }

    /** True once the banner is out; false when the process ended or the time ran out first. */
    private boolean awaitReady(Run run) {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        synchronized (outputLock) {
            while (!run.ready && !run.ended) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    outputLock.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted while fedmap serve was starting", e);
                }
            }
            return run.ready;
        }
    }

    /** Waits for the process to exit and its output to be read to the end. */
    private static boolean awaitExit(Run run, Duration timeout) {
        try {
            if (!run.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                return false;
            }
            run.drain.join(timeout.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for fedmap serve to exit", e);
        }
    }

    private TrustManager[] readTrust() {
        Path pem = dataDir.resolve("tls").resolve("server.pem");
        try (InputStream in = Files.newInputStream(pem)) {
            Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            int i = 0;
            for (Certificate c : certs) {
                ks.setCertificateEntry("fedmap-" + i++, c);
            }
            if (i == 0) {
                throw new AssertionError(pem + " holds no certificate");
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            return tmf.getTrustManagers();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the server's certificate " + pem, e);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("cannot use the server's certificate " + pem, e);
        }
    }

    /** One line on the test's output with the start's timing (the suite's reports keep it). */
    private void report(long begin) {
        StringBuilder b = new StringBuilder("ServerProcess: run ").append(runs).append(" on port ").append(port)
                .append(" ready in ").append(lastStart.elapsed().toMillis()).append(" ms, ")
                .append(lastStart.attempts()).append(" attempt(s)");
        if (killedAt != 0) {
            b.append(", ").append(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt))
                    .append(" ms after the kill");
            killedAt = 0;
        }
        System.out.println(b);
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
