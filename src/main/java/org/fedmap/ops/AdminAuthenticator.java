package org.fedmap.ops;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import org.fedmap.security.BasicCredentials;
import org.fedmap.security.LogText;
import org.fedmap.security.LoginThrottle;
import org.fedmap.security.PasswordHasher;
import org.fedmap.store.AdminAccount;
import org.fedmap.store.AdminStore;
import org.fedmap.store.StoreException;

/**
 * Checks HTTP Basic credentials of admin API requests: the admin accounts in the store (Argon2 hashes,
 * looked up on every request, so the command line's changes count at once), and the local credential
 * the server made at this start. IF-MAP clients' credentials are never accepted here.
 *
 * <p>Failures count against the source address in the same {@link LoginThrottle} as IF-MAP logins, so
 * guessing admin passwords slows down just as guessing client passwords does. An unknown name is
 * checked against a dummy hash, so response times do not tell which names exist.
 */
public final class AdminAuthenticator {
    /** The outcome of one check. */
    public sealed interface Outcome {
    }

    public record Admitted(String admin) implements Outcome {
    }

    /**
     * @param reason for the server's log only
     * @param delay  how long to hold the answer back (repeated failures from one address)
     */
    public record Refused(String reason, Duration delay) implements Outcome {
    }

    private final AdminStore accounts;
    private final PasswordHasher hasher;
    private final LoginThrottle throttle;
    private final byte[] localDigest;
    private final String dummyHash;

    /** @param localPassword the local admin's password; only its digest is kept */
    public AdminAuthenticator(AdminStore accounts, PasswordHasher hasher, LoginThrottle throttle, char[] localPassword) {
        this.accounts = accounts;
        this.hasher = hasher;
        this.throttle = throttle;
        this.localDigest = digest(localPassword);
        char[] nobody = new char[24];
        Arrays.fill(nobody, 'x');
        this.dummyHash = hasher.hash(nobody);
    }

    /** Checks the {@code Authorization} header (null when the request had none) of a request from {@code remoteAddress}. */
    public Outcome authenticate(String authorization, String remoteAddress) {
        if (authorization == null || authorization.isBlank()) {
            // the first request of a Basic handshake: not a failed login
            return new Refused("no credentials", Duration.ZERO);
        }
        BasicCredentials credentials = BasicCredentials.parse(authorization);
        if (credentials == null) {
            return failed("malformed Authorization header", remoteAddress);
        }
        try {
            return check(credentials, remoteAddress);
        } finally {
            credentials.erase();
        }
    }

    private Outcome check(BasicCredentials credentials, String remoteAddress) {
        String name = credentials.name();
        if (AdminAccess.LOCAL_ADMIN.equals(name)) {
            // a random 192-bit secret needs no slow hash: guessing it is hopeless anyway
            if (MessageDigest.isEqual(localDigest, digest(credentials.password()))) {
                return new Admitted(name);
            }
            return failed("wrong password for the local admin", remoteAddress);
        }
        Optional<AdminAccount> account;
        try {
            account = accounts.find(name);
        } catch (StoreException e) {
            return new Refused("cannot look up admin accounts: " + e.getMessage(), Duration.ZERO);
        }
        if (account.isEmpty()) {
            hasher.verify(credentials.password(), dummyHash);
            return failed("unknown admin " + LogText.quote(name, 64), remoteAddress);
        }
        if (!hasher.verify(credentials.password(), account.get().passwordHash())) {
            return failed("wrong password for admin " + LogText.quote(name, 64), remoteAddress);
        }
        return new Admitted(name);
    }

    private Refused failed(String reason, String remoteAddress) {
        return new Refused(reason, throttle.failed(remoteAddress));
    }

    private static byte[] digest(char[] password) {
        ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
        byte[] utf8 = new byte[encoded.remaining()];
        encoded.get(utf8);
        if (encoded.hasArray()) {
            Arrays.fill(encoded.array(), (byte) 0);
        }
        try {
            return MessageDigest.getInstance("SHA-256").digest(utf8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        } finally {
            Arrays.fill(utf8, (byte) 0);
        }
    }
}
