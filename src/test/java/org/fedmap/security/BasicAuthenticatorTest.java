package org.fedmap.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import org.fedmap.store.ClientStore;
import org.fedmap.store.Database;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BasicAuthenticatorTest {
    @TempDir
    Path dir;
    private Database db;
    private ClientStore store;
    private CountingHasher hasher;
    private ClientRegistry registry;
    private BasicAuthenticator authenticator;

    @BeforeEach
    void setUp() {
        db = Database.openForServer(dir.resolve("data"));
        store = new ClientStore(db);
        hasher = new CountingHasher();
        store.add("gw1", hasher.hash("s3cret".toCharArray()));
        registry = new ClientRegistry(store);
        authenticator = new BasicAuthenticator(registry, hasher);
        hasher.verifications.set(0);
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    private static String basic(String userColonPassword) {
        return "Basic " + Base64.getEncoder().encodeToString(userColonPassword.getBytes(StandardCharsets.UTF_8));
    }

    private static AuthResult refused(String reason) {
        return new AuthResult.Refused(reason);
    }

    private static AuthResult authenticated(String name) {
        return new AuthResult.Authenticated(new ClientIdentity(name, name));
    }

    @Test
    void acceptsTheRightPassword() {
        assertEquals(authenticated("gw1"), authenticator.authenticate(basic("gw1:s3cret")));
        // The scheme is case-insensitive and surrounding blanks are tolerated.
        assertEquals(authenticated("gw1"), authenticator.authenticate("  bAsIc  " + basic("gw1:s3cret").substring(6) + " "));
    }

    @Test
    void refusesAWrongPasswordWithoutRevealingIt() {
        AuthResult r = authenticator.authenticate(basic("gw1:guess-1234"));
        assertEquals(refused("wrong password for client 'gw1'"), r);
        assertFalse(r.toString().contains("guess-1234"));
    }

    @Test
    void refusesAnUnknownClientAfterTheSameSlowWork() {
        assertEquals(refused("unknown client 'nobody'"), authenticator.authenticate(basic("nobody:s3cret")));
        assertEquals(1, hasher.verifications.get(), "an unknown name costs one Argon2 check, like a wrong password");
        assertEquals(refused("unknown client 'bad name?'"), authenticator.authenticate(basic("bad name\n:x")));
    }

    @Test
    void refusesMissingAndMalformedHeaders() {
        assertEquals(refused("no credentials"), authenticator.authenticate(null));
        assertEquals(refused("no credentials"), authenticator.authenticate("  "));
        String malformed = "malformed Authorization header";
        assertEquals(refused(malformed), authenticator.authenticate("Bearer abc"));
        assertEquals(refused(malformed), authenticator.authenticate("Basic"));
        assertEquals(refused(malformed), authenticator.authenticate("Basic !!not-base64!!"));
        assertEquals(refused(malformed), authenticator.authenticate(basic("no-colon-here")));
        assertEquals(refused(malformed), authenticator.authenticate(
                "Basic " + Base64.getEncoder().encodeToString(new byte[] {'g', 'w', '1', ':', (byte) 0xff, (byte) 0xfe})));
        assertEquals(0, hasher.verifications.get());
    }

    @Test
    void acceptsPasswordsContainingColons() {
        store.add("gw2", hasher.hash("a:b::c:".toCharArray()));
        assertEquals(authenticated("gw2"), authenticator.authenticate(basic("gw2:a:b::c:")));
        assertEquals(refused("wrong password for client 'gw2'"), authenticator.authenticate(basic("gw2:a:b::c")));
    }

    @Test
    void checksARepeatedPasswordWithoutArgon2() {
        assertEquals(authenticated("gw1"), authenticator.authenticate(basic("gw1:s3cret")));
        assertEquals(1, hasher.verifications.get());
        for (int i = 0; i < 5; i++) {
            assertEquals(authenticated("gw1"), authenticator.authenticate(basic("gw1:s3cret")));
        }
        assertEquals(1, hasher.verifications.get(), "later requests use the fast check");

        // A wrong password after a success still costs the slow check, so timing reveals nothing.
        assertEquals(refused("wrong password for client 'gw1'"), authenticator.authenticate(basic("gw1:s3creT")));
        assertEquals(2, hasher.verifications.get());
        assertEquals(authenticated("gw1"), authenticator.authenticate(basic("gw1:s3cret")));
        assertEquals(2, hasher.verifications.get());
    }

    @Test
    void forgetsTheFastCheckWhenThePasswordChanges() {
        assertEquals(authenticated("gw1"), authenticator.authenticate(basic("gw1:s3cret")));
        store.remove("gw1");
        store.add("gw1", hasher.hash("n3w".toCharArray()));
        hasher.verifications.set(0);

        // The registry has not polled yet. The new password fails against the old record, which makes
        // the registry look again, and the new record applies at once.
        assertEquals(authenticated("gw1"), authenticator.authenticate(basic("gw1:n3w")));
        assertEquals(2, hasher.verifications.get(), "once against the old hash, once against the new");
        assertEquals(authenticated("gw1"), authenticator.authenticate(basic("gw1:n3w")));
        assertEquals(2, hasher.verifications.get(), "the new password now takes the fast check");

        // The old password's fast check belonged to the old hash; it is gone.
        assertEquals(refused("wrong password for client 'gw1'"), authenticator.authenticate(basic("gw1:s3cret")));
        assertEquals(3, hasher.verifications.get());
    }

    @Test
    void forgetsTheFastCheckWhenTheStoredHashChangesEvenWithTheSamePassword() {
        assertEquals(authenticated("gw1"), authenticator.authenticate(basic("gw1:s3cret")));
        store.remove("gw1");
        store.add("gw1", hasher.hash("s3cret".toCharArray()));
        registry.refreshIfChanged();
        hasher.verifications.set(0);
        assertEquals(authenticated("gw1"), authenticator.authenticate(basic("gw1:s3cret")));
        assertEquals(1, hasher.verifications.get(), "a new stored hash needs a new slow check");
    }

    @Test
    void acceptsAClientAddedAMomentAgoAndRefusesOneJustRemoved() {
        try (Database tool = Database.openForTool(dir.resolve("data"))) {
            new ClientStore(tool).add("gw9", new PasswordHasher().hash("fresh".toCharArray()));
        }
        assertEquals(authenticated("gw9"), authenticator.authenticate(basic("gw9:fresh")));

        assertEquals(authenticated("gw1"), authenticator.authenticate(basic("gw1:s3cret")));
        store.remove("gw1");
        registry.refreshIfChanged();
        AuthResult r = authenticator.authenticate(basic("gw1:s3cret"));
        assertInstanceOf(AuthResult.Refused.class, r);
        assertEquals(refused("unknown client 'gw1'"), r);
    }
}
