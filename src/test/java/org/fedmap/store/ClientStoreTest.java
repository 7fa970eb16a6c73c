package org.fedmap.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClientStoreTest {
    // Any non-empty string will do for the store; hashing is the security package's business.
    private static final String HASH_A = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaA";
    private static final String HASH_B = "$argon2id$v=19$m=19456,t=2,p=1$b3RoZXJzYWx0b3RoZXI$b3RoZXI";

    @TempDir
    Path dir;

    private Database db;
    private ClientStore store;

    @BeforeEach
    void open() {
        db = Database.openForTool(dir.resolve("data"));
        store = new ClientStore(db);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void addsFindsListsAndRemovesClients() {
        assertTrue(store.isEmpty());
        Instant before = Instant.now().minusMillis(1);
        ClientRecord gw2 = store.add("gw2", HASH_A);
        ClientRecord gw1 = store.add("gw1", HASH_B);

        assertEquals("gw2", gw2.name());
        assertEquals("gw2", gw2.publisherId());
        assertEquals(AuthMethod.BASIC, gw2.authMethod());
        assertEquals(HASH_A, gw2.passwordHash());
        assertTrue(!gw2.createdAt().isBefore(before) && gw2.createdAt().isBefore(before.plus(Duration.ofMinutes(1))));

        assertEquals(Optional.of(gw2), store.find("gw2"));
        assertEquals(Optional.empty(), store.find("gw3"));
        assertEquals(Optional.empty(), store.find("GW2"));
        assertEquals(List.of(gw1, gw2), store.list());
        assertFalse(store.isEmpty());

        assertTrue(store.remove("gw2"));
        assertFalse(store.remove("gw2"));
        assertEquals(List.of(gw1), store.list());
    }

    @Test
    void refusesATakenName() {
        store.add("gw1", HASH_A);
        IllegalArgumentException same = assertThrows(IllegalArgumentException.class, () -> store.add("gw1", HASH_B));
        assertEquals("a client named 'gw1' already exists", same.getMessage());
        IllegalArgumentException caseOnly = assertThrows(IllegalArgumentException.class, () -> store.add("GW1", HASH_B));
        assertTrue(caseOnly.getMessage().contains("'gw1'"), caseOnly.getMessage());
        assertEquals(HASH_A, store.find("gw1").orElseThrow().passwordHash());
        assertEquals(1, store.list().size());
    }

    @Test
    void refusesInvalidNames() {
        for (String bad : new String[] {"", "-gw", ".gw", "gw 1", "gw:1", "gw/1", "gwä", "x".repeat(65), "gw\n1"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> store.add(bad, HASH_A),
                    () -> "accepted '" + bad + "'");
            assertTrue(e.getMessage().startsWith("invalid client name"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> store.add(null, HASH_A));
        for (String good : new String[] {"a", "9", "gw-1.example_net", "ifmap@site", "x".repeat(64)}) {
            assertEquals(good, store.add(good, HASH_A).name());
        }
        assertTrue(store.find("x".repeat(64)).isPresent());
    }

    @Test
    void refusesAClientWithoutPasswordHash() {
        assertThrows(IllegalArgumentException.class, () -> store.add("gw1", ""));
        assertThrows(IllegalArgumentException.class, () -> store.add("gw1", null));
        assertTrue(store.isEmpty());
    }

    @Test
    void everyChangeBumpsTheVersion() {
        long v0 = store.version();
        store.add("gw1", HASH_A);
        long v1 = store.version();
        assertTrue(v1 > v0);
        assertThrows(IllegalArgumentException.class, () -> store.add("gw1", HASH_A));
        assertEquals(v1, store.version(), "a refused add changes nothing");
        store.find("gw1");
        store.list();
        assertEquals(v1, store.version(), "reading changes nothing");
        assertTrue(store.remove("gw1"));
        long v2 = store.version();
        assertTrue(v2 > v1);
        assertFalse(store.remove("gw1"));
        assertEquals(v2, store.version(), "removing nothing changes nothing");
        store.putSetting("first-client-issued", "true");
        assertTrue(store.version() > v2);
    }

    @Test
    void keepsSettings() {
        assertEquals(Optional.empty(), store.setting("first-client-issued"));
        store.putSetting("first-client-issued", "2025-01-01T00:00:00Z");
        assertEquals(Optional.of("2025-01-01T00:00:00Z"), store.setting("first-client-issued"));
        store.putSetting("first-client-issued", "again");
        assertEquals(Optional.of("again"), store.setting("first-client-issued"));
        store.putSetting("other", "");
        assertEquals(Optional.of(""), store.setting("other"));
        assertThrows(IllegalArgumentException.class, () -> store.putSetting(" ", "x"));
        assertThrows(IllegalArgumentException.class, () -> store.putSetting("k", null));
    }

    @Test
    void dataSurvivesCloseAndReopen() {
        ClientRecord gw1 = store.add("gw1", HASH_A);
        store.putSetting("first-client-issued", "yes");
        long version = store.version();
        db.close();

        try (Database server = Database.openForServer(dir.resolve("data"))) {
            ClientStore reopened = new ClientStore(server);
            assertEquals(Optional.of(gw1), reopened.find("gw1"));
            assertEquals(Optional.of("yes"), reopened.setting("first-client-issued"));
            assertEquals(version, reopened.version());
            reopened.add("gw2", HASH_B);
        }

        db = Database.openForTool(dir.resolve("data"));
        store = new ClientStore(db);
        assertFalse(db.throughServer());
        assertEquals(List.of("gw1", "gw2"), store.list().stream().map(ClientRecord::name).toList());
    }

    @Test
    void clientRecordHidesThePasswordHashWhenPrinted() {
        ClientRecord r = store.add("gw1", HASH_A);
        assertFalse(r.toString().contains(HASH_A));
        assertTrue(r.toString().contains("gw1"));
    }
}
