package org.fedmap.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import org.fedmap.security.LoginThrottle;
import org.fedmap.security.PasswordHasher;
import org.fedmap.store.AdminStore;
import org.fedmap.store.Database;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdminAuthenticatorTest {
    @TempDir
    Path dir;

    private Database db;
    private AdminStore accounts;
    private LoginThrottle throttle;
    private AdminAuthenticator authenticator;

    @BeforeEach
    void setUp() {
        db = Database.openForTool(dir);
        accounts = new AdminStore(db);
        PasswordHasher hasher = new PasswordHasher();
        accounts.add("ops1", hasher.hash("ops-password".toCharArray()));
        throttle = LoginThrottle.defaults();
        authenticator = new AdminAuthenticator(accounts, hasher, throttle, "local-secret".toCharArray());
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void acceptsTheLocalCredentialAndAdminAccountsOnly() {
        assertEquals(new AdminAuthenticator.Admitted("local"),
                authenticator.authenticate(basic("local", "local-secret"), "127.0.0.1"));
        assertEquals(new AdminAuthenticator.Admitted("ops1"),
                authenticator.authenticate(basic("ops1", "ops-password"), "127.0.0.1"));
        assertEquals("wrong password for the local admin", reason(basic("local", "local-secret2")));
        assertEquals("wrong password for admin 'ops1'", reason(basic("ops1", "local-secret")));
        assertEquals("unknown admin 'ops2'", reason(basic("ops2", "ops-password")));
        assertEquals("malformed Authorization header", reason("Bearer abc"));
        assertEquals("no credentials", reason(null));

        accounts.remove("ops1");
        assertEquals("unknown admin 'ops1'", reason(basic("ops1", "ops-password")), "a removed account counts at once");
    }

    private String reason(String authorization) {
        return assertInstanceOf(AdminAuthenticator.Refused.class,
                authenticator.authenticate(authorization, "192.0.2.1")).reason();
    }

    @Test
    void repeatedFailuresAreSlowedDownInTheSharedThrottle() {
        for (int i = 0; i < 5; i++) {
            AdminAuthenticator.Refused r = assertInstanceOf(AdminAuthenticator.Refused.class,
                    authenticator.authenticate(basic("local", "guess" + i), "198.51.100.7"));
            assertEquals(Duration.ZERO, r.delay(), "the first failures are answered at once");
        }
        AdminAuthenticator.Refused sixth = assertInstanceOf(AdminAuthenticator.Refused.class,
                authenticator.authenticate(basic("ops1", "guess"), "198.51.100.7"));
        assertEquals(Duration.ofMillis(500), sixth.delay());
        assertEquals(Duration.ofSeconds(1), throttle.failed("198.51.100.7"),
                "an IF-MAP failure from the address counts on in the same throttle");
        assertTrue(assertInstanceOf(AdminAuthenticator.Refused.class,
                authenticator.authenticate(null, "198.51.100.7")).delay().isZero(),
                "asking without credentials is the Basic handshake, not a failure");
    }
}
