package org.fedmap.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import javax.net.ssl.SSLSocketFactory;
import org.fedmap.bench.BenchCommand.BenchException;
import org.fedmap.bench.Dialect.Failure;
import org.fedmap.bench.Dialect.UserSession;
import org.fedmap.mapclient.WireConnection;

/** One bench run: connects every role, drives the load, collects what was measured. */
final class BenchRun {
    record Settings(WireConnection.Target target, SSLSocketFactory tls, Dialect dialect, List<String[]> credentials,
                    int gateways,
                    int controllers, boolean spread, double rate, int duration, int warmup, long sessions, int users,
                    String lifetime, double sessionLifetime, double renewInterval, boolean endSessions, Long serverPid,
                    java.net.URI metricsUrl,
                    int timeoutMillis, String commandLine) {
    }

    private final Settings s;
    private final Dialect ifmap;
    private final PrintWriter out;
    private final Recorder rec;
    /** Export number to the nanoTime its publish was sent, until a controller sees it. */
    private final ConcurrentHashMap<Long, Long> sentAt = new ConcurrentHashMap<>();
    private final AtomicLong nextExport = new AtomicLong();
    private final LongAdder benchThreadCpu = new LongAdder();
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private volatile boolean stopping;
    private long startNanos;
    private long endNanos;

    BenchRun(Settings s, PrintWriter out) {
        this.s = s;
        this.ifmap = s.dialect();
        this.out = out;
        int seconds = s.sessions() > 0 ? (int) Math.min(86_400, s.rate() > 0 ? s.sessions() / s.rate() + 600 : 86_400)
                : s.duration() + 60;
        this.rec = new Recorder(seconds);
    }

    private String credentialName(int role) {
        return s.credentials().get(role % s.credentials().size())[0];
    }

    private String sourceAddress(int role) {
        if (!s.spread()) {
            return null;
        }
        int n = role + 1;
        return "127.0." + (n >> 8) + "." + (n & 255);
    }

    private WireConnection connect(int role) throws IOException {
        String[] c = s.credentials().get(role % s.credentials().size());
        return new WireConnection(s.target(), s.tls(), ifmap.contentType(), sourceAddress(role), c[0], c[1],
                s.timeoutMillis());
    }

    /** Opens a role's SSRC and its session; a failure here stops the run with one line. */
    private Channel open(int role) throws BenchException {
        WireConnection c;
        try {
            c = connect(role);
        } catch (IOException e) {
            throw new BenchException(BenchCommand.describe(e, s.target()));
        }
        try {
            return new Channel(c, ifmap.newSession(c));
        } catch (IOException e) {
            c.close();
            throw new BenchException(BenchCommand.describe(e, s.target()));
        } catch (Failure f) {
            c.close();
            String hint = f.kind.endsWith("http-401") ? " (wrong client name or password?)"
                    : f.kind.endsWith("http-403") ? " (client disabled, expired or not allowed from this address?)" : "";
            throw new BenchException("client " + credentialName(role) + ": newSession refused: " + f.getMessage() + hint);
        }
    }

    record Channel(WireConnection conn, String sessionId) {
    }

    BenchReport run() throws BenchException {
        List<Gateway> gws = new ArrayList<>();
        List<Controller> ctls = new ArrayList<>();
        try {
            for (int i = 0; i < s.gateways(); i++) {
                gws.add(new Gateway(i, open(i)));
            }
            for (int j = 0; j < s.controllers(); j++) {
                int role = s.gateways() + j;
                Channel ssrc = open(role);
                WireConnection arc;
                try {
                    arc = connect(role);
                    ifmap.attach(arc, ssrc.sessionId());
                    arc.timeout(0);
                } catch (IOException e) {
                    throw new BenchException(BenchCommand.describe(e, s.target()));
                } catch (Failure f) {
                    throw new BenchException("client " + credentialName(role) + ": attaching the ARC failed: "
                            + f.getMessage());
                }
                ctls.add(new Controller(j, ssrc, arc));
            }
        } catch (BenchException e) {
            gws.forEach(g -> g.ssrc.conn().close());
            ctls.forEach(c -> {
                c.ssrc.conn().close();
                c.arc.close();
            });
            throw e;
        }
        startNanos = System.nanoTime() + 100_000_000L;
        rec.measureStartNanos = startNanos + s.warmup() * 1_000_000_000L;
        // the server's figures cover the measured window only: not the warm-up, not the teardown
        java.util.concurrent.CompletableFuture<ServerProbe.Sample> serverStart = java.util.concurrent.CompletableFuture
                .supplyAsync(() -> {
                    sleepUntil(rec.measureStartNanos);
                    return ServerProbe.sample(s.serverPid());
                });
        java.util.concurrent.CompletableFuture<ServerMetrics> metricsStart = java.util.concurrent.CompletableFuture
                .supplyAsync(() -> {
                    sleepUntil(rec.measureStartNanos);
                    return metrics();
                });
        long cpuStart = BenchCommand.processCpuNanos();
        endNanos = s.sessions() > 0 ? Long.MAX_VALUE : rec.measureStartNanos + s.duration() * 1_000_000_000L;
        out.println("fedmap bench: " + s.gateways() + " gateways, " + s.controllers() + " controllers, "
                + (s.rate() > 0 ? s.rate() + " exports/s" : "closed loop") + ", "
                + (s.sessions() > 0 ? s.sessions() + " exports" : s.warmup() + " s warm-up + " + s.duration() + " s"));
        out.flush();
        List<Thread> ctlThreads = new ArrayList<>();
        for (Controller c : ctls) {
            ctlThreads.add(start("bench-controller-" + c.index, c::serve));
        }
        List<Thread> gwThreads = new ArrayList<>();
        for (Gateway g : gws) {
            gwThreads.add(start("bench-gateway-" + g.index, g::export));
        }
        join(gwThreads, Long.MAX_VALUE);
        long exportsEnd = System.nanoTime();
        ServerProbe.Sample serverEnd = ServerProbe.sample(s.serverPid());
        ServerMetrics metricsEnd = metrics();
        // let notifications of the last exports arrive: until none is outstanding, at most 2 s
        if (!ctls.isEmpty()) {
            long until = System.nanoTime() + 2_000_000_000L;
            while (System.nanoTime() < until && ctls.stream().anyMatch(c -> !c.firstPackets.isEmpty() || c.busy)) {
                sleepMillis(20);
            }
            long quietUntil = Math.min(until, System.nanoTime() + 300_000_000L);
            while (System.nanoTime() < quietUntil) {
                sleepMillis(20);
            }
        }
        stopping = true;
        join(ctlThreads, 10_000);
        for (Controller c : ctls) {
            c.ssrc.conn().close();
            c.arc.close();
        }
        for (Gateway g : gws) {
            if (s.endSessions() && ifmap.hasSessionLifecycle()) {
                try {
                    ifmap.call(g.ssrc.conn(), g.ssrc.sessionId(), "endSession", ifmap.end(g.ssrc.sessionId()),
                            "endSessionResult");
                } catch (IOException e) {
                    rec.error("endSession:io");
                } catch (Failure f) {
                    rec.error(f.kind);
                }
            }
            g.ssrc.conn().close();
        }
        long cpuEnd = BenchCommand.processCpuNanos();
        // until the last export was answered: a server that falls behind shows a lower rate, not a hidden backlog
        long measuredEnd = exportsEnd;
        double seconds = Math.max(1e-3, (measuredEnd - rec.measureStartNanos) / 1e9);
        return new BenchReport(s, rec, seconds, cpuStart < 0 ? -1 : (cpuEnd - cpuStart) / 1e9,
                benchThreadCpu.sum() / 1e9, serverStart.join(), serverEnd, metricsStart.join(), metricsEnd, sentAt.size());
    }

    private ServerMetrics metrics() {
        return s.metricsUrl() == null ? null : ServerMetrics.fetch(s.metricsUrl(), s.tls(), s.timeoutMillis(), out);
    }

    private Thread start(String name, Runnable body) {
        Thread t = new Thread(() -> {
            try {
                body.run();
            } finally {
                long cpu = threads.isCurrentThreadCpuTimeSupported() ? threads.getCurrentThreadCpuTime() : 0;
                benchThreadCpu.add(Math.max(0, cpu));
            }
        }, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static void join(List<Thread> ts, long millis) {
        long until = millis == Long.MAX_VALUE ? Long.MAX_VALUE : System.currentTimeMillis() + millis;
        for (Thread t : ts) {
            try {
                if (until == Long.MAX_VALUE) {
                    t.join();
                } else {
                    t.join(Math.max(1, until - System.currentTimeMillis()));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static void sleepMillis(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleepUntil(long nanos) {
        for (long now = System.nanoTime(); now < nanos; now = System.nanoTime()) {
            LockSupport.parkNanos(nanos - now);
        }
    }

    /** A user picked at random for an export; the same for a given export number in every run. */
    private int userOf(long export) {
        return new SplittableRandom(export * 0x9E3779B97F4A7C15L + 17).nextInt(s.users());
    }

    /** An exporting gateway: one session, one SSRC connection, requests one after another. */
    private final class Gateway {
        final int index;
        Channel ssrc;
        final String name;
        final ArrayDeque<Object[]> logouts = new ArrayDeque<>();
        long nextRenew;

        Gateway(int index, Channel ssrc) {
            this.index = index;
            this.ssrc = ssrc;
            this.name = "gw" + index;
        }

        void export() {
            nextRenew = System.nanoTime() + (long) (s.renewInterval() * 1e9);
            while (true) {
                long k = nextExport.getAndIncrement();
                if (s.sessions() > 0 && k >= s.sessions()) {
                    break;
                }
                long scheduled = s.rate() > 0 ? startNanos + (long) (k * 1e9 / s.rate()) : System.nanoTime();
                if (scheduled >= endNanos) {
                    break;
                }
                housekeeping(scheduled);
                sleepUntil(scheduled);
                UserSession user = new UserSession(k, name, userOf(k));
                long sent = System.nanoTime();
                if (s.controllers() > 0) {
                    sentAt.put(k, sent);
                }
                try {
                    ifmap.call(ssrc.conn(), ssrc.sessionId(), "publish",
                            ifmap.publishLogin(ssrc.sessionId(), user, s.lifetime()), ifmap.publishReceived());
                    long done = System.nanoTime();
                    rec.record(Recorder.PUBLISH, scheduled, done);
                    if (s.controllers() > 0) {
                        ctl(user.user()).firstPackets.offer(user.user());
                    }
                    if (s.sessionLifetime() > 0) {
                        logouts.add(new Object[] {done + (long) (s.sessionLifetime() * 1e9), user});
                    }
                } catch (IOException e) {
                    sentAt.remove(k);
                    rec.error("publish:io");
                    if (!reconnect()) {
                        return;
                    }
                } catch (Failure f) {
                    sentAt.remove(k);
                    rec.error(f.kind);
                }
            }
            housekeeping(Long.MIN_VALUE);
        }

        /** Logouts that are due and renewSession, before waiting for the next export. */
        private void housekeeping(long before) {
            long now = System.nanoTime();
            while (!logouts.isEmpty() && (long) logouts.peek()[0] <= Math.max(now, before)) {
                Object[] due = logouts.poll();
                UserSession user = (UserSession) due[1];
                long t0 = System.nanoTime();
                try {
                    ifmap.call(ssrc.conn(), ssrc.sessionId(), "publish", ifmap.publishLogout(ssrc.sessionId(), user),
                            ifmap.publishReceived());
                    rec.record(Recorder.LOGOUT, t0, System.nanoTime());
                } catch (IOException e) {
                    rec.error("logout:io");
                    if (!reconnect()) {
                        return;
                    }
                } catch (Failure f) {
                    rec.error(f.kind.replace("publish:", "logout:"));
                }
                now = System.nanoTime();
            }
            if (now >= nextRenew && ifmap.hasSessionLifecycle()) {
                nextRenew = now + (long) (s.renewInterval() * 1e9);
                try {
                    ifmap.call(ssrc.conn(), ssrc.sessionId(), "renewSession", ifmap.renew(ssrc.sessionId()),
                            "renewSessionResult");
                    rec.renewals.increment();
                } catch (IOException e) {
                    rec.error("renewSession:io");
                    reconnect();
                } catch (Failure f) {
                    rec.error(f.kind);
                }
            }
        }

        private boolean reconnect() {
            ssrc.conn().close();
            try {
                ssrc = open(index);
                return true;
            } catch (BenchException e) {
                rec.error("reconnect");
                return false;
            }
        }
    }

    private Controller[] controllerArray;

    private Controller ctl(int user) {
        return controllerArray[user % controllerArray.length];
    }

    /**
     * An enforcing controller: on the first packet from an IP it owns (the gateway's export of a
     * session there), searches that ip-address and subscribes to it on its SSRC; its ARC polls.
     */
    private final class Controller {
        final int index;
        final Channel ssrc;
        final WireConnection arc;
        final BlockingQueue<Integer> firstPackets = new LinkedBlockingQueue<>();
        final Set<Integer> known = new HashSet<>();
        volatile boolean busy;
        Thread poller;

        Controller(int index, Channel ssrc, WireConnection arc) {
            this.index = index;
            this.ssrc = ssrc;
            this.arc = arc;
            synchronized (BenchRun.this) {
                if (controllerArray == null) {
                    controllerArray = new Controller[s.controllers()];
                }
                controllerArray[index] = this;
            }
        }

        void serve() {
            try {
                while (!stopping) {
                    Integer ip = firstPackets.poll(50, TimeUnit.MILLISECONDS);
                    if (ip == null || !known.add(ip)) {
                        continue;
                    }
                    busy = true;
                    try {
                        long t0 = System.nanoTime();
                        String found = ifmap.call(ssrc.conn(), ssrc.sessionId(), "search",
                                ifmap.searchIp(ssrc.sessionId(), ip), ifmap.searchResult());
                        rec.record(Recorder.SEARCH, t0, System.nanoTime());
                        // what the search found is not a notification
                        Dialect.exportsIn(found, sentAt::remove);
                        ifmap.call(ssrc.conn(), ssrc.sessionId(), "subscribe", ifmap.subscribeIp(ssrc.sessionId(), ip),
                                ifmap.subscribeReceived());
                        if (poller == null) {
                            poller = start("bench-controller-" + index + "-arc", this::poll);
                        }
                    } catch (IOException e) {
                        rec.error("search:io");
                        return;
                    } catch (Failure f) {
                        rec.error(f.kind);
                    } finally {
                        busy = false;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                if (ifmap.hasSessionLifecycle()) {
                    try {
                        // ends the session; a pending poll is answered with endSessionResult
                        ifmap.call(ssrc.conn(), ssrc.sessionId(), "endSession", ifmap.end(ssrc.sessionId()),
                                "endSessionResult");
                    } catch (IOException | Failure e) {
                        // the run is over either way
                    }
                } else {
                    // a 1.1 poll waits until its connection closes
                    arc.close();
                }
                if (poller != null) {
                    try {
                        poller.join(5_000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        }

        private void poll() {
            String request = ifmap.request(ssrc.sessionId(), ifmap.poll(ssrc.sessionId()));
            while (true) {
                WireConnection.Answer a;
                try {
                    a = arc.post(request);
                } catch (IOException e) {
                    if (!stopping) {
                        rec.error("poll:io");
                    }
                    return;
                }
                long now = System.nanoTime();
                String text = a.body();
                if (a.status() != 200) {
                    rec.error("poll:http-" + a.status());
                    return;
                }
                Dialect.exportsIn(text, k -> {
                    Long sent = sentAt.remove(k);
                    if (sent != null) {
                        rec.record(Recorder.NOTIFICATION, sent, now);
                    }
                });
                if (text.contains("endSessionResult")) {
                    return;
                }
                int err = text.indexOf("errorResult");
                if (err >= 0) {
                    String code = Dialect.attribute(text, "errorCode", err);
                    if (!stopping || !"InvalidSessionID".equals(code)) {
                        rec.error("poll:" + code);
                    }
                    if (!text.contains("pollResult")) {
                        return;
                    }
                }
            }
        }
    }
}
