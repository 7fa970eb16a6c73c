package org.fedmap.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.fedmap.security.CertificateAuthority.Issued;
import org.fedmap.security.CertificateAuthority.Purpose;
import org.fedmap.store.ClientRecord;
import org.fedmap.store.ClientStore;
import org.fedmap.store.Database;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which certificate client a certificate belongs to, when several could claim it, and when it has expired. */
class CertificateAuthenticatorTest {
    @TempDir
    Path dir;
    private Database db;
    private ClientStore store;
    private CertificateAuthority ca;
    private Issued gateway;

    @BeforeEach
    void open() {
        db = Database.openForTool(dir.resolve("data"));
        store = new ClientStore(db);
        ca = CertificateAuthority.init(dir.resolve("ca"), "test CA", Duration.ofDays(30));
        gateway = ca.issue("gw.example.com", List.of(), Duration.ofDays(2), Purpose.CLIENT);
    }

    @AfterEach
    void close() {
        db.close();
    }

    private void register(String name, List<String> subjects, List<String> sources) {
        store.add(ClientRecord.certificate(name, ca.certificatePem(), subjects, Instant.now()).toBuilder()
                .allowedSources(sources).build());
    }

    private AuthResult authenticate(Clock clock, String from) {
        CertificateAuthenticator authenticator = new CertificateAuthenticator(new ClientRegistry(store), clock);
        return authenticator.authenticate(gateway.chain().toArray(X509Certificate[]::new), from);
    }

    private static String clientOf(AuthResult r) {
        return assertInstanceOf(AuthResult.Authenticated.class, r, r.toString()).client().name();
    }

    @Test
    void theSourceAddressDecidesBetweenClientsThatAcceptTheSameCertificate() {
        register("node-a", List.of("CN=gw.example.com"), List.of("192.0.2.1"));
        register("node-b", List.of("CN=gw.*"), List.of("192.0.2.2"));
        register("anywhere", List.of(), List.of());
        Clock now = Clock.systemUTC();
        assertEquals("node-a", clientOf(authenticate(now, "192.0.2.1")));
        assertEquals("node-b", clientOf(authenticate(now, "192.0.2.2")));

        // from an address no rule names, three clients fit alike: refused rather than guessed
        AuthResult.Refused ambiguous = assertInstanceOf(AuthResult.Refused.class, authenticate(now, "192.0.2.3"));
        assertEquals(AuthResult.Refusal.FORBIDDEN, ambiguous.refusal());
        assertTrue(ambiguous.reason().contains("fits ['anywhere', 'node-a', 'node-b'] alike"), ambiguous.reason());
    }

    @Test
    void aCertificateOutsideItsValidityIsRefusedEvenAfterItWasAccepted() {
        register("gw", List.of("CN=gw.example.com"), List.of());
        // one registry: the second check finds the chain among those already verified, and must not trust that
        ClientRegistry registry = new ClientRegistry(store);
        X509Certificate[] chain = gateway.chain().toArray(X509Certificate[]::new);
        assertEquals("gw", clientOf(new CertificateAuthenticator(registry, Clock.systemUTC())
                .authenticate(chain, "192.0.2.1")));

        Clock later = Clock.fixed(Instant.now().plus(Duration.ofDays(3)), ZoneOffset.UTC);
        AuthResult r = new CertificateAuthenticator(registry, later).authenticate(chain, "192.0.2.1");
        AuthResult.Refused expired = assertInstanceOf(AuthResult.Refused.class, r);
        assertTrue(expired.reason().contains("is not accepted by any certificate client's CA"), expired.reason());
        assertTrue(expired.reason().contains("expired") || expired.reason().contains("validity"), expired.reason());
    }

    @Test
    void aClientWhoseStoredCaIsUnusableAdmitsNobodyButDoesNotKeepOthersOut() {
        register("gw", List.of("CN=gw.example.com"), List.of());
        store.add(ClientRecord.certificate("broken", "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n",
                List.of(), Instant.now()));
        ClientRegistry registry = new ClientRegistry(store);
        assertTrue(registry.registered("broken").orElseThrow().defect().contains("unusable"),
                registry.registered("broken").orElseThrow().defect());
        assertEquals("gw", clientOf(new CertificateAuthenticator(registry, Clock.systemUTC())
                .authenticate(gateway.chain().toArray(X509Certificate[]::new), "192.0.2.1")));
    }
}
