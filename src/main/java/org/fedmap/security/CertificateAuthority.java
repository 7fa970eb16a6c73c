package org.fedmap.security;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.fedmap.files.PrivateFiles;

/**
 * fedmap's own certificate authority, for federations without a PKI of their own: it issues client
 * certificates for gateways and the server's certificate, so gateways trust one CA certificate
 * ({@code <data>/pki/ca.pem}) instead of each server's self-signed one.
 *
 * <p>The CA lives in {@code <data>/pki/}: {@link #CA_CERTIFICATE} (public; hand it to gateways),
 * {@link #CA_KEY} (a PKCS#12 file with the CA's private key and certificate) and {@link #CA_KEY_PASSWORD}
 * (its password); the key files are owner-only. A CA is made once and never replaced: replacing it would
 * silently invalidate every certificate it issued.
 *
 * <p>Every certificate names its subject {@code CN=<common name>,O=fedmap} (RFC 2253 order), as the
 * self-signed server certificate does: ifmapj's host check needs that form of a server, and one rule for
 * all certificates means the subject a client certificate shows is predictable from its common name.
 * The CA key is RSA 3072; issued keys are RSA 2048, what every gateway supports. BouncyCastle builds
 * the certificates; the JDK's providers make keys and signatures.
 */
public final class CertificateAuthority {
    public static final String DIRECTORY = "pki";
    /** The CA's certificate in PEM, relative to the data directory. */
    public static final String CA_CERTIFICATE = DIRECTORY + "/ca.pem";
    /** PKCS#12 with the CA's private key and certificate, relative to the data directory. */
    public static final String CA_KEY = DIRECTORY + "/ca-key.p12";
    /** The password of {@link #CA_KEY}, relative to the data directory. */
    public static final String CA_KEY_PASSWORD = DIRECTORY + "/ca-key.p12.password";

    public static final String DEFAULT_COMMON_NAME = "fedmap CA";
    /** Ten years: the CA outlives many generations of the certificates it issues. */
    public static final int DEFAULT_CA_DAYS = 3652;
    /** 825 days, the limit public TLS certificates had until 2020; long enough not to be a chore to renew. */
    public static final int DEFAULT_DAYS = 825;

    private static final int CA_RSA_BITS = 3072;
    private static final int RSA_BITS = 2048;
    private static final String ALIAS = "fedmap-ca";

    /** What an issued certificate is for: its extended key usage. */
    public enum Purpose {
        /** TLS client authentication (a gateway logging in to fedmap). */
        CLIENT(KeyPurposeId.id_kp_clientAuth),
        /** TLS server authentication (fedmap itself, or another server). */
        SERVER(KeyPurposeId.id_kp_serverAuth);

        private final KeyPurposeId keyPurpose;

        Purpose(KeyPurposeId keyPurpose) {
            this.keyPurpose = keyPurpose;
        }
    }

    /**
     * A key and its certificate chain: the issued certificate, then the CA's.
     *
     * @param commonName the CN the certificate was issued for; the alias in PKCS#12 files
     */
    public record Issued(String commonName, PrivateKey privateKey, List<X509Certificate> chain) {
        public Issued {
            chain = List.copyOf(chain);
        }

        public X509Certificate certificate() {
            return chain.get(0);
        }

        /** The subject in RFC 2253 form, as Java and most TLS stacks print it: {@code CN=ic1,O=fedmap}. */
        public String subject() {
            return certificate().getSubjectX500Principal().getName();
        }

        public String sha256Fingerprint() {
            return Certificates.sha256Fingerprint(certificate());
        }

        /** Writes key and chain as one owner-only PKCS#12 file, alias {@link #commonName}, protected by {@code password}. */
        public void writePkcs12(Path file, char[] password) {
            try {
                PrivateFiles.write(file, KeyFiles.pkcs12(commonName, privateKey, chain, password));
            } catch (IOException e) {
                throw new KeyMaterialException("cannot write " + file + ": " + KeyFiles.describe(e), e);
            } catch (GeneralSecurityException e) {
                throw new KeyMaterialException("cannot make a PKCS#12 file: " + e.getMessage(), e);
            }
        }

        /**
         * Writes the chain as PEM (certificate first, then the CA's) and the private key as unencrypted
         * PKCS#8 PEM, the key owner-only: the form gateways and reverse proxies import.
         */
        public void writePem(Path certificateFile, Path privateKeyFile) {
            KeyFiles.writeCertificates(certificateFile, chain);
            KeyFiles.writePrivateKey(privateKeyFile, privateKey);
        }
    }

    private final PrivateKey key;
    private final X509Certificate certificate;

    private CertificateAuthority(PrivateKey key, X509Certificate certificate) {
        this.key = key;
        this.certificate = certificate;
    }

    /** {@code <data>/pki/ca.pem}, the CA certificate clients and gateways trust. */
    public static Path caCertificate(Path dataDir) {
        return resolve(dataDir, CA_CERTIFICATE);
    }

    /** Whether a CA was made in this data directory. */
    public static boolean exists(Path dataDir) {
        return Files.exists(resolve(dataDir, CA_KEY)) || Files.exists(caCertificate(dataDir));
    }

    /**
     * Makes a CA in {@code <data>/pki/}: an RSA 3072 key and a self-signed certificate that may sign
     * end-entity certificates only (path length 0).
     *
     * @throws KeyMaterialException when a CA exists there already, or the files cannot be written
     * @throws IllegalArgumentException for an unusable common name or validity
     */
    public static CertificateAuthority init(Path dataDir, String commonName, Duration validity) {
        X500Name subject = Certificates.subject(commonName);
        checkValidity(validity);
        Path dir = resolve(dataDir, DIRECTORY);
        if (exists(dataDir)) {
            throw new KeyMaterialException("a CA already exists in " + dir + "; it stays, because a new one would"
                    + " invalidate every certificate it issued");
        }
        KeyPair keys;
        X509Certificate cert;
        try {
            keys = Certificates.rsaKeyPair(CA_RSA_BITS);
            X509v3CertificateBuilder builder = Certificates.builder(subject, subject, keys.getPublic(),
                    Instant.now().plus(validity));
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            builder.addExtension(Extension.subjectKeyIdentifier, false,
                    new JcaX509ExtensionUtils().createSubjectKeyIdentifier(keys.getPublic()));
            cert = Certificates.sign(builder, keys.getPrivate());
        } catch (GeneralSecurityException | CertIOException e) {
            throw new KeyMaterialException("cannot create a CA certificate: " + e.getMessage(), e);
        }
        char[] password = KeyFiles.randomPassword();
        try {
            PrivateFiles.createDirectories(dir);
            // The password first: a key file without it would be useless.
            KeyFiles.writePassword(resolve(dataDir, CA_KEY_PASSWORD), password);
            PrivateFiles.write(resolve(dataDir, CA_KEY), KeyFiles.pkcs12(ALIAS, keys.getPrivate(), List.of(cert),
                    password));
        } catch (IOException e) {
            throw new KeyMaterialException("cannot write the CA in " + dir + ": " + KeyFiles.describe(e), e);
        } catch (GeneralSecurityException e) {
            throw new KeyMaterialException("cannot store the CA key: " + e.getMessage(), e);
        } finally {
            Arrays.fill(password, '\0');
        }
        KeyFiles.writeCertificates(caCertificate(dataDir), List.of(cert));
        return new CertificateAuthority(keys.getPrivate(), cert);
    }

    /**
     * The CA made by {@link #init} in this data directory. A deleted {@code ca.pem} is written again
     * from the key file, which holds the same certificate.
     */
    public static CertificateAuthority load(Path dataDir) {
        Path keyFile = resolve(dataDir, CA_KEY);
        if (!Files.exists(keyFile)) {
            Path dir = resolve(dataDir, DIRECTORY);
            throw new KeyMaterialException("no CA in " + dir + "; run `fedmap pki init-ca --data "
                    + dataDir + "` first");
        }
        char[] password = KeyFiles.readPassword(resolve(dataDir, CA_KEY_PASSWORD), "the CA key " + keyFile
                + " is there but its password file " + resolve(dataDir, CA_KEY_PASSWORD) + " is missing");
        try {
            KeyStore.PrivateKeyEntry entry = KeyFiles.loadPkcs12(keyFile, password);
            X509Certificate cert = (X509Certificate) entry.getCertificate();
            if (!Files.exists(caCertificate(dataDir))) {
                KeyFiles.writeCertificates(caCertificate(dataDir), List.of(cert));
            }
            return new CertificateAuthority(entry.getPrivateKey(), cert);
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /** The CA certificate in PEM, as in {@code ca.pem}. */
    public String certificatePem() {
        return KeyFiles.certificatesPem(List.of(certificate));
    }

    public String sha256Fingerprint() {
        return Certificates.sha256Fingerprint(certificate);
    }

    /**
     * Issues a certificate with a new RSA 2048 key.
     *
     * @param subjectAltNames {@code DNS:name}, {@code IP:address} or {@code EMAIL:address} each. A SERVER
     *                        certificate also names its common name when that is a host name or address,
     *                        since TLS clients match the host against these names only.
     * @throws IllegalArgumentException for an unusable name, a validity that is not positive or that would
     *                                  outlast the CA certificate
     */
    public Issued issue(String commonName, List<String> subjectAltNames, Duration validity, Purpose purpose) {
        X500Name subject = Certificates.subject(commonName);
        checkValidity(validity);
        Instant notAfter = Instant.now().plus(validity);
        if (notAfter.isAfter(certificate.getNotAfter().toInstant())) {
            throw new IllegalArgumentException("a certificate valid until " + notAfter.truncatedTo(ChronoUnit.SECONDS)
                    + " would outlast the CA certificate, valid until " + certificate.getNotAfter().toInstant()
                    + "; choose a shorter validity");
        }
        List<GeneralName> names = new ArrayList<>();
        if (purpose == Purpose.SERVER && Certificates.isHostName(commonName)) {
            names.add(Certificates.hostName(commonName));
        }
        for (String san : subjectAltNames) {
            names.add(Certificates.typedName(san));
        }
        if (purpose == Purpose.SERVER && names.isEmpty()) {
            throw new IllegalArgumentException("a server certificate needs the name clients connect to: '"
                    + commonName + "' is not a host name or address, so give one as DNS:name or IP:address");
        }
        GeneralNames altNames = Certificates.distinct(names);
        try {
            KeyPair keys = Certificates.rsaKeyPair(RSA_BITS);
            X509Certificate cert = Certificates.endEntity(new JcaX509CertificateHolder(certificate).getSubject(), key,
                    certificate.getPublicKey(), subject, keys.getPublic(), notAfter, altNames, purpose.keyPurpose);
            return new Issued(commonName, keys.getPrivate(), List.of(cert, certificate));
        } catch (GeneralSecurityException e) {
            throw new KeyMaterialException("cannot issue a certificate: " + e.getMessage(), e);
        }
    }

    private static void checkValidity(Duration validity) {
        if (validity == null || validity.isNegative() || validity.isZero()) {
            throw new IllegalArgumentException("a certificate must be valid for some time, not " + validity);
        }
    }

    private static Path resolve(Path dataDir, String relative) {
        return dataDir.toAbsolutePath().normalize().resolve(relative);
    }
}
