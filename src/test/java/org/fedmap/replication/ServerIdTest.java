package org.fedmap.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Optional;
import org.fedmap.store.ClientStore;
import org.fedmap.store.Database;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerIdTest {
    @TempDir
    Path data;

    @Test
    void aGeneratedIdNamesTheHostAndIsValid() {
        String id = ServerId.generate("Boston-1.Example.COM");
        assertTrue(id.matches("boston-1-[a-z0-9]{6}"), id);
        assertTrue(ServerId.isValid(ServerId.generate("host with spaces+symbols")));
        assertTrue(ServerId.generate("").matches("fedmap-[a-z0-9]{6}"));
        String longest = ServerId.generate("x".repeat(200));
        assertEquals(64, longest.length());
        assertTrue(ServerId.isValid(longest));
        assertNotEquals(ServerId.generate("boston"), ServerId.generate("boston"), "random characters keep two apart");
    }

    @Test
    void validIdsAreShortNamesOfLettersDigitsDotsDashesAndUnderscores() {
        assertTrue(ServerId.isValid("boston"));
        assertTrue(ServerId.isValid("Boston_1.dc-2"));
        assertTrue(ServerId.isValid("x".repeat(64)));
        assertFalse(ServerId.isValid("x".repeat(65)));
        assertFalse(ServerId.isValid(""));
        assertFalse(ServerId.isValid("bos ton"));
        assertFalse(ServerId.isValid("boston:1"));
        assertFalse(ServerId.isValid("bostön"));
        assertFalse(ServerId.isValid(null));
    }

    @Test
    void anIdIsMadeOnceKeptAcrossReopeningAndAConfiguredOneWins() {
        String made;
        try (Database db = Database.openForTool(data)) {
            ClientStore store = new ClientStore(db);
            made = ServerId.resolve(null, store, "boston.example.com");
            assertTrue(made.startsWith("boston-"), made);
            assertEquals(Optional.of(made), store.setting(ServerId.SETTING));
        }
        try (Database db = Database.openForTool(data)) {
            ClientStore store = new ClientStore(db);
            assertEquals(made, ServerId.resolve(null, store, "another-name"));
            assertEquals("london", ServerId.resolve("london", store, "another-name"));
            assertEquals(Optional.of(made), store.setting(ServerId.SETTING),
                    "the made id is kept for when the configuration names none again");
            assertEquals(made, ServerId.resolve(null, store, "another-name"));
            assertThrows(IllegalArgumentException.class, () -> ServerId.resolve("no good", store, "h"));
        }
    }
}
