package org.fedmap.security;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.fedmap.store.ClientRecord;
import org.fedmap.store.ClientStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's in-memory view of the registered clients. Lookups never touch the database; the view
 * is reloaded when the store's change counter moves, which the command-line tools bump when they
 * add or remove clients while the server runs.
 */
public final class ClientRegistry {
    private static final Logger log = LoggerFactory.getLogger(ClientRegistry.class);

    private final ClientStore store;
    private final List<Consumer<String>> removalListeners = new CopyOnWriteArrayList<>();
    private volatile Map<String, ClientRecord> clients;
    private long loadedVersion;

    public ClientRegistry(ClientStore store) {
        this.store = store;
        synchronized (this) {
            reload();
        }
    }

    public Optional<ClientRecord> find(String name) {
        return Optional.ofNullable(clients.get(name));
    }

    /** How many clients are registered. */
    public int size() {
        return clients.size();
    }

    /**
     * Rereads the clients if the store changed since the last load. Listeners hear of every client
     * that is gone, and of every client whose record was replaced (removed and added again, perhaps
     * with a new password): sessions opened under the old record must not outlive it.
     */
    public void refreshIfChanged() {
        List<String> gone;
        synchronized (this) {
            if (store.version() == loadedVersion) {
                return;
            }
            Map<String, ClientRecord> before = clients;
            reload();
            Map<String, ClientRecord> after = clients;
            gone = before.entrySet().stream()
                    .filter(e -> !e.getValue().equals(after.get(e.getKey())))
                    .map(Map.Entry::getKey)
                    .sorted()
                    .toList();
        }
        // Outside the lock: a listener may well look clients up again.
        for (String name : gone) {
            for (Consumer<String> listener : removalListeners) {
                try {
                    listener.accept(name);
                } catch (RuntimeException e) {
                    log.warn("a listener failed on the removal of client '{}'", name, e);
                }
            }
        }
    }

    /** {@code listener} receives the name of each client that disappeared or was replaced on a refresh. */
    public void addRemovalListener(Consumer<String> listener) {
        removalListeners.add(listener);
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
        Map<String, ClientRecord> fresh = new HashMap<>();
        for (ClientRecord r : store.list()) {
            fresh.put(r.name(), r);
        }
        clients = Map.copyOf(fresh);
        loadedVersion = version;
    }
}
