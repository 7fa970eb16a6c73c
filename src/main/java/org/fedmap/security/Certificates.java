package org.fedmap.security;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
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

/**
 * How fedmap makes certificates, shared by the self-signed server certificate and the certificate
 * authority so that both name and sign things the same way. BouncyCastle builds the structures; the
 * JDK's providers make the keys and signatures.
 */
final class Certificates {
    static final String SIGNATURE = "SHA256withRSA";
    /** How far back notBefore lies, so clients whose clocks run a little behind accept a new certificate. */
    static final Duration BACKDATE = Duration.ofHours(1);

    private static final SecureRandom RANDOM = new SecureRandom();
    // Below the 64 characters X.520 allows a common name.
    private static final int MAX_COMMON_NAME = 64;

    private Certificates() {
    }

    static KeyPair rsaKeyPair(int bits) throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(bits, RANDOM);
        return generator.generateKeyPair();
    }

    /**
     * {@code CN=<commonName>,O=fedmap} as RFC 2253 prints it. O is encoded before CN on purpose: some
     * IF-MAP clients (ifmapj with host verification on) take the host from a subject only when it
     * reads {@code CN=host,O=...}, and one rule for every certificate keeps subjects predictable.
     */
    static X500Name subject(String commonName) {
        return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, "fedmap")
                .addRDN(BCStyle.CN, checkCommonName(commonName)).build();
    }

    static String checkCommonName(String commonName) {
        if (commonName == null || commonName.isBlank()) {
            throw new IllegalArgumentException("a certificate needs a common name");
        }
        if (!commonName.equals(commonName.strip()) || commonName.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("common name '" + commonName
                    + "' has leading or trailing spaces or control characters");
        }
        if (commonName.length() > MAX_COMMON_NAME) {
            throw new IllegalArgumentException("common name '" + commonName + "' is longer than "
                    + MAX_COMMON_NAME + " characters");
        }
        return commonName;
    }

    /** Positive, 159 random bits: unpredictable and within the 20 octets RFC 5280 allows. */
    static BigInteger serial() {
        return new BigInteger(159, RANDOM).setBit(0);
    }

    /** A bare host name or address, as in the self-signed certificate: IP when it parses as one, else DNS. */
    static GeneralName hostName(String name) {
        if (IPAddress.isValid(name)) {
            return new GeneralName(GeneralName.iPAddress, name);
        }
        if (!isDnsName(name)) {
            throw new IllegalArgumentException("'" + name + "' is not a DNS name or IP address");
        }
        return new GeneralName(GeneralName.dNSName, name.toLowerCase(Locale.ROOT));
    }

    /** Whether {@link #hostName} would accept {@code name}. */
    static boolean isHostName(String name) {
        return IPAddress.isValid(name) || isDnsName(name);
    }

    /** {@code DNS:name}, {@code IP:address} or {@code EMAIL:address}, the spellings openssl uses. */
    static GeneralName typedName(String spec) {
        int colon = spec == null ? -1 : spec.indexOf(':');
        String type = colon < 0 ? "" : spec.substring(0, colon).toUpperCase(Locale.ROOT);
        String value = colon < 0 ? "" : spec.substring(colon + 1);
        switch (type) {
            case "DNS":
                if (!isDnsName(value)) {
                    throw new IllegalArgumentException("subject alternative name '" + spec + "': '" + value
                            + "' is not a DNS name");
                }
                return new GeneralName(GeneralName.dNSName, value.toLowerCase(Locale.ROOT));
            case "IP":
                // Only literal addresses: a name here would need a DNS lookup, and a range is no address.
                if (!IPAddress.isValid(value)) {
                    throw new IllegalArgumentException("subject alternative name '" + spec + "': '" + value
                            + "' is not an IPv4 or IPv6 address");
                }
                return new GeneralName(GeneralName.iPAddress, value);
            case "EMAIL":
                int at = value.lastIndexOf('@');
                if (at < 1 || !value.substring(0, at).matches("[\\x21-\\x7e&&[^@]]+")
                        || !isDnsName(value.substring(at + 1)) || value.contains("*")) {
                    throw new IllegalArgumentException("subject alternative name '" + spec + "': '" + value
                            + "' is not an e-mail address");
                }
                return new GeneralName(GeneralName.rfc822Name, value);
            default:
                throw new IllegalArgumentException("subject alternative name '" + spec
                        + "' must be DNS:name, IP:address or EMAIL:address");
        }
    }

    /**
     * Letters, digits and hyphens in dot-separated labels of at most 63 characters, none starting or
     * ending with a hyphen; a wildcard only as the whole first label.
     */
    private static boolean isDnsName(String name) {
        if (name == null || name.isEmpty() || name.length() > 253) {
            return false;
        }
        String[] labels = name.split("\\.", -1);
        for (int i = 0; i < labels.length; i++) {
            String label = labels[i];
            boolean wildcard = i == 0 && label.equals("*") && labels.length > 2;
            if (!wildcard && !label.matches("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?")) {
                return false;
            }
        }
        return true;
    }

    /** The names in order, each once; "::1" and "0:0:0:0:0:0:0:1" are the same address, so encodings are compared. */
    static GeneralNames distinct(List<GeneralName> names) {
        List<GeneralName> kept = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (GeneralName g : names) {
            try {
                if (seen.add(Base64.getEncoder().encodeToString(g.getEncoded()))) {
                    kept.add(g);
                }
            } catch (IOException e) {
                throw new IllegalStateException("cannot encode " + g, e);
            }
        }
        return new GeneralNames(kept.toArray(GeneralName[]::new));
    }

    /**
     * A TLS end-entity certificate: not a CA, digitalSignature and keyEncipherment (RSA key exchange
     * still matters to older gateways), one extended key usage, and key identifiers that tie it to its
     * issuer.
     *
     * @param issuerKey        signs the certificate; the subject's own key when self-signed
     * @param issuerPublicKey  names the issuer in the authority key identifier
     * @param altNames         the subject alternative names, or null for none
     */
    static X509Certificate endEntity(X500Name issuer, PrivateKey issuerKey, PublicKey issuerPublicKey,
                                     X500Name subject, PublicKey subjectKey, Instant notAfter,
                                     GeneralNames altNames, KeyPurposeId purpose) throws GeneralSecurityException {
        try {
            X509v3CertificateBuilder builder = builder(issuer, subject, subjectKey, notAfter);
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            if (altNames != null && altNames.getNames().length > 0) {
                builder.addExtension(Extension.subjectAlternativeName, false, altNames);
            }
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true,
                    new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
            builder.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(subjectKey));
            // Computed from the key just as the issuer's subject key identifier was, so the two match.
            builder.addExtension(Extension.authorityKeyIdentifier, false,
                    ext.createAuthorityKeyIdentifier(issuerPublicKey));
            return sign(builder, issuerKey);
        } catch (IOException e) {
            throw new GeneralSecurityException("cannot encode a certificate extension: " + e.getMessage(), e);
        }
    }

    /** A builder with a fresh serial, validity from {@link #BACKDATE} ago until {@code notAfter}. */
    static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, PublicKey subjectKey,
                                            Instant notAfter) {
        Instant now = Instant.now();
        return new JcaX509v3CertificateBuilder(issuer, serial(), Date.from(now.minus(BACKDATE)),
                Date.from(notAfter), subject, subjectKey);
    }

    static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signer) throws GeneralSecurityException {
        try {
            return new JcaX509CertificateConverter()
                    .getCertificate(builder.build(new JcaContentSignerBuilder(SIGNATURE).build(signer)));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException("cannot sign with " + SIGNATURE + ": " + e.getMessage(), e);
        }
    }

    /** SHA-256 of the certificate as colon-separated hex, the form keytool and openssl print. */
    static String sha256Fingerprint(X509Certificate certificate) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("cannot encode certificate " + certificate.getSubjectX500Principal(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
