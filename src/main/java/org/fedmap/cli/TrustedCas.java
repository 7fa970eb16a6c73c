package org.fedmap.cli;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;

/**
 * The CA certificates a certificate client trusts: read from PEM files an operator names, checked,
 * and kept as normalized PEM text (one block per certificate, 64-character lines, no other text, no
 * duplicates), so that whatever else a file held (comments, a private key) is never stored.
 */
final class TrustedCas {
    private static final String BEGIN = "-----BEGIN CERTIFICATE-----";
    private static final String END = "-----END CERTIFICATE-----";
    private static final int MAX_FILE_BYTES = 1024 * 1024;

    /** Certificates read from files, their normalized PEM text, and what the operator should know about them. */
    record Loaded(List<X509Certificate> certificates, String pem, List<String> warnings) {
    }

    private TrustedCas() {
    }

    /**
     * Reads the certificates in {@code files}, in order.
     *
     * @throws IllegalArgumentException naming the file, if one cannot be read or holds no certificate
     */
    static Loaded read(List<Path> files) {
        List<X509Certificate> all = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        Instant now = Instant.now();
        for (Path file : files) {
            for (X509Certificate cert : readFile(file)) {
                if (all.stream().anyMatch(c -> c.equals(cert))) {
                    continue;
                }
                all.add(cert);
                String who = file + ": '" + subject(cert) + "'";
                if (cert.getBasicConstraints() < 0) {
                    warnings.add("warning: " + who + " is not a CA certificate (its basic constraints do not let it"
                            + " issue certificates)");
                }
                if (cert.getNotAfter().toInstant().isBefore(now)) {
                    warnings.add("warning: " + who + " expired on " + time(cert.getNotAfter().toInstant()));
                } else if (cert.getNotBefore().toInstant().isAfter(now)) {
                    warnings.add("warning: " + who + " is not valid before " + time(cert.getNotBefore().toInstant()));
                }
            }
        }
        return new Loaded(List.copyOf(all), pem(all), List.copyOf(warnings));
    }

    private static List<X509Certificate> readFile(Path file) {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            // Bounded: a CA bundle is a few kilobytes, and --ca might name a device or a huge file by mistake.
            bytes = in.readNBytes(MAX_FILE_BYTES + 1);
            if (bytes.length > MAX_FILE_BYTES) {
                throw new IllegalArgumentException("CA file " + file + " is larger than " + MAX_FILE_BYTES / 1024
                        + " KiB; it cannot be a CA certificate bundle");
            }
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("CA file " + file + " does not exist");
        } catch (AccessDeniedException e) {
            throw new IllegalArgumentException("CA file " + file + " is not readable");
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read CA file " + file + ": " + e.getMessage(), e);
        }
        // ISO-8859-1 maps every byte to one char, so binary content cannot make this fail.
        if (!new String(bytes, StandardCharsets.ISO_8859_1).contains(BEGIN)) {
            throw new IllegalArgumentException("CA file " + file + " is not a PEM file: it has no " + BEGIN + " line");
        }
        try {
            List<X509Certificate> certs = parse(bytes);
            if (certs.isEmpty()) {
                throw new IllegalArgumentException("CA file " + file + " holds no certificate");
            }
            return certs;
        } catch (CertificateException e) {
            throw new IllegalArgumentException("CA file " + file + " holds something that is not a readable"
                    + " X.509 certificate (" + oneLine(e) + "); give a file with only PEM CERTIFICATE blocks", e);
        }
    }

    /** The certificates of stored PEM text (for showing a client). */
    static List<X509Certificate> parse(String pem) throws CertificateException {
        return parse(pem.getBytes(StandardCharsets.US_ASCII));
    }

    private static List<X509Certificate> parse(byte[] bytes) throws CertificateException {
        Collection<? extends Certificate> read = CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(bytes));
        List<X509Certificate> certs = new ArrayList<>();
        for (Certificate c : read) {
            if (!(c instanceof X509Certificate)) {
                throw new CertificateException("not an X.509 certificate: " + c.getType());
            }
            certs.add((X509Certificate) c);
        }
        return certs;
    }

    /** PEM text of {@code certs}: one block each, base64 in 64-character lines, each line ending in a line feed. */
    static String pem(List<X509Certificate> certs) {
        Base64.Encoder encoder = Base64.getMimeEncoder(64, new byte[] {'\n'});
        StringBuilder text = new StringBuilder();
        for (X509Certificate cert : certs) {
            try {
                text.append(BEGIN).append('\n')
                        .append(encoder.encodeToString(cert.getEncoded())).append('\n')
                        .append(END).append('\n');
            } catch (CertificateEncodingException e) {
                throw new IllegalArgumentException("cannot encode certificate '" + subject(cert) + "': " + e.getMessage(), e);
            }
        }
        return text.toString();
    }

    /** The subject in RFC 2253 form, as openssl and Java print it. */
    static String subject(X509Certificate cert) {
        return cert.getSubjectX500Principal().getName();
    }

    /** SHA-256 of the certificate as colon-separated upper-case hex, as openssl and keytool print it. */
    static String sha256(X509Certificate cert) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(cert.getEncoded());
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException("cannot fingerprint certificate '" + subject(cert) + "'", e);
        }
    }

    static String time(Instant t) {
        return DateTimeFormatter.ISO_INSTANT.format(t.truncatedTo(ChronoUnit.SECONDS));
    }

    private static String oneLine(Exception e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return Arrays.stream(m.split("\\s+")).filter(s -> !s.isEmpty()).reduce((a, b) -> a + " " + b).orElse("");
    }
}
