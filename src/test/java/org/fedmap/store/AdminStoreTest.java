package org.fedmap.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdminStoreTest {
    private static final String HASH = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaA";

    @TempDir
    Path dir;

    @Test
    void accountsAreAddedListedAndRemovedApartFromClients() {
        try (Database db = Database.openForTool(dir)) {
            AdminStore admins = new AdminStore(db);
            admins.add("ops2", HASH);
            AdminAccount ops1 = admins.add("ops1", HASH);
            assertEquals(List.of("ops1", "ops2"), admins.list().stream().map(AdminAccount::name).toList());
            assertEquals(ops1, admins.find("ops1").orElseThrow());
            assertFalse(admins.toString().contains(HASH) || ops1.toString().contains(HASH), "no hash in messages");
            assertTrue(new ClientStore(db).isEmpty(), "an admin is no IF-MAP client");

            assertEquals("an admin named 'ops1' already exists",
                    assertThrows(IllegalArgumentException.class, () -> admins.add("ops1", HASH)).getMessage());
            assertTrue(assertThrows(IllegalArgumentException.class, () -> admins.add("OPS1", HASH)).getMessage()
                    .contains("only in case"));
            assertTrue(assertThrows(IllegalArgumentException.class, () -> admins.add("no spaces", HASH)).getMessage()
                    .startsWith("invalid admin name 'no spaces'"));

            assertTrue(admins.remove("ops1"));
            assertFalse(admins.remove("ops1"));
            assertEquals(List.of("ops2"), admins.list().stream().map(AdminAccount::name).toList());
        }
    }

    @Test
    void aDatabaseOfTheLayoutBeforeAdminAccountsIsUpgradedInPlace() {
        try (Database db = Database.openForTool(dir)) {
            new ClientStore(db).add("gw1", HASH);
            // what an earlier build left: layout 3, no admin table (nor anything later)
            db.transaction(c -> {
                c.createStatement().execute("DROP TABLE admin_account");
                c.createStatement().execute("DROP TABLE hidden_identifier");
                return c.createStatement().executeUpdate("DELETE FROM schema_version WHERE version > 3");
            });
        }
        try (Database db = Database.openForServer(dir)) {
            int version = db.transaction(c -> {
                try (ResultSet rs = c.createStatement().executeQuery("SELECT MAX(version) FROM schema_version")) {
                    rs.next();
                    return rs.getInt(1);
                }
            });
            assertEquals(Schema.CURRENT, version);
            assertTrue(new ClientStore(db).find("gw1").isPresent(), "the clients are still there");
            new AdminStore(db).add("ops1", HASH);
            assertEquals(1, new AdminStore(db).list().size());
        }
    }
}
