package org.fedmap.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import org.fedmap.security.CertificateAuthority;
import org.fedmap.security.CertificateAuthority.Issued;
import org.fedmap.security.CertificateAuthority.Purpose;
import org.fedmap.security.ServerKeys;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code fedmap pki init-ca|issue|server-cert|show}: fedmap's own certificate authority, for
 * federations without a PKI. It issues client certificates for gateways and the server's own
 * certificate, so gateways trust one CA certificate, {@code DATA/pki/ca.pem}.
 */
@Command(name = "pki", mixinStandardHelpOptions = true,
        description = {"fedmap's own certificate authority: client certificates for gateways, and the server's.",
                "Gateways then trust one file, DATA/pki/ca.pem."},
        subcommands = {PkiCommand.InitCaCommand.class, PkiCommand.IssueCommand.class,
                PkiCommand.ServerCertCommand.class, PkiCommand.ShowCommand.class})
final class PkiCommand {
    // Beyond a century X.509's time encoding and everyone's patience run out.
    private static final int MAX_DAYS = 36_500;

    private static Duration days(int days) {
        if (days < 1 || days > MAX_DAYS) {
            throw new IllegalArgumentException("--days must be between 1 and " + MAX_DAYS + ", not " + days);
        }
        return Duration.ofDays(days);
    }

    private static String instant(Date date) {
        return date.toInstant().truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** The subject alternative names as DNS:x, IP:y, EMAIL:z, the spelling --san takes. */
    private static String names(X509Certificate cert) {
        Collection<List<?>> sans;
        try {
            sans = cert.getSubjectAlternativeNames();
        } catch (CertificateParsingException e) {
            throw new IllegalStateException("cannot read the names of the certificate just made", e);
        }
        if (sans == null) {
            return "(none)";
        }
        List<String> names = new ArrayList<>();
        for (List<?> san : sans) {
            int type = (Integer) san.get(0);
            String prefix = type == 2 ? "DNS:" : type == 7 ? "IP:" : type == 1 ? "EMAIL:" : "other:";
            names.add(prefix + san.get(1));
        }
        return String.join(", ", names);
    }

    @Command(name = "init-ca", mixinStandardHelpOptions = true,
            description = {"Create fedmap's certificate authority in DATA/pki.",
                    "A CA is made once: replacing it would invalidate every certificate it issued."})
    static final class InitCaCommand extends ClientCommand.Base {
        @Option(names = "--cn", paramLabel = "NAME", defaultValue = CertificateAuthority.DEFAULT_COMMON_NAME,
                description = "Common name of the CA (default: ${DEFAULT-VALUE}).")
        String commonName;

        @Option(names = "--days", paramLabel = "N", defaultValue = "" + CertificateAuthority.DEFAULT_CA_DAYS,
                description = "Validity of the CA certificate in days (default: ${DEFAULT-VALUE}).")
        int days;

        @Override
        int execute(PrintWriter out, PrintWriter err) {
            CertificateAuthority ca = CertificateAuthority.init(dataDir, commonName, days(days));
            X509Certificate cert = ca.certificate();
            out.println("CA created: " + cert.getSubjectX500Principal().getName() + ", valid until "
                    + instant(cert.getNotAfter()));
            out.println("  certificate " + CertificateAuthority.caCertificate(dataDir)
                    + " (gateways and IF-MAP clients trust this file)");
            out.println("  SHA-256     " + ca.sha256Fingerprint());
            out.println("  private key " + dataDir.toAbsolutePath().normalize().resolve(CertificateAuthority.CA_KEY)
                    + " (keep it secret, and back it up with its password file)");
            return 0;
        }
    }

    /** What issuing commands share: the names and validity of the certificate. */
    abstract static class IssuingCommand extends ClientCommand.Base {
        @Option(names = "--san", paramLabel = "TYPE:NAME", split = ",",
                description = {"Subject alternative name: DNS:name, IP:address or EMAIL:address.",
                        "Repeat it (or separate with commas) for several."})
        List<String> subjectAltNames = new ArrayList<>();

        @Option(names = "--days", paramLabel = "N", defaultValue = "" + CertificateAuthority.DEFAULT_DAYS,
                description = "Validity in days (default: ${DEFAULT-VALUE}).")
        int days;

        Duration validity() {
            return days(days);
        }
    }

    @Command(name = "issue", mixinStandardHelpOptions = true,
            description = {"Issue a certificate from the CA: a new key and its chain in a PKCS#12 file.",
                    "Without --password-stdin a strong password is generated and shown once.",
                    "Prints the subject to give `client add --cert-subject`."})
    static final class IssueCommand extends IssuingCommand {
        @Option(names = "--cn", paramLabel = "NAME", required = true,
                description = "Common name; the subject becomes CN=NAME,O=fedmap.")
        String commonName;

        @Option(names = "--out", paramLabel = "FILE", required = true,
                description = "PKCS#12 file to write (key and chain, alias NAME); must not exist yet.")
        Path outFile;

        @Option(names = "--password-stdin", description = "Read the PKCS#12 password from the first line of standard input.")
        boolean passwordStdin;

        @Option(names = "--pem", paramLabel = "PREFIX",
                description = "Also write PREFIX.crt.pem (certificate and CA) and PREFIX.key.pem (private key, unencrypted).")
        String pemPrefix;

        @Option(names = "--purpose", paramLabel = "client|server", defaultValue = "client",
                description = "client (TLS client authentication, the default) or server (TLS server authentication).")
        Purpose purpose;

        @Override
        int execute(PrintWriter out, PrintWriter err) {
            Path p12 = outFile.toAbsolutePath().normalize();
            Path pemCert = pemPrefix == null ? null : Path.of(pemPrefix + ".crt.pem").toAbsolutePath().normalize();
            Path pemKey = pemPrefix == null ? null : Path.of(pemPrefix + ".key.pem").toAbsolutePath().normalize();
            // Never overwrite: the file may hold the only copy of a key a gateway still uses.
            for (Path file : new Path[] {p12, pemCert, pemKey}) {
                if (file != null && Files.exists(file)) {
                    throw new IllegalArgumentException(file + " exists already; remove it or choose another name");
                }
            }
            CertificateAuthority ca = CertificateAuthority.load(dataDir);
            char[] password = passwordStdin ? Passwords.readFirstLine(System.in) : Passwords.generate();
            try {
                Issued issued = ca.issue(commonName, subjectAltNames, validity(), purpose);
                issued.writePkcs12(p12, password);
                if (pemPrefix != null) {
                    issued.writePem(pemCert, pemKey);
                }
                X509Certificate cert = issued.certificate();
                out.println("issued " + purpose.name().toLowerCase(Locale.ROOT) + " certificate "
                        + issued.subject() + ", valid until " + instant(cert.getNotAfter()));
                out.println("  subject  " + issued.subject());
                out.println("  names    " + names(cert));
                out.println("  PKCS#12  " + p12 + " (key and chain, alias " + issued.commonName() + ")");
                if (pemPrefix != null) {
                    out.println("  PEM      " + pemCert + " (chain), " + pemKey + " (private key)");
                }
                out.println("  SHA-256  " + issued.sha256Fingerprint());
                if (!passwordStdin) {
                    out.println("password: " + new String(password));
                    out.println("This password is shown only now; the gateway asks for it when importing the file.");
                }
                return 0;
            } finally {
                Arrays.fill(password, '\0');
            }
        }
    }

    @Command(name = "server-cert", mixinStandardHelpOptions = true,
            description = {"Issue the server's own certificate from the CA and install it in DATA/tls.",
                    "It replaces the certificate there; clients then trust DATA/pki/ca.pem.",
                    "The server uses it from its next start."})
    static final class ServerCertCommand extends IssuingCommand {
        @Option(names = "--cn", paramLabel = "HOST", required = true,
                description = "Host name gateways use to reach the server; also a subject alternative name.")
        String host;

        @Override
        int execute(PrintWriter out, PrintWriter err) {
            CertificateAuthority ca = CertificateAuthority.load(dataDir);
            Issued issued = ca.issue(host, subjectAltNames, validity(), Purpose.SERVER);
            Path keystore = ServerKeys.install(dataDir, issued.privateKey(), issued.chain());
            X509Certificate cert = issued.certificate();
            out.println("server certificate " + issued.subject() + " installed, valid until "
                    + instant(cert.getNotAfter()));
            out.println("  names    " + names(cert));
            out.println("  keystore " + keystore + " (certificate also in "
                    + keystore.resolveSibling(ServerKeys.CERTIFICATE_FILE) + ")");
            out.println("  SHA-256  " + issued.sha256Fingerprint());
            out.println("Clients should trust the CA certificate " + CertificateAuthority.caCertificate(dataDir) + ".");
            out.println("Restart the server to use it (tls.keystore or tls.certificate in the configuration,"
                    + " when set, take precedence).");
            return 0;
        }
    }

    @Command(name = "show", aliases = "ca-cert", mixinStandardHelpOptions = true,
            description = {"Print the CA certificate as PEM, for gateways to import.",
                    "Its subject, validity and fingerprint go to standard error,",
                    "so `fedmap pki show > ca.pem` writes just the PEM."})
    static final class ShowCommand extends ClientCommand.Base {
        @Override
        int execute(PrintWriter out, PrintWriter err) {
            CertificateAuthority ca = CertificateAuthority.load(dataDir);
            X509Certificate cert = ca.certificate();
            out.print(ca.certificatePem());
            err.println("subject  " + cert.getSubjectX500Principal().getName());
            err.println("valid    " + instant(cert.getNotBefore()) + " to " + instant(cert.getNotAfter())
                    + (cert.getNotAfter().toInstant().isBefore(Instant.now()) ? " (EXPIRED)" : ""));
            err.println("SHA-256  " + ca.sha256Fingerprint());
            err.println("file     " + CertificateAuthority.caCertificate(dataDir));
            return 0;
        }
    }
}
