package org.fedmap.security;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.Date;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.IPAddress;
import org.fedmap.files.PrivateFiles;

/**
 * The key and certificate the server presents over TLS: an operator's PKCS#12 keystore when one is
 * configured, otherwise a self-signed certificate that fedmap creates on first start and keeps in
 * {@code <data>/tls/}, with a PEM copy for gateways to trust.
 *
 * <p>Only the JDK's providers are used: BouncyCastle builds the certificate but does not need to be
 * registered as a provider.
 */
public final class ServerKeys {
    /** Directory under the data directory that holds the generated key material. */
    public static final String DIRECTORY = "tls";
    public static final String KEYSTORE_FILE = "server.p12";
    public static final String PASSWORD_FILE = "server.p12.password";
    public static final String CERTIFICATE_FILE = "server.pem";

    private static final String ALIAS = "fedmap";
    // RSA rather than EC: some gateways' IF-MAP clients support nothing else.
    private static final int RSA_BITS = 2048;
    private static final String SIGNATURE = "SHA256withRSA";
    private static final Duration VALIDITY = Duration.ofDays(730);
    // Tolerate clients whose clocks run a little behind ours.
    private static final Duration BACKDATE = Duration.ofHours(1);

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
            KeyStore.PrivateKeyEntry entry = load(configuredKeystore, password);
            return new ServerKeys(keyManagers(entry, configuredKeystore), (X509Certificate) entry.getCertificate(),
                    false, null);
        }
        Path dir = dataDir.toAbsolutePath().normalize().resolve(DIRECTORY);
        Path keystore = dir.resolve(KEYSTORE_FILE);
        Path passwordFile = dir.resolve(PASSWORD_FILE);
        Path pem = dir.resolve(CERTIFICATE_FILE);
        if (Files.exists(keystore)) {
            char[] password = readPassword(passwordFile, keystore);
            try {
                KeyStore.PrivateKeyEntry entry = load(keystore, password);
                X509Certificate cert = (X509Certificate) entry.getCertificate();
                if (!Files.exists(pem)) {
                    // Someone deleted the copy gateways are told to trust; it is cheap to restore.
                    writePem(pem, cert);
                }
                return new ServerKeys(keyManagers(entry, keystore), cert, false, pem);
            } finally {
                Arrays.fill(password, '\0');
            }
        }
        return create(dir, keystore, passwordFile, pem, bindAddress, hostName);
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

    /** The PEM copy of the certificate for gateways to trust; null when an operator's keystore is used. */
    public Path certificatePem() {
        return certificatePem;
    }

    /** SHA-256 of the certificate as colon-separated hex, the form keytool and openssl print. */
    public String sha256Fingerprint() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    // ---- creating -----------------------------------------------------------------------------

    private static ServerKeys create(Path dir, Path keystore, Path passwordFile, Path pem, String bindAddress,
                                     String hostName) {
        String host = hostName == null || hostName.isBlank() ? "localhost" : hostName.strip();
        try {
            PrivateFiles.createDirectories(dir);
        } catch (IOException e) {
            throw new KeyMaterialException("cannot create " + dir + ": " + describe(e), e);
        }
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(RSA_BITS);
            KeyPair keys = generator.generateKeyPair();
            X509Certificate cert = selfSigned(keys, host, subjectAltNames(host, bindAddress));

            char[] password = randomPassword();
            try {
                KeyStore store = KeyStore.getInstance("PKCS12");
                store.load(null, null);
                store.setKeyEntry(ALIAS, keys.getPrivate(), password, new Certificate[] {cert});
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                store.store(bytes, password);
                // The password first: a keystore without it would be useless at the next start.
                PrivateFiles.write(passwordFile, (new String(password) + "\n").getBytes(StandardCharsets.US_ASCII));
                PrivateFiles.write(keystore, bytes.toByteArray());
            } finally {
                Arrays.fill(password, '\0');
            }
            writePem(pem, cert);
            KeyStore.PrivateKeyEntry entry = new KeyStore.PrivateKeyEntry(keys.getPrivate(), new Certificate[] {cert});
            return new ServerKeys(keyManagers(entry, keystore), cert, true, pem);
        } catch (IOException e) {
            throw new KeyMaterialException("cannot write the TLS key material in " + dir + ": " + describe(e), e);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new KeyMaterialException("cannot create a TLS certificate: " + e.getMessage(), e);
        }
    }

    private static X509Certificate selfSigned(KeyPair keys, String host, GeneralNames altNames)
            throws GeneralSecurityException, OperatorCreationException, IOException {
        // O before CN, so the subject reads "CN=host,O=fedmap": some IF-MAP clients (ifmapj with host
        // verification on) take the host from a subject only in that multi-attribute form
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, "fedmap")
                .addRDN(BCStyle.CN, host).build();
        Instant now = Instant.now();
        // Positive, 159 random bits: unpredictable and within the 20 octets RFC 5280 allows.
        BigInteger serial = new BigInteger(159, new SecureRandom()).setBit(0);
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, serial,
                Date.from(now.minus(BACKDATE)), Date.from(now.plus(VALIDITY)), subject, keys.getPublic());
        JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
        builder.addExtension(Extension.subjectAlternativeName, false, altNames);
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        builder.addExtension(Extension.keyUsage, true,
                new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
        builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
        builder.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(keys.getPublic()));
        builder.addExtension(Extension.authorityKeyIdentifier, false,
                ext.createAuthorityKeyIdentifier(keys.getPublic()));
        var signer = new JcaContentSignerBuilder(SIGNATURE).build(keys.getPrivate());
        return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
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
        Set<String> seen = new LinkedHashSet<>();
        for (String name : names) {
            GeneralName g = IPAddress.isValid(name)
                    ? new GeneralName(GeneralName.iPAddress, name)
                    : new GeneralName(GeneralName.dNSName, checkDnsName(name));
            // "::1" and "0:0:0:0:0:0:0:1" are the same address: compare encodings, not spellings.
            if (seen.add(Base64.getEncoder().encodeToString(encoded(g)))) {
                general.add(g);
            }
        }
        return new GeneralNames(general.toArray(GeneralName[]::new));
    }

    /** {@code *}, or all-zero in either family: 0.0.0.0, ::, 0:0:0:0:0:0:0:0 and the like. */
    private static boolean isWildcard(String address) {
        return address.matches("\\*|[0.:]+");
    }

    private static String checkDnsName(String name) {
        if (!name.matches("[A-Za-z0-9*]([A-Za-z0-9.*-]*[A-Za-z0-9])?")) {
            throw new KeyMaterialException("cannot put '" + name + "' in a certificate: not a DNS name or IP address");
        }
        return name.toLowerCase(Locale.ROOT);
    }

    private static byte[] encoded(GeneralName g) {
        try {
            return g.getEncoded();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void writePem(Path pem, X509Certificate cert) {
        try {
            String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(cert.getEncoded());
            // Public on purpose: this is the file operators hand to gateways.
            Files.writeString(pem, "-----BEGIN CERTIFICATE-----\n" + body + "\n-----END CERTIFICATE-----\n",
                    StandardCharsets.US_ASCII);
        } catch (CertificateEncodingException e) {
            throw new KeyMaterialException("cannot encode the certificate: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new KeyMaterialException("cannot write " + pem + ": " + describe(e), e);
        }
    }

    // ---- loading ------------------------------------------------------------------------------

    private static KeyStore.PrivateKeyEntry load(Path file, char[] password) {
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

    private static KeyManager[] keyManagers(KeyStore.PrivateKeyEntry entry, Path source) {
        try {
            // A keystore of just the chosen entry, so the server never presents some other key in the file.
            char[] transientPassword = randomPassword();
            KeyStore one = KeyStore.getInstance("PKCS12");
            one.load(null, null);
            one.setKeyEntry(ALIAS, entry.getPrivateKey(), transientPassword, entry.getCertificateChain());
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(one, transientPassword);
            return factory.getKeyManagers();
        } catch (GeneralSecurityException | IOException e) {
            throw new KeyMaterialException("cannot use the key from " + source + ": " + e.getMessage(), e);
        }
    }

    private static char[] readPassword(Path passwordFile, Path keystore) {
        try {
            byte[] bytes = Files.readAllBytes(passwordFile);
            String text = new String(bytes, StandardCharsets.UTF_8).strip();
            Arrays.fill(bytes, (byte) 0);
            return text.toCharArray();
        } catch (NoSuchFileException e) {
            throw new KeyMaterialException("keystore " + keystore + " is there but its password file " + passwordFile
                    + " is missing; restore it, or delete the keystore to have a new certificate made", e);
        } catch (IOException e) {
            throw new KeyMaterialException("cannot read " + passwordFile + ": " + describe(e), e);
        }
    }

    private static char[] randomPassword() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes).toCharArray();
    }

    private static String describe(IOException e) {
        if (e instanceof AccessDeniedException a) {
            return "permission denied for " + a.getFile();
        }
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }
}
