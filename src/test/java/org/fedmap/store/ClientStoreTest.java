package org.fedmap.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClientStoreTest {
    // Any non-empty string will do for the store; hashing is the security package's business.
    private static final String HASH_A = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaA";
    private static final String HASH_B = "$argon2id$v=19$m=19456,t=2,p=1$b3RoZXJzYWx0b3RoZXI$b3RoZXI";
    // The store keeps the text as given; checking it is a certificate is the command line's business.
    private static final String CA_PEM = "-----BEGIN CERTIFICATE-----\nMIIBfake\n-----END CERTIFICATE-----\n";
    private static final Instant CREATED = Instant.parse("2026-03-04T05:06:07.089Z");

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

    @Test
    void keepsEveryFieldOfACertificateClient() {
        ClientRecord full = new ClientRecord("ic1", "ic1", AuthMethod.CERTIFICATE, null, CA_PEM + CA_PEM,
                List.of("CN=ic1.example.com,O=Example", "CN=ic1-backup.example.com"),
                List.of("192.0.2.0/24", "2001:db8::/32", "198.51.100.7"), true, false, LocalDate.of(2027, 12, 31),
                3, 10_000_000_000L, false, "Connect Secure, rack 4\nsecond line", CREATED);
        assertEquals(full, store.add(full));
        assertEquals(Optional.of(full), store.find("ic1"));
        assertEquals(List.of(full), store.list());
    }

    @Test
    void keepsEveryFieldOfABasicClient() {
        ClientRecord full = new ClientRecord("gw1", "gw1", AuthMethod.BASIC, HASH_A, null, List.of(),
                List.of("10.0.0.0/8"), false, true, LocalDate.of(2026, 1, 1), 1, 0L, true, "policy secure", CREATED);
        assertEquals(full, store.add(full));
        assertEquals(Optional.of(full), store.find("gw1"));

        // Caps and expiry are optional: null goes in and comes out as null, not 0.
        ClientRecord bare = ClientRecord.basic("gw2", HASH_B, CREATED);
        store.add(bare);
        ClientRecord read = store.find("gw2").orElseThrow();
        assertEquals(bare, read);
        assertNull(read.expires());
        assertNull(read.maxSessions());
        assertNull(read.maxMetadata());
        assertTrue(read.enabled());
        assertEquals("", read.description());
    }

    @Test
    void addKeepsMillisecondsOfTheCreationTime() {
        ClientRecord given = ClientRecord.basic("gw1", HASH_A, Instant.parse("2026-03-04T05:06:07.089123456Z"));
        ClientRecord added = store.add(given);
        assertEquals(CREATED, added.createdAt());
        assertEquals(Optional.of(added), store.find("gw1"));
    }

    @Test
    void updateReplacesTheRecordAndBumpsTheVersion() {
        store.add(ClientRecord.basic("gw1", HASH_A, CREATED));
        long v0 = store.version();

        ClientRecord changed = store.update("gw1", r -> r.toBuilder().allowedSources(List.of("192.0.2.1"))
                .readOnly(true).expires(LocalDate.of(2030, 6, 30)).maxSessions(2).maxMetadata(500L)
                .enabled(false).description("moved").build());
        assertEquals(Optional.of(changed), store.find("gw1"));
        assertEquals(List.of("192.0.2.1"), changed.allowedSources());
        assertTrue(changed.readOnly());
        assertFalse(changed.enabled());
        assertEquals(LocalDate.of(2030, 6, 30), changed.expires());
        assertEquals(2, changed.maxSessions());
        assertEquals(500L, changed.maxMetadata());
        assertEquals("moved", changed.description());
        assertEquals(HASH_A, changed.passwordHash(), "what the change leaves alone stays");
        assertEquals(CREATED, changed.createdAt());
        long v1 = store.version();
        assertTrue(v1 > v0);

        // Basic to certificate and back: the other method's credentials go.
        ClientRecord cert = store.update("gw1", r -> r.toBuilder().certificate(CA_PEM, List.of("CN=gw1")).build());
        assertEquals(AuthMethod.CERTIFICATE, cert.authMethod());
        assertNull(cert.passwordHash());
        assertEquals(Optional.of(cert), store.find("gw1"));
        long v2 = store.version();
        assertTrue(v2 > v1);
        ClientRecord basic = store.update("gw1", r -> r.toBuilder().basic(HASH_B).build());
        assertNull(basic.caCertificates());
        assertEquals(List.of(), basic.certSubjects());
        assertEquals(Optional.of(basic), store.find("gw1"));
        long v3 = store.version();
        assertTrue(v3 > v2);

        assertEquals(basic, store.update("gw1", r -> r));
        assertEquals(v3, store.version(), "a change that changes nothing is not a change");
    }

    @Test
    void updateRefusesAnUnknownClient() {
        store.add("gw1", HASH_A);
        long v = store.version();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> store.update("gw2", r -> r.toBuilder().readOnly(true).build()));
        assertEquals("no client named 'gw2'", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> store.update("GW1", r -> r),
                "names are exact, as in find()");
        assertEquals(v, store.version());
        assertEquals(List.of("gw1"), store.list().stream().map(ClientRecord::name).toList());
    }

    @Test
    void updateLeavesTheRecordAloneWhenTheChangeFails() {
        ClientRecord gw1 = store.add(ClientRecord.basic("gw1", HASH_A, CREATED));
        long v = store.version();

        IllegalStateException thrown = assertThrows(IllegalStateException.class,
                () -> store.update("gw1", r -> {
                    throw new IllegalStateException("changed my mind");
                }));
        assertEquals("changed my mind", thrown.getMessage());
        // An invalid result is refused by the record itself.
        assertThrows(IllegalArgumentException.class,
                () -> store.update("gw1", r -> r.toBuilder().readOnly(true).purgeOthers(true).build()));
        assertThrows(IllegalArgumentException.class, () -> store.update("gw1", r -> r.toBuilder().maxSessions(0).build()));
        // Name, publisher-id and creation time are not the change's to make.
        assertThrows(IllegalArgumentException.class, () -> store.update("gw1", r -> ClientRecord.basic("gw2", HASH_A, CREATED)));
        assertThrows(IllegalArgumentException.class,
                () -> store.update("gw1", r -> ClientRecord.basic("gw1", HASH_A, CREATED.plusSeconds(1))));

        assertEquals(Optional.of(gw1), store.find("gw1"));
        assertEquals(List.of(gw1), store.list());
        assertEquals(v, store.version());
    }

    @Test
    void refusesSourceAndSubjectEntriesThatWouldNotReadBackTheSame() {
        // Lists are kept one entry a line: an empty entry or a line break would read back differently,
        // and an empty source list means "any source".
        ClientRecord gw1 = ClientRecord.basic("gw1", HASH_A, CREATED);
        for (List<String> bad : List.of(List.of(""), List.of(" "), List.of("10.0.0.1\n10.0.0.2"), List.of("10.0.0.1\r"))) {
            assertThrows(IllegalArgumentException.class, () -> gw1.toBuilder().allowedSources(bad).build(),
                    () -> "accepted sources " + bad);
        }
        ClientRecord ic1 = ClientRecord.certificate("ic1", CA_PEM, List.of(), CREATED);
        for (List<String> bad : List.of(List.of(""), List.of("CN=a\nCN=b"))) {
            assertThrows(IllegalArgumentException.class, () -> ic1.toBuilder().certSubjects(bad).build(),
                    () -> "accepted subjects " + bad);
        }
    }

    @Test
    void refusesFieldsLongerThanTheirColumnsWithAClearMessage() {
        ClientRecord ic1 = ClientRecord.certificate("ic1", CA_PEM, List.of(), CREATED);
        IllegalArgumentException pem = assertThrows(IllegalArgumentException.class,
                () -> ic1.toBuilder().caCertificates("x".repeat(ClientRecord.MAX_CA_CERTIFICATES_LENGTH + 1)).build());
        assertTrue(pem.getMessage().contains("trusted CA certificates"), pem.getMessage());
        List<String> many = java.util.stream.IntStream.range(0, 2000).mapToObj(i -> "CN=client" + i).toList();
        IllegalArgumentException subjects = assertThrows(IllegalArgumentException.class,
                () -> ic1.toBuilder().certSubjects(many).build());
        assertTrue(subjects.getMessage().contains("subject"), subjects.getMessage());
        List<String> sources = java.util.stream.IntStream.range(0, 2000).mapToObj(i -> "10.0." + (i / 256) + "." + (i % 256))
                .toList();
        IllegalArgumentException src = assertThrows(IllegalArgumentException.class,
                () -> ic1.toBuilder().allowedSources(sources).build());
        assertTrue(src.getMessage().contains("source"), src.getMessage());
    }

    @Test
    void upgradesALayoutOneDatabaseAndItsClients() throws Exception {
        db.close();
        Path data = dir.resolve("old");
        Path dbDir = Files.createDirectories(data.resolve(Database.DIRECTORY));
        Properties owner = new Properties();
        owner.setProperty("user", "FEDMAP");
        owner.setProperty("password", "old-owner-secret");
        try (var out = Files.newOutputStream(dbDir.resolve(Database.OWNER_FILE))) {
            owner.store(out, null);
        }
        // Layout 1 exactly as the first release wrote it, with one client.
        try (Connection c = DriverManager.getConnection("jdbc:hsqldb:file:" + dbDir.resolve("fedmap"), owner);
             Statement s = c.createStatement()) {
            s.execute("SET DATABASE TRANSACTION CONTROL MVCC");
            s.execute("CREATE TABLE client (name VARCHAR(64) NOT NULL PRIMARY KEY, publisher_id VARCHAR(64) NOT NULL,"
                    + " auth_method VARCHAR(32) NOT NULL, password_hash VARCHAR(512),"
                    + " created_at TIMESTAMP(3) WITH TIME ZONE NOT NULL,"
                    + " CONSTRAINT client_publisher_id_unique UNIQUE (publisher_id))");
            s.execute("CREATE TABLE store_version (id INTEGER NOT NULL PRIMARY KEY, counter BIGINT NOT NULL)");
            s.execute("INSERT INTO store_version VALUES (1, 7)");
            s.execute("CREATE TABLE setting (name VARCHAR(128) NOT NULL PRIMARY KEY, content VARCHAR(4000) NOT NULL)");
            s.execute("INSERT INTO setting VALUES ('first-client-issued', 'true')");
            s.execute("CREATE TABLE schema_version (version INTEGER NOT NULL PRIMARY KEY)");
            s.execute("INSERT INTO schema_version VALUES (1)");
            try (PreparedStatement ins = c.prepareStatement("INSERT INTO client VALUES (?, ?, ?, ?, ?)")) {
                ins.setString(1, "client1");
                ins.setString(2, "client1");
                ins.setString(3, "BASIC");
                ins.setString(4, HASH_A);
                ins.setObject(5, OffsetDateTime.ofInstant(CREATED, ZoneOffset.UTC));
                ins.executeUpdate();
            }
            s.execute("SHUTDOWN");
        }

        db = Database.openForTool(data);
        store = new ClientStore(db);
        assertEquals(Optional.of(ClientRecord.basic("client1", HASH_A, CREATED)), store.find("client1"));
        ClientRecord old = store.find("client1").orElseThrow();
        assertTrue(old.enabled());
        assertEquals(List.of(), old.allowedSources());
        assertFalse(old.readOnly());
        assertFalse(old.purgeOthers());
        assertNull(old.expires());
        assertNull(old.maxSessions());
        assertNull(old.maxMetadata());
        assertEquals(Optional.of("true"), store.setting("first-client-issued"));
        assertEquals(7, store.version());
        assertEquals(java.util.stream.IntStream.rangeClosed(1, Schema.CURRENT).boxed().toList(), db.transaction(c -> {
            List<Integer> versions = new java.util.ArrayList<>();
            try (Statement s = c.createStatement();
                 var rs = s.executeQuery("SELECT version FROM schema_version ORDER BY version")) {
                while (rs.next()) {
                    versions.add(rs.getInt(1));
                }
            }
            return versions;
        }));

        // The upgraded database takes clients of the new layout next to the old one.
        ClientRecord ic1 = store.add(ClientRecord.certificate("ic1", CA_PEM, List.of("CN=ic1"), CREATED));
        store.update("client1", r -> r.toBuilder().maxSessions(1).build());
        db.close();
        db = Database.openForTool(data);
        store = new ClientStore(db);
        assertEquals(Optional.of(ic1), store.find("ic1"));
        assertEquals(1, store.find("client1").orElseThrow().maxSessions());
    }
}
