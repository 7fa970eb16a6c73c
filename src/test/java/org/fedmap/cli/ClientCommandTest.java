package org.fedmap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.fedmap.security.AuthResult;
import org.fedmap.security.BasicAuthenticator;
import org.fedmap.security.ClientIdentity;
import org.fedmap.security.ClientRegistry;
import org.fedmap.security.PasswordHasher;
import org.fedmap.store.ClientRecord;
import org.fedmap.store.ClientStore;
import org.fedmap.store.Database;
import org.junit.jupiter.api.Test;
import org.fedmap.testsupport.Cli;
import org.fedmap.testsupport.Cli.Run;
import org.junit.jupiter.api.io.TempDir;

class ClientCommandTest {
    @TempDir
    Path dir;

    private static Run fedmap(String stdin, String... args) {
        return Cli.fedmap(stdin, args);
    }

    private String data() {
        return dir.resolve("data").toString();
    }

    private static String basic(String user, String password) {
        return "Basic " + java.util.Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void changesClientsWhileAServerHoldsTheDataDirectory() {
        try (Database server = Database.openForServer(dir.resolve("data"))) {
            ClientRegistry registry = new ClientRegistry(new ClientStore(server));
            BasicAuthenticator authenticator = new BasicAuthenticator(registry, new PasswordHasher());
            List<String> removed = new CopyOnWriteArrayList<>();
            registry.addRemovalListener(removed::add);

            Run add = fedmap("gateway pass: with spaces\nsecond line ignored\n",
                    "client", "add", "gw1", "--data", data(), "--password-stdin");
            assertEquals(new Run(0, "client 'gw1' added (publisher-id gw1, basic authentication)\n", ""), add);

            assertTrue(registry.find("gw1").isEmpty(), "not yet noticed");
            registry.refreshIfChanged();
            ClientRecord gw1 = registry.find("gw1").orElseThrow();
            assertEquals("gw1", gw1.publisherId());
            assertEquals(new AuthResult.Authenticated(new ClientIdentity("gw1", "gw1")),
                    authenticator.authenticate(basic("gw1", "gateway pass: with spaces")));

            Run remove = fedmap("", "client", "remove", "gw1", "--data", data());
            assertEquals(new Run(0, "client 'gw1' removed\n", ""), remove);
            registry.refreshIfChanged();
            assertEquals(List.of("gw1"), removed);
            assertTrue(registry.find("gw1").isEmpty());
            assertEquals(new AuthResult.Refused("unknown client 'gw1'"),
                    authenticator.authenticate(basic("gw1", "gateway pass: with spaces")));
        }
        assertFalse(Files.exists(dir.resolve("data/db").resolve(Database.ACCESS_FILE)));
    }

    @Test
    void worksWithoutAServerAndGeneratesAPasswordWhenNoneIsGiven() {
        Run add = fedmap("", "client", "add", "gw1", "--data", data());
        assertEquals(0, add.code(), add.err());
        assertEquals("", add.err());
        String[] lines = add.out().split("\n");
        assertEquals("client 'gw1' added (publisher-id gw1, basic authentication)", lines[0]);
        assertTrue(lines[1].startsWith("password: "), add.out());
        String password = lines[1].substring("password: ".length());
        assertTrue(password.length() >= 20 && password.matches("[A-Za-z0-9_-]+"), password);

        Run again = fedmap("", "client", "add", "gw2", "--data", data());
        assertFalse(again.out().contains(password), "every client gets its own password");

        // What was printed is what was stored.
        try (Database db = Database.openForTool(dir.resolve("data"))) {
            assertFalse(db.throughServer());
            ClientRecord stored = new ClientStore(db).find("gw1").orElseThrow();
            assertTrue(new PasswordHasher().verify(password.toCharArray(), stored.passwordHash()));
        }
    }

    @Test
    void listsClientsAsATable() {
        assertEquals(new Run(0, "no clients\n", ""), fedmap("", "client", "list", "--data", data()));
        fedmap("pw-one\n", "client", "add", "gw-long-name.example", "--data", data(), "--password-stdin");
        fedmap("pw-two\r\n", "client", "add", "a", "--data", data(), "--password-stdin");

        Run list = fedmap("", "client", "list", "--data", data());
        assertEquals(0, list.code());
        String[] lines = list.out().split("\n");
        assertEquals(3, lines.length, list.out());
        assertEquals("NAME                  PUBLISHER-ID          AUTH   CREATED", lines[0]);
        assertTrue(lines[1].matches("a {21}a {21}basic  \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"), lines[1]);
        assertTrue(lines[2].startsWith("gw-long-name.example  gw-long-name.example  basic  "), lines[2]);

        // The CR of a CRLF line end is not part of the password.
        try (Database db = Database.openForTool(dir.resolve("data"))) {
            String hash = new ClientStore(db).find("a").orElseThrow().passwordHash();
            assertTrue(new PasswordHasher().verify("pw-two".toCharArray(), hash));
        }
    }

    @Test
    void reportsFailuresInOneLineWithExitCodeOne() {
        Run unknown = fedmap("", "client", "remove", "gw1", "--data", data());
        assertEquals(new Run(1, "", "no client named 'gw1'\n"), unknown);

        assertEquals(0, fedmap("pw\n", "client", "add", "gw1", "--data", data(), "--password-stdin").code());
        Run duplicate = fedmap("pw\n", "client", "add", "gw1", "--data", data(), "--password-stdin");
        assertEquals(new Run(1, "", "a client named 'gw1' already exists\n"), duplicate);

        Run badName = fedmap("pw\n", "client", "add", "gw 1", "--data", data(), "--password-stdin");
        assertEquals(1, badName.code());
        assertTrue(badName.err().startsWith("invalid client name 'gw 1': "), badName.err());
        assertEquals(1, badName.err().lines().count());

        assertEquals(new Run(1, "", "no password on standard input\n"),
                fedmap("", "client", "add", "gw2", "--data", data(), "--password-stdin"));
        assertEquals(new Run(1, "", "the password on standard input is empty\n"),
                fedmap("\n", "client", "add", "gw2", "--data", data(), "--password-stdin"));
    }

    @Test
    void reportsAnUnusableDataDirectoryInOneLine() throws Exception {
        Path file = Files.writeString(dir.resolve("file"), "x");
        Run run = fedmap("", "client", "list", "--data", file.toString());
        assertEquals(new Run(1, "", "data directory " + file.toAbsolutePath() + " is not a directory\n"), run);
    }

    @Test
    void usageErrorsExitWithTwoAndHelpWithZero() {
        Run noSubcommand = fedmap("", "client");
        assertEquals(2, noSubcommand.code());
        Run unknownOption = fedmap("", "client", "list", "--nope");
        assertEquals(2, unknownOption.code());
        assertTrue(unknownOption.err().contains("--nope"), unknownOption.err());
        Run missingName = fedmap("", "client", "add");
        assertEquals(2, missingName.code());

        for (String sub : new String[] {"add", "list", "remove"}) {
            Run help = fedmap("", "client", sub, "--help");
            assertEquals(0, help.code(), sub);
            assertTrue(help.out().contains("--data=DIR"), help.out());
        }
        assertTrue(fedmap("", "client", "add", "--help").out().contains("--password-stdin"));
        assertFalse(Files.exists(dir.resolve("data")), "usage errors touch nothing");
    }
}
