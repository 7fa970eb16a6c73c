package org.fedmap.security;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.fedmap.files.PrivateFiles;

/**
 * Reads and writes the files key material lives in: PKCS#12 keystores with their password files,
 * and PEM certificates and private keys. Failures become {@link KeyMaterialException}s whose message
 * names the file. Private keys and passwords are written owner-only through {@link PrivateFiles};
 * certificates are public and written plainly.
 */
final class KeyFiles {
    private static final SecureRandom RANDOM = new SecureRandom();

    private KeyFiles() {
    }

    /** 24 random bytes as 32 URL-safe characters: strong, and safe to type into any form. */
    static char[] randomPassword() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        char[] password = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes).toCharArray();
        Arrays.fill(bytes, (byte) 0);
        return password;
    }

    // ---- PKCS#12 ------------------------------------------------------------------------------

    /** A PKCS#12 file holding one key entry; the JDK's default protection (PBES2 with AES-256 since Java 17). */
    static byte[] pkcs12(String alias, PrivateKey key, List<X509Certificate> chain, char[] password)
            throws GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try {
            store.load(null, null);
            store.setKeyEntry(alias, key, password, chain.toArray(Certificate[]::new));
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            store.store(bytes, password);
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new GeneralSecurityException("cannot encode a PKCS#12 keystore: " + e.getMessage(), e);
        }
    }

    /** The first private key entry with an X.509 certificate in a PKCS#12 file. */
    static KeyStore.PrivateKeyEntry loadPkcs12(Path file, char[] password) {
        KeyStore store;
        try (InputStream in = Files.newInputStream(file)) {
            store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
        } catch (NoSuchFileException e) {
            throw new KeyMaterialException("keystore " + file + " does not exist", e);
        } catch (IOException e) {
            if (e.getCause() instanceof UnrecoverableKeyException || e.getMessage() != null
                    && e.getMessage().toLowerCase(Locale.ROOT).contains("password")) {
                throw new KeyMaterialException("cannot open keystore " + file + ": wrong password", e);
            }
            throw new KeyMaterialException("cannot read keystore " + file + " (not a PKCS#12 file?): " + describe(e), e);
        } catch (GeneralSecurityException e) {
            throw new KeyMaterialException("cannot read keystore " + file + ": " + e.getMessage(), e);
        }
        try {
            for (String alias : Collections.list(store.aliases())) {
                if (store.isKeyEntry(alias) && store.getCertificate(alias) instanceof X509Certificate) {
                    PrivateKey key = (PrivateKey) store.getKey(alias, password);
                    return new KeyStore.PrivateKeyEntry(key, store.getCertificateChain(alias));
                }
            }
        } catch (UnrecoverableKeyException e) {
            throw new KeyMaterialException("cannot open the private key in keystore " + file
                    + ": it needs a password other than the keystore's", e);
        } catch (GeneralSecurityException e) {
            throw new KeyMaterialException("cannot read keystore " + file + ": " + e.getMessage(), e);
        }
        throw new KeyMaterialException("keystore " + file + " holds no private key with a certificate");
    }

    /** A password file's content without surrounding white space; {@code ifMissing} is the message when absent. */
    static char[] readPassword(Path file, String ifMissing) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            String text = new String(bytes, StandardCharsets.UTF_8).strip();
            Arrays.fill(bytes, (byte) 0);
            return text.toCharArray();
        } catch (NoSuchFileException e) {
            throw new KeyMaterialException(ifMissing, e);
        } catch (IOException e) {
            throw new KeyMaterialException("cannot read " + file + ": " + describe(e), e);
        }
    }

    static void writePassword(Path file, char[] password) throws IOException {
        byte[] bytes = (new String(password) + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            PrivateFiles.write(file, bytes);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    // ---- PEM ----------------------------------------------------------------------------------

    static String certificatesPem(List<X509Certificate> certificates) {
        StringBuilder pem = new StringBuilder();
        for (X509Certificate cert : certificates) {
            try {
                pem.append(pem("CERTIFICATE", cert.getEncoded()));
            } catch (CertificateEncodingException e) {
                throw new KeyMaterialException("cannot encode certificate " + cert.getSubjectX500Principal()
                        + ": " + e.getMessage(), e);
            }
        }
        return pem.toString();
    }

    /** Writes certificates as PEM, readable by others on purpose: these are the files handed to gateways. */
    static void writeCertificates(Path file, List<X509Certificate> certificates) {
        try {
            Files.writeString(file, certificatesPem(certificates), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new KeyMaterialException("cannot write " + file + ": " + describe(e), e);
        }
    }

    /** Writes a private key as unencrypted PKCS#8 PEM ("PRIVATE KEY"), owner-only. */
    static void writePrivateKey(Path file, PrivateKey key) {
        byte[] der = key.getEncoded();
        byte[] pem = pem("PRIVATE KEY", der).getBytes(StandardCharsets.US_ASCII);
        try {
            PrivateFiles.write(file, pem);
        } catch (IOException e) {
            throw new KeyMaterialException("cannot write " + file + ": " + describe(e), e);
        } finally {
            Arrays.fill(der, (byte) 0);
            Arrays.fill(pem, (byte) 0);
        }
    }

    private static String pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }

    static String describe(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied for " + ((AccessDeniedException) e).getFile();
        }
        return message(e);
    }

    private static String message(Exception e) {
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }
}
