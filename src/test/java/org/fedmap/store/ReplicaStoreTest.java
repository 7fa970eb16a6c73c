package org.fedmap.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplicaStoreTest {
    // The store keeps the sealed text and the PEM as given; making them is the replication package's
    // and the command line's business.
    private static final String SEALED = "v1:c2VhbGVkLXBhc3N3b3JkLWJ5dGVz";
    private static final String CA_PEM = "-----BEGIN CERTIFICATE-----\nMIIBfake\n-----END CERTIFICATE-----\n";
    private static final Instant CREATED = Instant.parse("2026-03-04T05:06:07.089Z");

    @TempDir
    Path dir;

    private static ReplicaRecord basic(String name) {
        return new ReplicaRecord(name, "https://london.example.com:8443/dana-ws/soap/dsifmap", "london.example.com",
                List.of("192.0.2.0/24", "2001:db8::7"), AuthMethod.BASIC, "boston", SEALED, null, null, CREATED);
    }

    private static ReplicaRecord certificate(String name) {
        return new ReplicaRecord(name, "https://127.0.0.3:9443/dana-ws/soap/dsifmap", "127.0.0.3",
                List.of("127.0.0.3"), AuthMethod.CERTIFICATE, null, null, CA_PEM,
                List.of("CN=replica3.example.com", "CN=replica3b.example.com"), CREATED);
    }

    @Test
    void addsFindsListsAndRemovesReplicasMovingTheChangeCounterEachTime() {
        try (Database db = Database.openForTool(dir)) {
            ReplicaStore store = new ReplicaStore(db);
            long v0 = store.version();
            ReplicaRecord london = store.add(basic("london"));
            long v1 = store.version();
            ReplicaRecord tokyo = store.add(certificate("tokyo"));
            long v2 = store.version();
            assertTrue(v0 < v1 && v1 < v2, "every add moves the counter the running server watches");

            assertEquals(Optional.of(london), store.find("london"));
            assertEquals(Optional.of(tokyo), store.find("tokyo"));
            assertEquals(Optional.empty(), store.find("LONDON"));
            assertEquals(List.of(london, tokyo), store.list());
            assertEquals(new ClientStore(db).version(), v2, "one counter for clients, settings and replicas");

            assertTrue(store.remove("london"));
            long v3 = store.version();
            assertTrue(v3 > v2);
            assertFalse(store.remove("london"));
            assertEquals(v3, store.version(), "removing nothing changes nothing");
            assertEquals(List.of(tokyo), store.list());
        }
    }

    @Test
    void everyFieldReadsBackAsWrittenAfterARestart() {
        try (Database db = Database.openForTool(dir)) {
            new ReplicaStore(db).add(basic("london"));
            new ReplicaStore(db).add(certificate("tokyo"));
        }
        try (Database db = Database.openForTool(dir)) {
            ReplicaRecord london = new ReplicaStore(db).find("london").orElseThrow();
            assertEquals(basic("london"), london);
            assertEquals("boston", london.user());
            assertEquals(SEALED, london.sealedPassword());
            assertEquals(List.of("192.0.2.0/24", "2001:db8::7"), london.allowedSources());
            assertEquals(CREATED, london.createdAt());
            ReplicaRecord tokyo = new ReplicaStore(db).find("tokyo").orElseThrow();
            assertEquals(certificate("tokyo"), tokyo);
            assertEquals(CA_PEM, tokyo.caCertificates());
            assertEquals(List.of("CN=replica3.example.com", "CN=replica3b.example.com"), tokyo.restrictions());
        }
    }

    @Test
    void refusesATakenNameAlsoInAnotherCase() {
        try (Database db = Database.openForTool(dir)) {
            ReplicaStore store = new ReplicaStore(db);
            store.add(basic("london"));
            long v = store.version();
            assertEquals("a replica named 'london' already exists",
                    assertThrows(IllegalArgumentException.class, () -> store.add(certificate("london"))).getMessage());
            assertEquals("replica name 'London' is taken: it differs from the existing replica 'london' only in case",
                    assertThrows(IllegalArgumentException.class, () -> store.add(basic("London"))).getMessage());
            assertEquals(v, store.version());
            assertEquals(1, store.list().size());
        }
    }

    @Test
    void aDatabaseOfTheLayoutBeforeReplicasIsUpgradedInPlace() {
        try (Database db = Database.openForTool(dir)) {
            new ClientStore(db).add("gw1", "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaA");
            // what the previous build left: layout 5, no replica table
            db.transaction(c -> {
                c.createStatement().execute("DROP TABLE replica");
                return c.createStatement().executeUpdate("DELETE FROM schema_version WHERE version > 5");
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
            assertTrue(Schema.CURRENT >= 6, "the replica table is layout 6; later steps come after it");
            assertTrue(new ClientStore(db).find("gw1").isPresent(), "the clients are still there");
            assertEquals(List.of(), new ReplicaStore(db).list());
            new ReplicaStore(db).add(basic("london"));
            assertEquals(List.of("london"), new ReplicaStore(db).list().stream().map(ReplicaRecord::name).toList());
        }
    }

    @Test
    void urlsAreKeptInOneFormHttpsOnly() {
        assertEquals("https://london.example.com:8443/dana-ws/soap/dsifmap",
                ReplicaRecord.canonicalUrl("https://London.Example.com:8443/dana-ws/soap/dsifmap"));
        assertEquals("https://london.example.com:443/dana-ws/soap/dsifmap",
                ReplicaRecord.canonicalUrl("HTTPS://london.example.com"), "port 443 and fedmap's path by default");
        assertEquals("https://127.0.0.2:8443/dana-ws/soap/ifmap",
                ReplicaRecord.canonicalUrl("https://127.0.0.2:8443/dana-ws/soap/ifmap"));
        assertEquals("https://[2001:db8::2]:8443/dana-ws/soap/dsifmap",
                ReplicaRecord.canonicalUrl("https://[2001:db8::2]:8443/"));
        for (String bad : List.of("http://london.example.com:8443/dana-ws/soap/dsifmap", "ftp://x.example.com/",
                "london.example.com:8443", "https://", "https://user:pw@london.example.com/", "https://a b/",
                "https://london.example.com/x?y=1", "https://london.example.com/#f", "")) {
            assertThrows(IllegalArgumentException.class, () -> ReplicaRecord.canonicalUrl(bad), bad);
        }
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> ReplicaRecord.canonicalUrl("http://london.example.com/")).getMessage().contains("https only"));
    }

    @Test
    void hostnamesAreDnsNamesOrIpLiterals() {
        assertEquals("london.example.com", ReplicaRecord.canonicalHostname("London.Example.COM"));
        assertEquals("localhost", ReplicaRecord.canonicalHostname("localhost"));
        assertEquals("127.0.0.2", ReplicaRecord.canonicalHostname("127.0.0.2"));
        assertEquals("xn--bcher-kva.example", ReplicaRecord.canonicalHostname("xn--bcher-kva.example"));
        assertEquals("2001:db8:0:0:0:0:0:2", ReplicaRecord.canonicalHostname("2001:DB8::2"));
        for (String bad : List.of("", "*.example.com", "-london.example.com", "london-.example.com", "lon don",
                "london..example.com", "london.example.com.", "300.1.1.1", "192.0.2", "[2001:db8::2]", "fe80::1%eth0",
                "2001:db8::zz", "https://london.example.com", "london_1.example.com", "a".repeat(64) + ".example")) {
            assertThrows(IllegalArgumentException.class, () -> ReplicaRecord.canonicalHostname(bad), bad);
        }
    }

    @Test
    void aRecordIsRefusedWhenItsAuthenticationIsIncomplete() {
        assertThrows(IllegalArgumentException.class, () -> new ReplicaRecord("r", "https://r.example.com",
                "r.example.com", List.of(), AuthMethod.BASIC, "u", SEALED, null, null, CREATED), "no source");
        assertThrows(IllegalArgumentException.class, () -> new ReplicaRecord("r", "https://r.example.com",
                "r.example.com", List.of("192.0.2.1"), AuthMethod.BASIC, "u", null, null, null, CREATED), "no password");
        assertThrows(IllegalArgumentException.class, () -> new ReplicaRecord("r", "https://r.example.com",
                "r.example.com", List.of("192.0.2.1"), AuthMethod.BASIC, "u:x", SEALED, null, null, CREATED), "bad user");
        assertThrows(IllegalArgumentException.class, () -> new ReplicaRecord("r", "https://r.example.com",
                "r.example.com", List.of("192.0.2.1"), AuthMethod.CERTIFICATE, null, null, null, List.of("CN=r"),
                CREATED), "no CA");
        assertThrows(IllegalArgumentException.class, () -> new ReplicaRecord("r", "https://r.example.com",
                "r.example.com", List.of("192.0.2.1"), AuthMethod.CERTIFICATE, null, null, CA_PEM, List.of(),
                CREATED), "no restriction");
        assertThrows(IllegalArgumentException.class, () -> new ReplicaRecord("r", "https://r.example.com",
                "r.example.com", List.of("192.0.2.1"), AuthMethod.CERTIFICATE, "u", SEALED, CA_PEM, List.of("CN=r"),
                CREATED), "a password on a certificate replica");
        assertFalse(basic("london").toString().contains(SEALED), "the sealed password stays out of logs");
    }
}
