package org.fedmap.replication;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.fedmap.store.ReplicaRecord;
import org.fedmap.store.ReplicaStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running server's view of the configured replicas: reloaded when the store's change counter
 * moves, so a {@code fedmap replica add} or {@code remove} is seen at once, whether it went through
 * the server or not. {@link Replication} starts and stops a link for each replica it lists.
 */
public final class ReplicaRegistry {
    private static final Logger log = LoggerFactory.getLogger(ReplicaRegistry.class);

    private final ReplicaStore store;
    private volatile List<ReplicaRecord> replicas = List.of();
    /**
     * The certificate replicas' CAs, read once per reload rather than at every TLS handshake (the
     * listener names them in each certificate request) or every certificate pull.
     */
    private volatile Map<String, List<X509Certificate>> casByReplica = Map.of();
    private volatile X509Certificate[] allCas = new X509Certificate[0];
    private long loadedVersion = Long.MIN_VALUE;

    public ReplicaRegistry(ReplicaStore store) {
        this.store = store;
        refreshIfChanged();
    }

    /** The configured replicas, sorted by name. */
    public List<ReplicaRecord> list() {
        return replicas;
    }

    /** The CA certificates configured for a replica ({@code --ca}); empty for a basic replica. */
    public List<X509Certificate> cas(String name) {
        return casByReplica.getOrDefault(name, List.of());
    }

    /** Every certificate replica's CAs. */
    public X509Certificate[] allCas() {
        return allCas;
    }

    private void readCas(List<ReplicaRecord> records) {
        Map<String, List<X509Certificate>> byName = new HashMap<>();
        List<X509Certificate> all = new ArrayList<>();
        for (ReplicaRecord r : records) {
            if (r.caCertificates() == null) {
                continue;
            }
            List<X509Certificate> cas = new ArrayList<>();
            try {
                for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(
                        new ByteArrayInputStream(r.caCertificates().getBytes(StandardCharsets.US_ASCII)))) {
                    cas.add((X509Certificate) c);
                }
            } catch (CertificateException e) {
                log.warn("replica '{}': its CA certificates cannot be read: {}", r.name(), e.getMessage());
            }
            byName.put(r.name(), List.copyOf(cas));
            all.addAll(cas);
        }
        casByReplica = Map.copyOf(byName);
        allCas = all.toArray(X509Certificate[]::new);
    }

    public Optional<ReplicaRecord> find(String name) {
        return replicas.stream().filter(r -> r.name().equals(name)).findFirst();
    }

    /** Rereads the replicas if the store changed since the last load; logs what was added, changed or removed. */
    public synchronized void refreshIfChanged() {
        // version first: a change that slips in between is seen again on the next refresh, never missed
        long version = store.version();
        if (version == loadedVersion) {
            return;
        }
        List<ReplicaRecord> before = replicas;
        List<ReplicaRecord> after = store.list();
        readCas(after);
        replicas = after;
        boolean first = loadedVersion == Long.MIN_VALUE;
        loadedVersion = version;
        if (first) {
            if (!after.isEmpty()) {
                log.info("{} replica(s) configured: {}", after.size(),
                        after.stream().map(ReplicaRecord::name).toList());
            }
            return;
        }
        TreeSet<String> names = new TreeSet<>();
        before.forEach(r -> names.add(r.name()));
        after.forEach(r -> names.add(r.name()));
        for (String name : names) {
            Optional<ReplicaRecord> b = before.stream().filter(r -> r.name().equals(name)).findFirst();
            Optional<ReplicaRecord> a = after.stream().filter(r -> r.name().equals(name)).findFirst();
            if (b.isEmpty()) {
                log.info("replica '{}' configured ({}, certificate name {})", name, a.get().url(), a.get().hostname());
            } else if (a.isEmpty()) {
                log.info("replica '{}' removed from the configuration", name);
            } else if (!a.equals(b)) {
                log.info("replica '{}' reconfigured", name);
            }
        }
    }
}
