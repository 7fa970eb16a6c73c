package org.fedmap.security;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.fedmap.files.PrivateFiles;

/**
 * The key and certificate the server presents over TLS. In order of precedence: an operator's
 * PKCS#12 keystore or PEM certificate and key when one is configured; otherwise the key in
 * {@code <data>/tls/}, which is a self-signed certificate fedmap creates on first start, or one that
 * {@link #install} put there (a certificate from fedmap's own {@link CertificateAuthority}). A PEM
 * copy of that certificate is kept beside it for gateways to trust.
 *
 * <p>Only the JDK's providers are used: BouncyCastle builds certificates and parses PEM but does not
 * need to be registered as a provider.
 */
public final class ServerKeys {
    /** Directory under the data directory that holds the server's own key material. */
    public static final String DIRECTORY = "tls";
    public static final String KEYSTORE_FILE = "server.p12";
    public static final String PASSWORD_FILE = "server.p12.password";
    public static final String CERTIFICATE_FILE = "server.pem";

    private static final String ALIAS = "fedmap";
    // RSA rather than EC: some gateways' IF-MAP clients support nothing else.
    private static final int RSA_BITS = 2048;
    private static final Duration VALIDITY = Duration.ofDays(730);
    /** Signature algorithms that prove a private key belongs to a certificate's public key, by key type. */
    private static final Map<String, String> PROOF_SIGNATURES = Map.of(
            "RSA", "SHA256withRSA",
            "EC", "SHA256withECDSA",
            "DSA", "SHA256withDSA",
            "EdDSA", "EdDSA",
            "Ed25519", "Ed25519",
            "Ed448", "Ed448");

    private final KeyManager[] keyManagers;
    private final X509Certificate certificate;
    private final boolean createdNow;
    private final Path certificatePem;

    private ServerKeys(KeyManager[] keyManagers, X509Certificate certificate, boolean createdNow, Path certificatePem) {
        this.keyManagers = keyManagers;
        this.certificate = certificate;
        this.createdNow = createdNow;
        this.certificatePem = certificatePem;
    }

    /**
     * Loads the configured keystore if there is one; otherwise the one in {@code <data>/tls/}, creating
     * it first if it does not exist yet.
     *
     * @param bindAddress the address the server listens on; named in the certificate unless it is a wildcard
     * @param hostName the name gateways use to reach the server; the certificate's CN and first name
     * @param configuredKeystore an operator's PKCS#12 file, or null
     * @param configuredKeystorePassword its password (also the key's), or null for none
     */
    public static ServerKeys loadOrCreate(Path dataDir, String bindAddress, String hostName, Path configuredKeystore,
                                          char[] configuredKeystorePassword) {
        if (configuredKeystore != null) {
            char[] password = configuredKeystorePassword == null ? new char[0] : configuredKeystorePassword;
            KeyStore.PrivateKeyEntry entry = KeyFiles.loadPkcs12(configuredKeystore, password);
            return new ServerKeys(keyManagers(entry, configuredKeystore), (X509Certificate) entry.getCertificate(),
                    false, null);
        }
        Path dir = directory(dataDir);
        Path keystore = dir.resolve(KEYSTORE_FILE);
        Path pem = dir.resolve(CERTIFICATE_FILE);
        if (Files.exists(keystore)) {
            char[] password = KeyFiles.readPassword(dir.resolve(PASSWORD_FILE), "keystore " + keystore
                    + " is there but its password file " + dir.resolve(PASSWORD_FILE)
                    + " is missing; restore it, or delete the keystore to have a new certificate made");
            try {
                KeyStore.PrivateKeyEntry entry = KeyFiles.loadPkcs12(keystore, password);
                X509Certificate cert = (X509Certificate) entry.getCertificate();
                if (!Files.exists(pem)) {
                    // Someone deleted the copy gateways are told to trust; it is cheap to restore.
                    KeyFiles.writeCertificates(pem, List.of(cert));
                }
                return new ServerKeys(keyManagers(entry, keystore), cert, false, pem);
            } finally {
                Arrays.fill(password, '\0');
            }
        }
        return create(dataDir, bindAddress, hostName);
    }

    /**
     * Loads an operator's PEM files ({@code tls.certificate} and {@code tls.private-key}); nothing is
     * written. The key must belong to the first certificate; the certificates after it are the chain
     * the server presents with it.
     *
     * @param privateKeyPassword the password of an encrypted PKCS#8 key; null when the key is not encrypted
     */
    public static ServerKeys fromPem(Path certificateFile, Path privateKeyFile, char[] privateKeyPassword) {
        List<X509Certificate> chain = KeyFiles.readCertificates(certificateFile);
        PrivateKey key = KeyFiles.readPrivateKey(privateKeyFile, privateKeyPassword);
        if (!belongsTo(key, chain.get(0))) {
            int other = -1;
            for (int i = 1; i < chain.size() && other < 0; i++) {
                other = belongsTo(key, chain.get(i)) ? i : -1;
            }
            throw new KeyMaterialException("private key " + privateKeyFile + " does not belong to the certificate "
                    + chain.get(0).getSubjectX500Principal().getName() + " in " + certificateFile
                    + (other > 0 ? " but to certificate " + (other + 1) + " there; the server's own certificate"
                            + " must come first" : ""));
        }
        KeyStore.PrivateKeyEntry entry = new KeyStore.PrivateKeyEntry(key, chain.toArray(Certificate[]::new));
        return new ServerKeys(keyManagers(entry, certificateFile), chain.get(0), false, null);
    }

    /**
     * Makes {@code key} and {@code chain} (the server's certificate first) the server's own key material
     * in {@code <data>/tls/}, replacing what is there; {@link #loadOrCreate} uses it from the next start.
     * The keystore keeps its password file's password when there is one, so the switch is a single
     * atomic replacement of the keystore and a server starting meanwhile reads either the old key or
     * the new one, never a keystore it cannot open.
     *
     * @return the keystore written
     */
    public static Path install(Path dataDir, PrivateKey key, List<X509Certificate> chain) {
        Path dir = directory(dataDir);
        write(dir, key, chain);
        return dir.resolve(KEYSTORE_FILE);
    }

    /** For the server's TLS connector. */
    public KeyManager[] keyManagers() {
        return keyManagers.clone();
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /** Whether this call created the key and certificate (the server then tells the operator about them). */
    public boolean createdNow() {
        return createdNow;
    }

    /** The PEM copy of the certificate in {@code <data>/tls/}; null when the operator's key material is configured. */
    public Path certificatePem() {
        return certificatePem;
    }

    /** SHA-256 of the certificate as colon-separated hex, the form keytool and openssl print. */
    public String sha256Fingerprint() {
        return Certificates.sha256Fingerprint(certificate);
    }

    // ---- creating -----------------------------------------------------------------------------

    private static Path directory(Path dataDir) {
        return dataDir.toAbsolutePath().normalize().resolve(DIRECTORY);
    }

    private static ServerKeys create(Path dataDir, String bindAddress, String hostName) {
        String host = hostName == null || hostName.isBlank() ? "localhost" : hostName.strip();
        GeneralNames altNames = subjectAltNames(host, bindAddress);
        KeyPair keys;
        X509Certificate cert;
        try {
            keys = Certificates.rsaKeyPair(RSA_BITS);
            X500Name subject = Certificates.subject(host);
            cert = Certificates.endEntity(subject, keys.getPrivate(), keys.getPublic(), subject, keys.getPublic(),
                    Instant.now().plus(VALIDITY), altNames, KeyPurposeId.id_kp_serverAuth);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new KeyMaterialException("cannot create a TLS certificate: " + e.getMessage(), e);
        }
        Path dir = directory(dataDir);
        write(dir, keys.getPrivate(), List.of(cert));
        KeyStore.PrivateKeyEntry entry = new KeyStore.PrivateKeyEntry(keys.getPrivate(), new Certificate[] {cert});
        return new ServerKeys(keyManagers(entry, dir.resolve(KEYSTORE_FILE)), cert, true,
                dir.resolve(CERTIFICATE_FILE));
    }

    /** The keystore, its password file (when there is none yet) and the public PEM copy of the certificate. */
    private static void write(Path dir, PrivateKey key, List<X509Certificate> chain) {
        Path keystore = dir.resolve(KEYSTORE_FILE);
        Path passwordFile = dir.resolve(PASSWORD_FILE);
        char[] password = null;
        try {
            PrivateFiles.createDirectories(dir);
            if (Files.exists(passwordFile)) {
                password = KeyFiles.readPassword(passwordFile, "cannot read " + passwordFile);
            }
            if (password == null || password.length == 0) {
                password = KeyFiles.randomPassword();
                // The password first: a keystore without it would be useless at the next start.
                KeyFiles.writePassword(passwordFile, password);
            }
            PrivateFiles.write(keystore, KeyFiles.pkcs12(ALIAS, key, chain, password));
        } catch (IOException e) {
            throw new KeyMaterialException("cannot write the TLS key material in " + dir + ": "
                    + KeyFiles.describe(e), e);
        } catch (GeneralSecurityException e) {
            throw new KeyMaterialException("cannot store the TLS key in " + keystore + ": " + e.getMessage(), e);
        } finally {
            if (password != null) {
                Arrays.fill(password, '\0');
            }
        }
        KeyFiles.writeCertificates(dir.resolve(CERTIFICATE_FILE), List.of(chain.get(0)));
    }

    /** The host name, localhost, both loopback addresses and a specific bind address, without repeats. */
    private static GeneralNames subjectAltNames(String host, String bindAddress) {
        Set<String> names = new LinkedHashSet<>();
        names.add(host);
        names.add("localhost");
        names.add("127.0.0.1");
        names.add("::1");
        String bind = bindAddress == null ? "" : bindAddress.strip();
        if (bind.startsWith("[") && bind.endsWith("]")) {
            bind = bind.substring(1, bind.length() - 1);
        }
        if (!bind.isEmpty() && !isWildcard(bind)) {
            names.add(bind);
        }
        List<GeneralName> general = new ArrayList<>();
        for (String name : names) {
            if (!Certificates.isHostName(name)) {
                throw new KeyMaterialException("cannot put '" + name
                        + "' in a certificate: not a DNS name or IP address");
            }
            general.add(Certificates.hostName(name));
        }
        return Certificates.distinct(general);
    }

    /** {@code *}, or all-zero in either family: 0.0.0.0, ::, 0:0:0:0:0:0:0:0 and the like. */
    private static boolean isWildcard(String address) {
        return address.matches("\\*|[0.:]+");
    }

    // ---- using --------------------------------------------------------------------------------

    /** Whether {@code key} signs what the certificate's public key verifies: the one proof that works for every key type. */
    private static boolean belongsTo(PrivateKey key, X509Certificate cert) {
        String algorithm = PROOF_SIGNATURES.get(key.getAlgorithm());
        if (algorithm == null) {
            throw new KeyMaterialException("a " + key.getAlgorithm() + " private key cannot serve TLS here;"
                    + " use an RSA or EC key");
        }
        if (!key.getAlgorithm().equals(cert.getPublicKey().getAlgorithm())) {
            return false;
        }
        try {
            byte[] challenge = new byte[32];
            new SecureRandom().nextBytes(challenge);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(challenge);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(cert.getPublicKey());
            verifier.update(challenge);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static KeyManager[] keyManagers(KeyStore.PrivateKeyEntry entry, Path source) {
        char[] transientPassword = KeyFiles.randomPassword();
        try {
            // A keystore of just the chosen entry, so the server never presents some other key in the file.
            KeyStore one = KeyStore.getInstance("PKCS12");
            one.load(null, null);
            one.setKeyEntry(ALIAS, entry.getPrivateKey(), transientPassword, entry.getCertificateChain());
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(one, transientPassword);
            return factory.getKeyManagers();
        } catch (GeneralSecurityException | IOException e) {
            throw new KeyMaterialException("cannot use the key from " + source + ": " + e.getMessage(), e);
        } finally {
            Arrays.fill(transientPassword, '\0');
        }
    }
}
