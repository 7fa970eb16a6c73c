package org.fedmap.replication;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.fedmap.files.PrivateFiles;

/**
 * The key that seals the passwords of replicas with basic authentication, kept in
 * {@code DATA/replication/replica.key} (owner-only, made on first use).
 *
 * <p>Why encrypted and not hashed, as client passwords are: this server presents the same user and
 * password to the replica when it connects out, so it must be able to recover the password. Why a key
 * file beside the database rather than in it: a copy of the database alone (a backup made without
 * {@code --with-keys}, a dump of its files) then reveals no replica password. No hash is kept beside
 * the sealed password: whoever can check a password with this key can also open it, and a hash would
 * only hand someone with the database but not the key something to guess against offline.
 *
 * <p>AES-256-GCM with a fresh 96-bit nonce per password; the replica's name and user are bound in as
 * associated data, so a sealed password copied onto another replica's row does not open. Stored text:
 * {@code v1:} and base64 of nonce followed by ciphertext and tag.
 */
public final class ReplicaKey {
    /** Directory of the data directory that holds the key; backups copy it with {@code --with-keys}. */
    public static final String DIRECTORY = "replication";
    public static final String FILE = "replica.key";
    private static final String PREFIX = "v1:";
    private static final int KEY_BYTES = 32;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKey key;

    private ReplicaKey(byte[] bytes) {
        key = new SecretKeySpec(bytes, "AES");
    }

    /** Where the key of {@code dataDir} is kept. */
    public static Path file(Path dataDir) {
        return dataDir.toAbsolutePath().normalize().resolve(DIRECTORY).resolve(FILE);
    }

    /** The key of {@code dataDir}, made now (owner-only) if there is none yet. */
    public static ReplicaKey loadOrCreate(Path dataDir) {
        Path file = file(dataDir);
        Optional<ReplicaKey> existing = load(dataDir);
        if (existing.isPresent()) {
            return existing.get();
        }
        byte[] bytes = new byte[KEY_BYTES];
        RANDOM.nextBytes(bytes);
        try {
            PrivateFiles.createDirectories(file.getParent());
            byte[] text = (Base64.getEncoder().encodeToString(bytes) + "\n").getBytes(StandardCharsets.US_ASCII);
            if (PrivateFiles.createNew(file, text)) {
                return new ReplicaKey(bytes);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot create the replica key " + file + ": " + e.getMessage(), e);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
        // another process made it meanwhile: use theirs
        return load(dataDir).orElseThrow(() -> new IllegalStateException("the replica key " + file + " vanished"));
    }

    /** The key of {@code dataDir}, if it has one. */
    public static Optional<ReplicaKey> load(Path dataDir) {
        Path file = file(dataDir);
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII).trim();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the replica key " + file + ": " + e.getMessage(), e);
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            bytes = new byte[0];
        }
        if (bytes.length != KEY_BYTES) {
            throw new IllegalStateException("the replica key " + file + " is damaged (not " + KEY_BYTES
                    + " bytes of base64)");
        }
        try {
            return Optional.of(new ReplicaKey(bytes));
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    /** {@code password} encrypted for the replica {@code name} with user {@code user}, as stored text. */
    public String seal(String name, String user, char[] password) {
        byte[] plain = utf8(password);
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData(name, user));
            byte[] sealed = cipher.doFinal(plain);
            byte[] all = ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array();
            return PREFIX + Base64.getEncoder().encodeToString(all);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encrypt the replica password: " + e.getMessage(), e);
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    /**
     * The password sealed for replica {@code name} with user {@code user}; the caller clears it after use.
     *
     * @throws IllegalArgumentException if it was not sealed with this key for this replica and user
     */
    public char[] open(String name, String user, String sealed) {
        byte[] all;
        try {
            if (sealed == null || !sealed.startsWith(PREFIX)) {
                throw new IllegalArgumentException("not a sealed password of this fedmap");
            }
            all = Base64.getDecoder().decode(sealed.substring(PREFIX.length()));
            if (all.length < NONCE_BYTES + TAG_BITS / 8) {
                throw new IllegalArgumentException("too short");
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the stored password of replica '" + name + "' is damaged ("
                    + e.getMessage() + ")");
        }
        byte[] plain = null;
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, all, 0, NONCE_BYTES));
            cipher.updateAAD(associatedData(name, user));
            plain = cipher.doFinal(all, NONCE_BYTES, all.length - NONCE_BYTES);
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(plain));
            char[] password = new char[chars.remaining()];
            chars.get(password);
            Arrays.fill(chars.array(), '\0');
            return password;
        } catch (javax.crypto.AEADBadTagException e) {
            throw new IllegalArgumentException("the stored password of replica '" + name + "' does not open with"
                    + " this server's replica key (a database restored without its keys?); remove the replica and"
                    + " add it again with its password");
        } catch (GeneralSecurityException | java.nio.charset.CharacterCodingException e) {
            throw new IllegalStateException("cannot decrypt the password of replica '" + name + "': " + e.getMessage(),
                    e);
        } finally {
            if (plain != null) {
                Arrays.fill(plain, (byte) 0);
            }
        }
    }

    private static byte[] associatedData(String name, String user) {
        return ("fedmap replica password\0" + name + "\0" + user).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] utf8(char[] chars) {
        ByteBuffer b = StandardCharsets.UTF_8.encode(CharBuffer.wrap(chars));
        byte[] bytes = new byte[b.remaining()];
        b.get(bytes);
        Arrays.fill(b.array(), (byte) 0);
        return bytes;
    }
}
