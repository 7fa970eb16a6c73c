package org.fedmap.security;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.fedmap.store.AuthMethod;
import org.fedmap.store.ClientRecord;
import org.fedmap.store.ClientStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's in-memory view of the registered clients. Lookups never touch the database; the view
 * is reloaded when the store's change counter moves, which the command-line tools bump whenever they
 * change a client while the server runs.
 */
public final class ClientRegistry {
    private static final Logger log = LoggerFactory.getLogger(ClientRegistry.class);

    /** Hears of a client whose record changed on a refresh. */
    @FunctionalInterface
    public interface ChangeListener {
        /**
         * @param before the record as it was, or null if the client is new
         * @param after  the record as it is now, or null if the client was removed
         */
        void changed(String name, ClientRecord before, ClientRecord after);
    }

    private final ClientStore store;
    private final List<ChangeListener> listeners = new CopyOnWriteArrayList<>();
    private final List<Runnable> storeListeners = new CopyOnWriteArrayList<>();
    private volatile View view;
    private long loadedVersion;

    /** What one load produced; replaced whole, so readers never see half a reload. */
    private record View(Map<String, RegisteredClient> byName, List<RegisteredClient> certificateClients,
                        X509Certificate[] trustedCas) {
    }

    public ClientRegistry(ClientStore store) {
        this.store = store;
        synchronized (this) {
            reload();
        }
    }

    public Optional<ClientRecord> find(String name) {
        RegisteredClient c = view.byName().get(name);
        return c == null ? Optional.empty() : Optional.of(c.record());
    }

    /** The client with its rules parsed. */
    public Optional<RegisteredClient> registered(String name) {
        return Optional.ofNullable(view.byName().get(name));
    }

    /** The clients that authenticate with certificates, sorted by name. */
    public List<RegisteredClient> certificateClients() {
        return view.certificateClients();
    }

    /**
     * Every CA some certificate client trusts, without repeats: the TLS layer names them when it asks a
     * client for its certificate, so the client can pick the right one.
     */
    public X509Certificate[] trustedCas() {
        return view.trustedCas().clone();
    }

    /** How many clients are registered. */
    public int size() {
        return view.byName().size();
    }

    /**
     * Rereads the clients if the store changed since the last load, and tells the listeners about every
     * client that was added, changed or removed; then runs the store listeners, since the change may
     * have been to a setting instead.
     */
    public void refreshIfChanged() {
        List<ClientRecord[]> changes = new ArrayList<>();
        synchronized (this) {
            if (store.version() == loadedVersion) {
                return;
            }
            Map<String, RegisteredClient> before = view.byName();
            reload();
            Map<String, RegisteredClient> after = view.byName();
            TreeSet<String> names = new TreeSet<>(before.keySet());
            names.addAll(after.keySet());
            for (String name : names) {
                ClientRecord b = before.containsKey(name) ? before.get(name).record() : null;
                ClientRecord a = after.containsKey(name) ? after.get(name).record() : null;
                if (b == null || !b.equals(a)) {
                    changes.add(new ClientRecord[] {b, a});
                }
            }
        }
        // Outside the lock: a listener may well look clients up again.
        for (ClientRecord[] change : changes) {
            String name = change[0] != null ? change[0].name() : change[1].name();
            for (ChangeListener listener : listeners) {
                try {
                    listener.changed(name, change[0], change[1]);
                } catch (RuntimeException e) {
                    log.warn("a listener failed on the change of client '{}'", name, e);
                }
            }
        }
        for (Runnable listener : storeListeners) {
            try {
                listener.run();
            } catch (RuntimeException e) {
                log.warn("a listener failed on a change of the store", e);
            }
        }
    }

    public void addChangeListener(ChangeListener listener) {
        listeners.add(listener);
    }

    /**
     * {@code listener} runs after every refresh that found the store changed: a client or a server
     * setting (such as the trace switch) that the command-line tools changed.
     */
    public void addStoreChangeListener(Runnable listener) {
        storeListeners.add(listener);
    }

    /**
     * {@code listener} receives the name of each client that disappeared, or whose record no longer
     * proves the same client (new password or CA, or removed and added again): sessions and caches
     * made under the old record must not outlive it.
     */
    public void addRemovalListener(Consumer<String> listener) {
        addChangeListener((name, before, after) -> {
            if (before != null && (after == null || after.credentialsDifferFrom(before))) {
                listener.accept(name);
            }
        });
    }

    /** Checks for changes every {@code every} on {@code scheduler}, until the scheduler shuts down. */
    public void startPolling(ScheduledExecutorService scheduler, Duration every) {
        long millis = Math.max(1, every.toMillis());
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                refreshIfChanged();
            } catch (RuntimeException e) {
                // Keep polling: a scheduled task that throws is never run again.
                log.warn("could not check for client changes: {}", e.getMessage());
            }
        }, millis, millis, TimeUnit.MILLISECONDS);
    }

    private void reload() {
        // Version first: a change that slips in between is then seen again on the next refresh,
        // never missed.
        long version = store.version();
        Map<String, RegisteredClient> old = view == null ? Map.of() : view.byName();
        Map<String, RegisteredClient> fresh = new HashMap<>();
        List<RegisteredClient> certificateClients = new ArrayList<>();
        Map<String, X509Certificate> cas = new LinkedHashMap<>();
        for (ClientRecord r : store.list()) {
            RegisteredClient known = old.get(r.name());
            // an unchanged record keeps its parsed form, and with it the chains it already verified
            RegisteredClient c = known != null && known.record().equals(r) ? known : RegisteredClient.of(r);
            if (c != known && c.defect() != null) {
                log.error("client '{}' cannot be admitted: {}", r.name(), c.defect());
            }
            fresh.put(r.name(), c);
            if (r.authMethod() == AuthMethod.CERTIFICATE) {
                certificateClients.add(c);
                for (X509Certificate ca : c.caCertificates()) {
                    cas.putIfAbsent(ca.getSubjectX500Principal().getName() + "|" + ca.getSerialNumber(), ca);
                }
            }
        }
        view = new View(Map.copyOf(fresh), List.copyOf(certificateClients),
                cas.values().toArray(X509Certificate[]::new));
        loadedVersion = version;
    }
}
