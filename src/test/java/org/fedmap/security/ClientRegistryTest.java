package org.fedmap.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.fedmap.store.ClientStore;
import org.fedmap.store.Database;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClientRegistryTest {
    private static final String HASH_A = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaA";
    private static final String HASH_B = "$argon2id$v=19$m=19456,t=2,p=1$b3RoZXJzYWx0b3RoZXI$b3RoZXI";

    @TempDir
    Path dir;
    private Database db;
    private ClientStore store;

    @BeforeEach
    void open() {
        db = Database.openForServer(dir.resolve("data"));
        store = new ClientStore(db);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void seesChangesOnlyAfterARefresh() {
        store.add("gw1", HASH_A);
        ClientRegistry registry = new ClientRegistry(store);
        assertEquals(HASH_A, registry.find("gw1").orElseThrow().passwordHash());
        assertEquals(1, registry.size());

        store.add("gw2", HASH_B);
        assertTrue(registry.find("gw2").isEmpty(), "lookups are served from memory");
        registry.refreshIfChanged();
        assertTrue(registry.find("gw2").isPresent());
        assertEquals(2, registry.size());
    }

    @Test
    void tellsListenersAboutRemovedAndReplacedClients() {
        store.add("gw1", HASH_A);
        store.add("gw2", HASH_A);
        store.add("gw3", HASH_A);
        ClientRegistry registry = new ClientRegistry(store);
        List<String> heard = new CopyOnWriteArrayList<>();
        registry.addRemovalListener(heard::add);
        registry.addRemovalListener(name -> {
            throw new IllegalStateException("a broken listener must not stop the others");
        });

        registry.refreshIfChanged();
        assertEquals(List.of(), heard);

        store.remove("gw1");
        store.remove("gw2");
        store.add("gw2", HASH_B); // same name, new record: old sessions must end
        store.add("gw4", HASH_A);
        registry.refreshIfChanged();
        assertEquals(List.of("gw1", "gw2"), heard);
        assertEquals(HASH_B, registry.find("gw2").orElseThrow().passwordHash());
        assertFalse(registry.find("gw1").isPresent());

        registry.refreshIfChanged();
        assertEquals(List.of("gw1", "gw2"), heard, "no change, no news");
    }

    @Test
    void pollingPicksUpChangesMadeByTheCommandLine() throws Exception {
        store.add("gw1", HASH_A);
        ClientRegistry registry = new ClientRegistry(store);
        LinkedBlockingQueue<String> removed = new LinkedBlockingQueue<>();
        registry.addRemovalListener(removed::add);
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        try {
            registry.startPolling(scheduler, Duration.ofMillis(20));
            try (Database tool = Database.openForTool(dir.resolve("data"))) {
                assertTrue(tool.throughServer());
                new ClientStore(tool).remove("gw1");
            }
            assertEquals("gw1", removed.poll(10, TimeUnit.SECONDS));
            assertTrue(registry.find("gw1").isEmpty());
        } finally {
            scheduler.shutdownNow();
        }
    }
}
