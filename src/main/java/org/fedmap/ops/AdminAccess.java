package org.fedmap.ops;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Optional;
import org.fedmap.files.PrivateFiles;

/**
 * How the command line reaches the running server's admin API: {@code DATA/admin/admin.json}, written
 * owner-only by the server at every start (with a fresh local password) and removed when it stops. Only
 * whoever may read the data directory's secrets anyway (the server's own account, root) can use it.
 *
 * @param url                the admin listener, e.g. {@code https://127.0.0.1:8444}
 * @param user               the local admin's name, {@value #LOCAL_ADMIN}
 * @param password           its password, valid until the server stops
 * @param certificateSha256  SHA-256 of the server's certificate: the command line trusts exactly it,
 *                           whatever names it carries and whoever issued it
 */
public record AdminAccess(String url, String user, String password, String certificateSha256) {
    /** The name of the credential the server makes for itself; no admin account may take it. */
    public static final String LOCAL_ADMIN = "local";
    public static final String DIRECTORY = "admin";
    public static final String FILE = "admin.json";

    public static Path file(Path dataDir) {
        return dataDir.toAbsolutePath().normalize().resolve(DIRECTORY).resolve(FILE);
    }

    /** Writes the file, owner-only, replacing any older one. */
    public void write(Path dataDir) throws IOException {
        Path file = file(dataDir);
        PrivateFiles.createDirectories(file.getParent());
        PrivateFiles.write(file, (Json.write(this) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The file of a data directory; empty when there is none (no server runs, or it has no admin listener).
     *
     * @throws IllegalArgumentException naming the file when it cannot be read or is damaged
     */
    public static Optional<AdminAccess> read(Path dataDir) {
        Path file = file(dataDir);
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (AccessDeniedException e) {
            throw new IllegalArgumentException("cannot read " + file + ": permission denied (it is readable by the"
                    + " server's account only; run as that account, or use --admin URL --user NAME --password-stdin)");
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
        }
        AdminAccess access = Json.read(text, AdminAccess.class);
        if (access.url() == null || access.user() == null || access.password() == null
                || access.certificateSha256() == null) {
            throw new IllegalArgumentException(file + " is damaged: it lacks the url, user, password or certificate");
        }
        return Optional.of(access);
    }

    /** Removes the file (the server stops, or starts without an admin listener). */
    public static void delete(Path dataDir) throws IOException {
        Files.deleteIfExists(file(dataDir));
    }

    /** SHA-256 of a certificate as colon-separated upper-case hex, as the server's banner prints it. */
    public static String fingerprint(X509Certificate certificate) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot take the SHA-256 of a certificate: " + e.getMessage(), e);
        }
    }

    // Never print the password.
    @Override
    public String toString() {
        return "AdminAccess[url=" + url + ", user=" + user + ", certificateSha256=" + certificateSha256 + "]";
    }
}
