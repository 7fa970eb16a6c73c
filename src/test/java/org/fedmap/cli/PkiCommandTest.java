package org.fedmap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.HttpsURLConnection;
import org.fedmap.security.CertificateAuthority;
import org.fedmap.security.ServerKeys;
import org.fedmap.testsupport.Cli;
import org.fedmap.testsupport.Cli.Run;
import org.fedmap.testsupport.TestServer;
import org.fedmap.testsupport.Tls;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PkiCommandTest {
    @TempDir
    Path dir;

    private String data() {
        return dir.resolve("data").toString();
    }

    private Run pki(String stdin, String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "pki";
        System.arraycopy(args, 0, all, 1, args.length);
        all[args.length + 1] = "--data";
        all[args.length + 2] = data();
        return Cli.fedmap(stdin, all);
    }

    private static void assertOneLineFailure(Run run, String message) {
        assertEquals(1, run.code(), run.out() + run.err());
        assertEquals("", run.out());
        assertEquals(message + "\n", run.err());
    }

    private static KeyStore loadP12(Path file, char[] password) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, password);
        }
        return store;
    }

    private static String line(String out, String regex) {
        Matcher m = Pattern.compile("(?m)^" + regex + "$").matcher(out);
        assertTrue(m.find(), regex + " in\n" + out);
        return m.groupCount() > 0 ? m.group(1) : m.group();
    }

    @Test
    void initCaTellsWhereTheCertificateIsAndRefusesASecondCa() throws Exception {
        Run init = pki("", "init-ca", "--cn", "Example CA", "--days", "365");
        assertEquals(0, init.code(), init.err());
        assertEquals("", init.err());
        Path caPem = dir.resolve("data/pki/ca.pem").toAbsolutePath();
        X509Certificate ca = Tls.readPem(caPem);
        assertEquals("CN=Example CA,O=fedmap", ca.getSubjectX500Principal().getName());
        assertTrue(init.out().startsWith("CA created: CN=Example CA,O=fedmap, valid until "), init.out());
        line(init.out(), "  certificate " + Pattern.quote(caPem.toString()) + " .*");
        String fingerprint = line(init.out(), "  SHA-256     ([0-9A-F:]{95})");
        assertEquals(CertificateAuthority.load(dir.resolve("data")).sha256Fingerprint(), fingerprint);

        assertOneLineFailure(pki("", "init-ca"), "a CA already exists in " + caPem.getParent()
                + "; it stays, because a new one would invalidate every certificate it issued");
        assertEquals(ca, Tls.readPem(caPem));
    }

    @Test
    void issueWritesAPkcs12WithThePasswordFromStandardInput() throws Exception {
        assertEquals(0, pki("", "init-ca").code());
        Path p12 = dir.resolve("ic1.p12");
        Run issue = pki("p12 pass: with spaces\nignored\n", "issue", "--cn", "ic1", "--san", "DNS:ic1.example.test",
                "--san", "IP:192.0.2.4,EMAIL:ops@example.test", "--out", p12.toString(), "--password-stdin",
                "--pem", dir.resolve("ic1").toString());
        assertEquals(0, issue.code(), issue.err());
        assertEquals("", issue.err());
        assertEquals("CN=ic1,O=fedmap", line(issue.out(), "  subject  (.*)"));
        assertEquals("DNS:ic1.example.test, IP:192.0.2.4, EMAIL:ops@example.test", line(issue.out(), "  names    (.*)"));
        assertFalse(issue.out().contains("password"), "a password from standard input is not printed");

        KeyStore store = loadP12(p12, "p12 pass: with spaces".toCharArray());
        X509Certificate[] chain = Arrays.stream(store.getCertificateChain("ic1")).toArray(X509Certificate[]::new);
        assertEquals(2, chain.length);
        assertEquals("CN=ic1,O=fedmap", chain[0].getSubjectX500Principal().getName());
        assertEquals(Tls.readPem(CertificateAuthority.caCertificate(dir.resolve("data"))), chain[1]);
        assertEquals(List.of("1.3.6.1.5.5.7.3.2"), chain[0].getExtendedKeyUsage(), "clientAuth by default");
        chain[0].verify(chain[1].getPublicKey());
        assertEquals(chain[0], Tls.readPem(dir.resolve("ic1.crt.pem")));
        assertTrue(Files.readString(dir.resolve("ic1.key.pem")).startsWith("-----BEGIN PRIVATE KEY-----"));
        if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(p12)));
            assertEquals("rw-------", PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(dir.resolve("ic1.key.pem"))));
        }
    }

    @Test
    void issueWithoutAPasswordMakesOneAndShowsItOnce() throws Exception {
        assertEquals(0, pki("", "init-ca").code());
        Path p12 = dir.resolve("srv.p12");
        Run issue = pki("", "issue", "--cn", "proxy.example.test", "--purpose", "server", "--days", "10",
                "--out", p12.toString());
        assertEquals(0, issue.code(), issue.err());
        String password = line(issue.out(), "password: (\\S{32})");
        X509Certificate cert = (X509Certificate) loadP12(p12, password.toCharArray()).getCertificate("proxy.example.test");
        assertEquals(List.of("1.3.6.1.5.5.7.3.1"), cert.getExtendedKeyUsage());
        assertEquals(java.util.Set.of("DNS:proxy.example.test"), Tls.altNames(cert));
        assertTrue(issue.out().startsWith("issued server certificate CN=proxy.example.test,O=fedmap, valid until "),
                issue.out());
    }

    @Test
    void serverCertReplacesTheServersCertificateWithOneFromTheCa() throws Exception {
        Path dataDir = dir.resolve("data");
        ServerKeys selfSigned = ServerKeys.loadOrCreate(dataDir, null, "localhost", null, null);
        assertEquals(0, pki("", "init-ca").code());

        Run run = pki("", "server-cert", "--cn", "localhost", "--san", "IP:127.0.0.1");
        assertEquals(0, run.code(), run.err());
        assertEquals("", run.err());
        assertTrue(run.out().startsWith("server certificate CN=localhost,O=fedmap installed, valid until "), run.out());
        assertEquals("DNS:localhost, IP:127.0.0.1", line(run.out(), "  names    (.*)"));
        Path caPem = CertificateAuthority.caCertificate(dataDir);
        assertTrue(run.out().contains("Clients should trust the CA certificate " + caPem + ".\n"), run.out());
        assertTrue(run.out().contains("Restart the server"), run.out());

        ServerKeys keys = ServerKeys.loadOrCreate(dataDir, null, "localhost", null, null);
        assertFalse(keys.createdNow());
        assertEquals(Tls.readPem(caPem).getSubjectX500Principal(), keys.certificate().getIssuerX500Principal());
        assertEquals(keys.sha256Fingerprint(), line(run.out(), "  SHA-256  (.*)"));
        assertFalse(keys.sha256Fingerprint().equals(selfSigned.sha256Fingerprint()));
        assertEquals(keys.certificate(), Tls.readPem(keys.certificatePem()));

        // A server started on that data directory presents it; a client trusting only ca.pem connects.
        try (TestServer server = TestServer.start(Map.of(), dataDir, false)) {
            assertEquals(keys.certificate(), server.certificate());
            assertEquals(200, wsdlStatus("https://localhost:" + server.port(), Tls.readPem(caPem)));
        }
    }

    /** The PEM files `issue --pem` writes are what tls.certificate and tls.private-key take. */
    @Test
    void aServerConfiguredWithIssuedPemFilesServesClientsThatTrustTheCa() throws Exception {
        assertEquals(0, pki("", "init-ca").code());
        Path prefix = dir.resolve("pem/fedmap");
        Files.createDirectories(prefix.getParent());
        Run issue = pki("pw\n", "issue", "--purpose", "server", "--cn", "localhost", "--out",
                dir.resolve("fedmap.p12").toString(), "--password-stdin", "--pem", prefix.toString());
        assertEquals(0, issue.code(), issue.err());

        try (TestServer server = TestServer.start(Map.of("tls.certificate", prefix + ".crt.pem",
                "tls.private-key", prefix + ".key.pem"), dir.resolve("elsewhere"), false)) {
            assertEquals("CN=localhost,O=fedmap", server.certificate().getSubjectX500Principal().getName());
            assertEquals(200, wsdlStatus("https://localhost:" + server.port(),
                    Tls.readPem(CertificateAuthority.caCertificate(dir.resolve("data")))));
            assertFalse(Files.exists(dir.resolve("elsewhere/tls")), "no self-signed certificate was made");
        }
    }

    private static int wsdlStatus(String base, X509Certificate trusted) throws Exception {
        HttpsURLConnection c = (HttpsURLConnection) new URL(base + "/dana-ws/soap/dsifmap?wsdl").openConnection();
        c.setSSLSocketFactory(Tls.context(null, trusted).getSocketFactory());
        c.setConnectTimeout(10_000);
        c.setReadTimeout(10_000);
        try {
            return c.getResponseCode();
        } finally {
            c.disconnect();
        }
    }

    @Test
    void showPrintsTheCaCertificateAsPemAndDescribesItOnStandardError() throws Exception {
        assertEquals(0, pki("", "init-ca").code());
        for (String name : new String[] {"show", "ca-cert"}) {
            Run show = pki("", name);
            assertEquals(0, show.code(), show.err());
            assertEquals(Files.readString(dir.resolve("data/pki/ca.pem")), show.out());
            assertTrue(show.err().startsWith("subject  CN=fedmap CA,O=fedmap\nvalid    "), show.err());
            assertTrue(show.err().contains("\nSHA-256  "), show.err());
        }
    }

    @Test
    void failuresAreOneLineAndExitCodeOne() throws Exception {
        String noCa = "no CA in " + dir.resolve("data").toAbsolutePath().resolve("pki")
                + "; run `fedmap pki init-ca --data " + data() + "` first";
        String out = dir.resolve("x.p12").toString();
        assertOneLineFailure(pki("", "show"), noCa);
        assertOneLineFailure(pki("", "issue", "--cn", "gw", "--out", out), noCa);
        assertOneLineFailure(pki("", "server-cert", "--cn", "localhost"), noCa);
        assertFalse(Files.exists(dir.resolve("x.p12")));

        assertEquals(0, pki("", "init-ca").code());
        assertOneLineFailure(pki("", "issue", "--cn", "gw", "--san", "FTP:x", "--out", out),
                "subject alternative name 'FTP:x' must be DNS:name, IP:address or EMAIL:address");
        assertOneLineFailure(pki("", "issue", "--cn", "gw", "--days", "0", "--out", out),
                "--days must be between 1 and 36500, not 0");
        assertOneLineFailure(pki("", "issue", "--cn", "gw", "--out", out, "--password-stdin"),
                "no password on standard input");
        assertOneLineFailure(pki("\n", "issue", "--cn", "gw", "--out", out, "--password-stdin"),
                "the password on standard input is empty");
        assertOneLineFailure(pki("", "server-cert", "--cn", "fedmap server"), "a server certificate needs the name"
                + " clients connect to: 'fedmap server' is not a host name or address, so give one as DNS:name"
                + " or IP:address");
        assertFalse(Files.exists(dir.resolve("x.p12")));

        Files.writeString(dir.resolve("x.p12"), "an older key");
        assertOneLineFailure(pki("", "issue", "--cn", "gw", "--out", out),
                dir.resolve("x.p12").toAbsolutePath() + " exists already; remove it or choose another name");
        assertEquals("an older key", Files.readString(dir.resolve("x.p12")));

        Run missing = Cli.fedmap("", "pki", "issue", "--data", data());
        assertEquals(2, missing.code(), "picocli's usage error");
    }

    @Test
    void everySubcommandHasHelp() {
        for (String sub : new String[] {"init-ca", "issue", "server-cert", "show"}) {
            Run help = Cli.fedmap("", "pki", sub, "--help");
            assertEquals(0, help.code(), sub);
            assertTrue(help.out().contains("--data=DIR"), help.out());
        }
        Run pki = Cli.fedmap("", "pki", "--help");
        assertEquals(0, pki.code());
        assertTrue(pki.out().contains("server-cert"), pki.out());
    }
}
