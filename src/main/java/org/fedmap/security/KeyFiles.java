package org.fedmap.security;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.EncryptionScheme;
import org.bouncycastle.asn1.pkcs.PBES2Parameters;
import org.bouncycastle.asn1.pkcs.PBKDF2Params;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.fedmap.files.PrivateFiles;

/**
 * Reads and writes the files key material lives in: PKCS#12 keystores with their password files,
 * PEM certificates and PEM private keys. Failures become {@link KeyMaterialException}s whose message
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

    /** Every certificate in a PEM file, in file order; other PEM objects (a key, say) are passed over. */
    static List<X509Certificate> readCertificates(Path file) {
        List<X509Certificate> certificates = new ArrayList<>();
        // Latin-1 maps every byte: the text around PEM blocks (openssl's "Bag Attributes") may be in any encoding.
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1);
             PEMParser parser = new PEMParser(reader)) {
            JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
            for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
                if (o instanceof X509CertificateHolder) {
                    certificates.add(converter.getCertificate((X509CertificateHolder) o));
                }
            }
        } catch (NoSuchFileException e) {
            throw new KeyMaterialException("certificate file " + file + " does not exist", e);
        } catch (IOException | RuntimeException e) {
            throw new KeyMaterialException("cannot read certificate file " + file + " as PEM: " + message(e), e);
        } catch (GeneralSecurityException e) {
            throw new KeyMaterialException("cannot read a certificate in " + file + ": " + e.getMessage(), e);
        }
        if (certificates.isEmpty()) {
            throw new KeyMaterialException("certificate file " + file
                    + " holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
        }
        return certificates;
    }

    /**
     * The first private key in a PEM file: PKCS#8 ("PRIVATE KEY"), PKCS#1 ("RSA PRIVATE KEY"), SEC 1
     * ("EC PRIVATE KEY") or encrypted PKCS#8 ("ENCRYPTED PRIVATE KEY"), which needs {@code password}.
     *
     * @param password for an encrypted key; must be null for one that is not, so that an operator who
     *                 believes the key protected learns otherwise
     */
    static PrivateKey readPrivateKey(Path file, char[] password) {
        Object found = null;
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1);
             PEMParser parser = new PEMParser(reader)) {
            // Stops at the first key: whatever follows it (a certificate, say) need not even parse.
            for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
                if (o instanceof PrivateKeyInfo || o instanceof PEMKeyPair || o instanceof PKCS8EncryptedPrivateKeyInfo
                        || o instanceof PEMEncryptedKeyPair) {
                    found = o;
                    break;
                }
            }
        } catch (NoSuchFileException e) {
            throw new KeyMaterialException("private key file " + file + " does not exist", e);
        } catch (IOException | RuntimeException e) {
            throw new KeyMaterialException("cannot read private key file " + file + " as PEM: " + message(e), e);
        }
        if (found == null) {
            throw new KeyMaterialException("private key file " + file + " holds no PEM private key"
                    + " (-----BEGIN PRIVATE KEY-----, RSA PRIVATE KEY, EC PRIVATE KEY or ENCRYPTED PRIVATE KEY)");
        }
        if (found instanceof PEMEncryptedKeyPair) {
            throw new KeyMaterialException("private key " + file + " is encrypted in OpenSSL's traditional format,"
                    + " which fedmap does not read; convert it to PKCS#8: openssl pkcs8 -topk8 -v2 aes-256-cbc -in "
                    + file + " -out NEW.pem");
        }
        boolean encrypted = found instanceof PKCS8EncryptedPrivateKeyInfo;
        if (encrypted && (password == null || password.length == 0)) {
            throw new KeyMaterialException("private key " + file
                    + " is encrypted (ENCRYPTED PRIVATE KEY); its password is needed (tls.private-key-password)");
        }
        if (!encrypted && password != null && password.length > 0) {
            throw new KeyMaterialException("private key " + file
                    + " is not encrypted, yet a password for it is set (tls.private-key-password)");
        }
        PrivateKeyInfo info;
        if (encrypted) {
            info = decrypt((PKCS8EncryptedPrivateKeyInfo) found, password, file);
        } else if (found instanceof PEMKeyPair) {
            info = ((PEMKeyPair) found).getPrivateKeyInfo();
        } else {
            info = (PrivateKeyInfo) found;
        }
        try {
            // Without a provider set, the converter uses the JDK's key factories.
            return new JcaPEMKeyConverter().getPrivateKey(info);
        } catch (IOException e) {
            throw new KeyMaterialException("cannot use the private key in " + file + ": " + message(e), e);
        }
    }

    /** The PBES2 ciphers OpenSSL and the JDK write: JDK cipher name and key length in bytes. */
    private record Pbes2Cipher(String name, int keyBytes) {
    }

    private static final Map<ASN1ObjectIdentifier, Pbes2Cipher> PBES2_CIPHERS = Map.of(
            NISTObjectIdentifiers.id_aes128_CBC, new Pbes2Cipher("AES", 16),
            NISTObjectIdentifiers.id_aes192_CBC, new Pbes2Cipher("AES", 24),
            NISTObjectIdentifiers.id_aes256_CBC, new Pbes2Cipher("AES", 32),
            PKCSObjectIdentifiers.des_EDE3_CBC, new Pbes2Cipher("DESede", 24));

    private static final Map<ASN1ObjectIdentifier, String> PBKDF2_PRFS = Map.of(
            PKCSObjectIdentifiers.id_hmacWithSHA1, "PBKDF2WithHmacSHA1",
            PKCSObjectIdentifiers.id_hmacWithSHA224, "PBKDF2WithHmacSHA224",
            PKCSObjectIdentifiers.id_hmacWithSHA256, "PBKDF2WithHmacSHA256",
            PKCSObjectIdentifiers.id_hmacWithSHA384, "PBKDF2WithHmacSHA384",
            PKCSObjectIdentifiers.id_hmacWithSHA512, "PBKDF2WithHmacSHA512");

    /**
     * Decrypts encrypted PKCS#8 with the JDK's ciphers. PBES2 (what OpenSSL writes by default) is taken
     * apart here because the JDK has no "PBES2" key factory and BouncyCastle's lookup asks for cipher
     * names the JDK does not know; the older PBES1 schemes the JDK handles by their identifiers.
     */
    private static PrivateKeyInfo decrypt(PKCS8EncryptedPrivateKeyInfo encrypted, char[] password, Path file) {
        ASN1ObjectIdentifier scheme = encrypted.getEncryptionAlgorithm().getAlgorithm();
        Cipher cipher;
        try {
            cipher = PKCSObjectIdentifiers.id_PBES2.equals(scheme)
                    ? pbes2Cipher(PBES2Parameters.getInstance(encrypted.getEncryptionAlgorithm().getParameters()),
                            password, file)
                    : pbes1Cipher(new EncryptedPrivateKeyInfo(encrypted.getEncoded()), password);
        } catch (NoSuchAlgorithmException e) {
            throw unsupported(file, scheme.getId());
        } catch (GeneralSecurityException | IOException | RuntimeException e) {
            if (e instanceof KeyMaterialException) {
                throw (KeyMaterialException) e;
            }
            throw new KeyMaterialException("cannot read the encrypted private key in " + file + ": " + message(e), e);
        }
        byte[] plain = null;
        try {
            plain = cipher.doFinal(encrypted.getEncryptedData());
            return PrivateKeyInfo.getInstance(plain);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            // A wrong password shows as bad padding, or as padding that happens to fit around garbage.
            throw new KeyMaterialException("cannot decrypt private key " + file + ": wrong password", e);
        } finally {
            if (plain != null) {
                Arrays.fill(plain, (byte) 0);
            }
        }
    }

    private static Cipher pbes2Cipher(PBES2Parameters params, char[] password, Path file)
            throws GeneralSecurityException {
        EncryptionScheme scheme = params.getEncryptionScheme();
        Pbes2Cipher cipher = PBES2_CIPHERS.get(scheme.getAlgorithm());
        boolean pbkdf2 = PKCSObjectIdentifiers.id_PBKDF2.equals(params.getKeyDerivationFunc().getAlgorithm());
        PBKDF2Params kdf = pbkdf2 ? PBKDF2Params.getInstance(params.getKeyDerivationFunc().getParameters()) : null;
        String prf = kdf == null ? null : PBKDF2_PRFS.get(kdf.getPrf().getAlgorithm());
        if (cipher == null || prf == null) {
            throw unsupported(file, "PBES2 with " + params.getKeyDerivationFunc().getAlgorithm().getId()
                    + (kdf == null ? "" : " (" + kdf.getPrf().getAlgorithm().getId() + ")") + " and "
                    + scheme.getAlgorithm().getId());
        }
        byte[] key = SecretKeyFactory.getInstance(prf).generateSecret(new PBEKeySpec(password, kdf.getSalt(),
                kdf.getIterationCount().intValueExact(), cipher.keyBytes() * 8)).getEncoded();
        try {
            byte[] iv = ASN1OctetString.getInstance(scheme.getParameters()).getOctets();
            Cipher c = Cipher.getInstance(cipher.name() + "/CBC/PKCS5Padding");
            c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, cipher.name()), new IvParameterSpec(iv));
            return c;
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    private static Cipher pbes1Cipher(EncryptedPrivateKeyInfo info, char[] password) throws GeneralSecurityException {
        Cipher c = Cipher.getInstance(info.getAlgName());
        c.init(Cipher.DECRYPT_MODE, SecretKeyFactory.getInstance(info.getAlgName())
                .generateSecret(new PBEKeySpec(password)), info.getAlgParameters());
        return c;
    }

    private static KeyMaterialException unsupported(Path file, String what) {
        return new KeyMaterialException("private key " + file + " is encrypted with " + what
                + ", which fedmap cannot decrypt; re-encrypt it: openssl pkcs8 -topk8 -v2 aes-256-cbc -in "
                + file + " -out NEW.pem");
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
