package org.fedmap.replication;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.fedmap.engine.Graph;
import org.fedmap.security.CertificateAuthority;
import org.fedmap.store.AuthMethod;
import org.fedmap.store.ReplicaRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replication in a running server: the answering side ({@link ReplicationServlet} over this server's
 * {@link OwnChanges}) and one pulling {@link ReplicaLink} per configured replica, kept in step with the
 * {@link ReplicaRegistry} (a replica added or removed starts or stops its link within a second), and the
 * fail-secure check of every link.
 *
 * <p>Outbound TLS trusts the CA of this server's PKI ({@code DATA/pki/ca.pem}) and, for a certificate
 * replica, the CAs configured for it; the replica's certificate must carry its configured host name.
 */
public final class Replication implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Replication.class);
    /** How many of its own changed items a server keeps for replicas to pull before they must resync. */
    private static final int WINDOW_ITEMS = 200_000;

    private final Graph graph;
    private final String serverId;
    private final ReplicaRegistry registry;
    private final Path dataDir;
    private ReplicaKey key; // guarded by this; made by the first `fedmap replica add` of a basic replica
    private final Duration failsecureTimeout;
    private final Clock clock = Clock.systemUTC();
    private final OwnChanges ownChanges;
    private final Map<String, ReplicaLink> links = new HashMap<>();
    private ScheduledFuture<?> tick;

    private final String sourceAddress;

    /**
     * @param bindAddress this server's listening address: links connect from it when it is one address
     *                    (replicas admit a server by the address it connects from)
     */
    private final KeyManager[] ownKeys;

    /**
     * @param ownKeys this server's TLS key and certificate, which it presents to certificate replicas
     */
    public Replication(Graph graph, String serverId, ReplicaRegistry registry, Path dataDir,
                       Duration failsecureTimeout, String bindAddress, KeyManager[] ownKeys) {
        this.ownKeys = ownKeys;
        this.sourceAddress = bindAddress == null || bindAddress.equals("0.0.0.0") || bindAddress.equals("::")
                ? null : bindAddress;
        this.graph = graph;
        this.serverId = serverId;
        this.registry = registry;
        this.dataDir = dataDir;
        this.failsecureTimeout = failsecureTimeout;
        this.ownChanges = new OwnChanges(graph, serverId, WINDOW_ITEMS);
        this.ownChanges.keep(!registry.list().isEmpty());
    }

    /** The servlet that answers replicas' pulls. */
    public ReplicationServlet servlet() {
        return new ReplicationServlet(registry, this::key, () -> ownChanges);
    }

    /** Starts following the registry (and so the links) and checking fail-secure, every {@code period}. */
    public void start(ScheduledExecutorService timers, Duration period) {
        tick = timers.scheduleWithFixedDelay(this::tick, 0, period.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void tick() {
        try {
            registry.refreshIfChanged();
            List<ReplicaRecord> configured = registry.list();
            ownChanges.keep(!configured.isEmpty());
            syncLinks(configured);
            List<ReplicaLink> now;
            synchronized (this) {
                now = new ArrayList<>(links.values());
            }
            for (ReplicaLink l : now) {
                l.failSecureCheck();
            }
        } catch (RuntimeException e) {
            log.error("replication housekeeping failed", e);
        }
    }

    private synchronized void syncLinks(List<ReplicaRecord> configured) {
        Map<String, ReplicaRecord> wanted = new HashMap<>();
        configured.forEach(r -> wanted.put(r.name(), r));
        for (var it = links.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            ReplicaRecord now = wanted.get(e.getKey());
            if (now == null || !now.equals(e.getValue().replica())) {
                e.getValue().close();
                it.remove();
                log.info("replica '{}': link stopped ({})", e.getKey(), now == null ? "removed" : "changed");
            }
        }
        for (ReplicaRecord r : configured) {
            if (links.containsKey(r.name())) {
                continue;
            }
            try {
                char[] password = r.authMethod() == AuthMethod.BASIC
                        ? key().open(r.name(), r.user(), r.sealedPassword()) : new char[0];
                ReplicaLink link = new ReplicaLink(r, serverId, password, trust(r), graph, failsecureTimeout, clock,
                        sourceAddress);
                links.put(r.name(), link);
                link.start();
                log.info("replica '{}': pulling from {} (certificate name {})", r.name(), r.url(), r.hostname());
            } catch (IOException | GeneralSecurityException | RuntimeException e) {
                log.error("replica '{}' cannot be linked: {}", r.name(), e.getMessage());
            }
        }
    }

    /** This data directory's replica key, which opens the stored replica passwords. */
    synchronized ReplicaKey key() {
        if (key == null) {
            key = ReplicaKey.load(dataDir).orElseThrow(() -> new IllegalStateException("no replica key in "
                    + ReplicaKey.file(dataDir) + ": the stored replica passwords cannot be opened; remove the basic"
                    + " replicas and add them again"));
        }
        return key;
    }

    /**
     * The CAs of the certificate replicas, for the TLS listener to name in its certificate request (a
     * replica's TLS stack sends its certificate only when its CA is named, or none is).
     */
    public java.security.cert.X509Certificate[] replicaCas() {
        return registry.allCas();
    }

    /** The state of every link, by replica name. */
    public synchronized List<ReplicaStatus> status() {
        List<ReplicaStatus> out = new ArrayList<>();
        links.values().forEach(l -> out.add(l.status()));
        out.sort(java.util.Comparator.comparing(ReplicaStatus::replica));
        return out;
    }

    private SSLSocketFactory trust(ReplicaRecord r) throws IOException, GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        int n = 0;
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        Path ca = dataDir.resolve(CertificateAuthority.CA_CERTIFICATE);
        if (Files.exists(ca)) {
            try (InputStream in = Files.newInputStream(ca)) {
                for (Certificate c : cf.generateCertificates(in)) {
                    ks.setCertificateEntry("pki" + n++, c);
                }
            }
        }
        for (Certificate c : registry.cas(r.name())) {
            ks.setCertificateEntry("replica" + n++, c);
        }
        if (n == 0) {
            throw new IOException("no CA to check its certificate with: make one with `fedmap pki init-ca` (and"
                    + " the servers' certificates with `fedmap pki server-cert`), or configure it with --ca");
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ctx = SSLContext.getInstance("TLS");
        // a certificate replica knows this server by its TLS certificate; a basic one by its password alone
        ctx.init(r.authMethod() == AuthMethod.CERTIFICATE ? ownKeys : null, tmf.getTrustManagers(), null);
        return ctx.getSocketFactory();
    }

    @Override
    public synchronized void close() {
        if (tick != null) {
            tick.cancel(false);
        }
        ownChanges.close();
        links.values().forEach(ReplicaLink::close);
        links.clear();
    }
}
