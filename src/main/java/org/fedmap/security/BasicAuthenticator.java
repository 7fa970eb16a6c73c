package org.fedmap.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.fedmap.store.AuthMethod;
import org.fedmap.store.ClientRecord;
import org.fedmap.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks HTTP Basic credentials against the client registry.
 *
 * <p>Argon2 is slow on purpose, and gateways send credentials with every request. After a password
 * has passed the slow check once, the authenticator keeps an HMAC of it under a key that lives only
 * in this process, and checks later requests against that. The shortcut holds only while the
 * client's stored hash is the one the password was checked against. A request that fails the
 * shortcut still gets the slow check, as does an unknown name (against a dummy hash), so response
 * times do not tell which names exist.
 */
public final class BasicAuthenticator {
    private static final Logger log = LoggerFactory.getLogger(BasicAuthenticator.class);
    private static final int MAX_NAME_IN_REASON = 64;

    private final ClientRegistry registry;
    private final PasswordHasher hasher;
    private final SecretKeySpec shortcutKey;
    private final String dummyHash;
    private final Map<String, Verified> verified = new ConcurrentHashMap<>();
    /** One MAC per request thread: looking up and keying a Mac costs more than the MAC itself. */
    private final ThreadLocal<Mac> macs;

    /** A password that passed the slow check against {@code passwordHash}. */
    private record Verified(String passwordHash, byte[] mac) {
    }

    public BasicAuthenticator(ClientRegistry registry, PasswordHasher hasher) {
        this.registry = registry;
        this.hasher = hasher;
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        this.shortcutKey = new SecretKeySpec(key, "HmacSHA256");
        this.macs = ThreadLocal.withInitial(this::newMac);
        char[] nobody = new char[24];
        Arrays.fill(nobody, 'x');
        this.dummyHash = hasher.hash(nobody);
        registry.addRemovalListener(verified::remove);
    }

    /** Checks the value of an {@code Authorization} header (null when the request had none). */
    public AuthResult authenticate(String authorizationHeaderValue) {
        if (authorizationHeaderValue == null || authorizationHeaderValue.isBlank()) {
            return AuthResult.Refused.noCredentials();
        }
        BasicCredentials credentials = BasicCredentials.parse(authorizationHeaderValue);
        if (credentials == null) {
            return new AuthResult.Refused("malformed Authorization header");
        }
        try {
            // the record the check is made against, so a refresh by anyone in between is noticed below
            Optional<ClientRecord> seen = lookUp(credentials.name());
            AuthResult result = check(credentials, seen);
            if (result instanceof AuthResult.Refused) {
                // The CLI may have just added the client or changed its password: look once more.
                try {
                    registry.refreshIfChanged();
                } catch (StoreException e) {
                    log.warn("could not check for client changes: {}", e.getMessage());
                }
                Optional<ClientRecord> now = lookUp(credentials.name());
                if (!now.equals(seen)) {
                    result = check(credentials, now);
                }
            }
            return result;
        } finally {
            credentials.erase();
        }
    }

    private Optional<ClientRecord> lookUp(String name) {
        return ClientRecord.isValidName(name) ? registry.find(name) : Optional.empty();
    }

    private AuthResult check(BasicCredentials credentials, Optional<ClientRecord> found) {
        String name = credentials.name();
        char[] password = credentials.password();
        if (found.isEmpty()) {
            hasher.verify(password, dummyHash);
            return new AuthResult.Refused("unknown client " + quote(name));
        }
        ClientRecord client = found.get();
        if (client.authMethod() != AuthMethod.BASIC) {
            hasher.verify(password, dummyHash);
            return new AuthResult.Refused("client " + quote(name) + " does not use basic authentication");
        }
        Verified known = verified.get(name);
        if (known != null && known.passwordHash().equals(client.passwordHash())
                && MessageDigest.isEqual(known.mac(), mac(name, password))) {
            return new AuthResult.Authenticated(ClientIdentity.of(client));
        }
        if (hasher.verify(password, client.passwordHash())) {
            verified.put(name, new Verified(client.passwordHash(), mac(name, password)));
            return new AuthResult.Authenticated(ClientIdentity.of(client));
        }
        return new AuthResult.Refused("wrong password for client " + quote(name));
    }

    /**
     * The client name Basic credentials claim, unverified, for records of refused requests; null when
     * the header is not Basic credentials or names no possible client. The password is wiped at once.
     */
    public static String claimedName(String authorizationHeaderValue) {
        if (authorizationHeaderValue == null || authorizationHeaderValue.isBlank()) {
            return null;
        }
        BasicCredentials credentials = BasicCredentials.parse(authorizationHeaderValue.strip());
        if (credentials == null) {
            return null;
        }
        credentials.erase();
        return ClientRecord.isValidName(credentials.name()) ? credentials.name() : null;
    }

    private byte[] mac(String name, char[] password) {
        byte[] secret = PasswordHasher.toUtf8(password);
        Mac mac = macs.get();
        try {
            // The name is part of the input so that equal passwords of two clients give different MACs.
            mac.update(name.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            return mac.doFinal(secret);
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(shortcutKey);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    private static String quote(String name) {
        return LogText.quote(name, MAX_NAME_IN_REASON);
    }
}
