package org.fedmap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.fedmap.security.PasswordHasher;
import org.fedmap.store.AdminStore;
import org.fedmap.store.Database;
import org.fedmap.testsupport.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fedmap admin} without a running server, and {@code status} when there is none to ask. */
class AdminCommandTest {
    @TempDir
    Path dir;

    @Test
    void accountsAreManagedWithoutAServerAndAGeneratedPasswordIsShownOnce() throws Exception {
        String data = dir.resolve("data").toString();
        assertEquals("no admin accounts (the local credential in DIR/admin/admin.json needs none)\n",
                Cli.fedmap("", "admin", "list", "--data", data).out());

        Cli.Run add = Cli.fedmap("", "admin", "add", "ops1", "--data", data);
        assertEquals(0, add.code(), add.err());
        String password = add.out().lines().filter(l -> l.startsWith("password: ")).findFirst().orElseThrow()
                .substring("password: ".length());
        assertEquals(32, password.length());
        try (Database db = Database.openForTool(Path.of(data))) {
            assertTrue(new PasswordHasher().verify(password.toCharArray(),
                    new AdminStore(db).find("ops1").orElseThrow().passwordHash()), "only the hash is stored");
        }

        Cli.Run again = Cli.fedmap("x\n", "admin", "add", "ops1", "--password-stdin", "--data", data);
        assertEquals(1, again.code());
        assertEquals("an admin named 'ops1' already exists\n", again.err());
        assertTrue(Cli.fedmap("", "admin", "list", "--data", data).out().lines().anyMatch(l -> l.startsWith("ops1 ")));
        assertEquals("admin 'ops1' removed\n", Cli.fedmap("", "admin", "remove", "ops1", "--data", data).out());
    }

    @Test
    void statusWithoutARunningServerSaysWhereItLooked() {
        Cli.Run run = Cli.fedmap("", "status", "--data", dir.toString());
        assertEquals(1, run.code());
        assertTrue(run.err().startsWith("no running fedmap server with an admin listener found for " + dir)
                && run.err().contains("admin.json") && run.err().lines().count() == 1, run.err());

        Cli.Run mixed = Cli.fedmap("", "client", "status", "--data", dir.toString(), "--user", "ops1");
        assertEquals(1, mixed.code());
        assertEquals("--user, --password-stdin and --trust-pem go with --admin URL\n", mixed.err());
    }
}
