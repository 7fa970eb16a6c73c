package org.fedmap.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseTest {
    private static final String HASH = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaA";

    @TempDir
    Path dir;

    private static boolean posix(Path p) {
        return p.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    private static Properties read(Path file) throws Exception {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        }
        return p;
    }

    @Test
    void serverPublishesOwnerOnlyAccessForToolsAndWithdrawsItOnClose() throws Exception {
        Path data = dir.resolve("data");
        Path access = data.resolve("db").resolve(Database.ACCESS_FILE);
        Properties p;
        try (Database server = Database.openForServer(data)) {
            assertTrue(Files.isRegularFile(access));
            if (posix(access)) {
                assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(access)));
                assertEquals("rw-------", PosixFilePermissions.toString(
                        Files.getPosixFilePermissions(data.resolve("db").resolve(Database.OWNER_FILE))));
                assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("db"))));
            }
            p = read(access);
            assertTrue(p.getProperty("url").startsWith("jdbc:hsqldb:hsql://127.0.0.1:"), p.getProperty("url"));
            new ClientStore(server).add("gw1", HASH);

            // What the file says is enough to reach the server's live data over the loopback listener.
            try (Connection c = DriverManager.getConnection(p.getProperty("url"), p.getProperty("user"),
                    p.getProperty("password"));
                 Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT name FROM client")) {
                assertTrue(rs.next());
                assertEquals("gw1", rs.getString(1));
            }
            // ...and nothing less: the owner account is not served on the network.
            Properties owner = read(data.resolve("db").resolve(Database.OWNER_FILE));
            assertThrows(SQLException.class, () -> DriverManager.getConnection(p.getProperty("url"),
                    owner.getProperty("user"), "wrong").close());
            assertThrows(SQLException.class, () -> DriverManager.getConnection(p.getProperty("url"),
                    p.getProperty("user"), "wrong").close());
        }
        assertFalse(Files.exists(access), "access.properties is removed when the server stops");
        assertThrows(SQLException.class, () -> DriverManager.getConnection(p.getProperty("url"),
                p.getProperty("user"), p.getProperty("password")).close());

        try (Stream<Path> files = Files.list(data.resolve("db"))) {
            List<String> names = files.map(f -> f.getFileName().toString()).sorted().toList();
            assertTrue(names.contains("fedmap.script"), names.toString());
            assertTrue(names.stream().filter(n -> !n.equals(Database.OWNER_FILE)).allMatch(n -> n.startsWith("fedmap.")),
                    names.toString());
            assertFalse(names.contains("fedmap.lck"), "a clean shutdown releases the lock: " + names);
        }
    }

    @Test
    void toolGoesThroughARunningServer() {
        Path data = dir.resolve("data");
        try (Database server = Database.openForServer(data)) {
            ClientStore serverSide = new ClientStore(server);
            long before = serverSide.version();
            try (Database tool = Database.openForTool(data)) {
                assertTrue(tool.throughServer());
                new ClientStore(tool).add("gw1", HASH);
            }
            assertTrue(serverSide.find("gw1").isPresent());
            assertNotEquals(before, serverSide.version());
            // The server is unaffected by the tool closing its handle.
            serverSide.add("gw2", HASH);
        }
    }

    @Test
    void secondServerOnTheSameDataDirectoryIsRefused() {
        Path data = dir.resolve("data");
        try (Database server = Database.openForServer(data)) {
            StoreException e = assertThrows(StoreException.class, () -> Database.openForServer(data));
            assertEquals("data directory " + data.toAbsolutePath() + " is in use by a running fedmap server",
                    e.getMessage());
            // The first server and its tools' listener are untouched.
            try (Database tool = Database.openForTool(data)) {
                assertTrue(tool.throughServer());
                new ClientStore(tool).add("gw1", HASH);
            }
            assertTrue(new ClientStore(server).find("gw1").isPresent());
        }
    }

    @Test
    void toolOpensTheFilesWhenNoServerRuns() {
        Path data = dir.resolve("fresh").resolve("data");
        assertFalse(Files.exists(data));
        try (Database tool = Database.openForTool(data)) {
            assertFalse(tool.throughServer());
            new ClientStore(tool).add("gw1", HASH);
        }
        assertTrue(Files.isRegularFile(data.resolve("db").resolve("fedmap.script")));
        assertFalse(Files.exists(data.resolve("db").resolve(Database.ACCESS_FILE)));
    }

    @Test
    void toolIgnoresAndRemovesAccessLeftByACrashedServer() throws Exception {
        Path data = dir.resolve("data");
        try (Database tool = Database.openForTool(data)) {
            new ClientStore(tool).add("gw1", HASH);
        }
        int deadPort;
        try (ServerSocket s = new ServerSocket(0)) {
            deadPort = s.getLocalPort();
        }
        Path access = data.resolve("db").resolve(Database.ACCESS_FILE);
        Files.writeString(access, "url=jdbc\\:hsqldb\\:hsql\\://127.0.0.1\\:" + deadPort + "/fedmap\nuser=FEDMAP_TOOL\npassword=x\n",
                StandardCharsets.ISO_8859_1);
        try (Database tool = Database.openForTool(data)) {
            assertFalse(tool.throughServer());
            assertTrue(new ClientStore(tool).find("gw1").isPresent());
        }
        assertFalse(Files.exists(access));
    }

    @Test
    void transactionRollsBackWhenTheWorkFails() {
        try (Database db = Database.openForTool(dir.resolve("data"))) {
            ClientStore store = new ClientStore(db);
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> db.transaction(c -> {
                try (Statement s = c.createStatement()) {
                    s.executeUpdate("UPDATE store_version SET counter = 999 WHERE id = 1");
                }
                throw new IllegalStateException("changed my mind");
            }));
            assertEquals("changed my mind", e.getMessage());
            assertEquals(0, store.version());

            StoreException sql = assertThrows(StoreException.class,
                    () -> db.transaction(c -> c.createStatement().executeQuery("SELECT nonsense FROM nowhere")));
            assertTrue(sql.getMessage().startsWith("database error in " + db.directory()), sql.getMessage());
        }
    }

    @Test
    void dataDirectoryThatIsAFileIsReportedClearly() throws Exception {
        Path file = Files.writeString(dir.resolve("data"), "not a directory");
        StoreException e = assertThrows(StoreException.class, () -> Database.openForTool(file));
        assertEquals("data directory " + file.toAbsolutePath() + " is not a directory", e.getMessage());
        e = assertThrows(StoreException.class, () -> Database.openForServer(file));
        assertEquals("data directory " + file.toAbsolutePath() + " is not a directory", e.getMessage());
    }

    @Test
    void nonWritableDataDirectoryIsReportedClearly() throws Exception {
        assumeTrue(posix(dir));
        Path data = Files.createDirectory(dir.resolve("data"));
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("r-x------"));
        try {
            // Root may write anyway, which makes the check meaningless.
            assumeFalse(Files.isWritable(data), "permissions are not enforced for this user");
            StoreException e = assertThrows(StoreException.class, () -> Database.openForServer(data));
            assertEquals("data directory " + data.toAbsolutePath() + " is not writable", e.getMessage());
            e = assertThrows(StoreException.class, () -> Database.openForTool(data));
            assertEquals("data directory " + data.toAbsolutePath() + " is not writable", e.getMessage());
        } finally {
            Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwx------"));
        }
    }

    @Test
    void damagedFilesAreReportedClearly() throws Exception {
        Path data = dir.resolve("data");
        try (Database db = Database.openForTool(data)) {
            new ClientStore(db).add("gw1", HASH);
        }
        Files.writeString(data.resolve("db").resolve("fedmap.script"), "THIS IS NOT SQL AT ALL\n");
        StoreException e = assertThrows(StoreException.class, () -> Database.openForTool(data));
        assertTrue(e.getMessage().startsWith("cannot open the database in " + data.toAbsolutePath().resolve("db")),
                e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void databaseFromANewerBuildIsRefused() throws Exception {
        Path data = dir.resolve("data");
        try (Database db = Database.openForTool(data)) {
            db.transaction(c -> c.createStatement().executeUpdate("INSERT INTO schema_version VALUES (99)"));
        }
        StoreException e = assertThrows(StoreException.class, () -> Database.openForServer(data));
        assertTrue(e.getMessage().contains("newer fedmap"), e.getMessage());
    }

    @Test
    void closedDatabaseRefusesWork() {
        Database db = Database.openForTool(dir.resolve("data"));
        db.close();
        db.close();
        assertThrows(StoreException.class, () -> new ClientStore(db).version());
    }
}
