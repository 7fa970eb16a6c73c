package org.fedmap.security;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.fedmap.testsupport.Tls;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerKeysTest {
    /** A CA for installed certificates; made once, RSA 3072 keys are slow. */
    private static CertificateAuthority ca;

    @TempDir
    static Path shared;

    @TempDir
    Path dir;

    @BeforeAll
    static void makeCa() {
        ca = CertificateAuthority.init(shared, "operator CA", Duration.ofDays(30));
    }

    @Test
    void createsKeyMaterialOnceAndReloadsIt() throws Exception {
        Path data = dir.resolve("data");
        ServerKeys first = ServerKeys.loadOrCreate(data, "0.0.0.0", "fedmap.example.test", null, null);
        assertTrue(first.createdNow());
        Path tls = data.resolve("tls");
        assertEquals(tls.resolve("server.pem").toAbsolutePath(), first.certificatePem());
        assertTrue(Files.isRegularFile(tls.resolve("server.p12")));
        assertTrue(Files.isRegularFile(tls.resolve("server.p12.password")));
        if (tls.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertEquals("rw-------", PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(tls.resolve("server.p12.password"))));
            assertEquals("rw-------", PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(tls.resolve("server.p12"))));
        }

        // The PEM copy is the very certificate the server presents.
        X509Certificate fromPem;
        try (InputStream in = Files.newInputStream(first.certificatePem())) {
            fromPem = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        assertEquals(first.certificate(), fromPem);
        String pem = Files.readString(first.certificatePem());
        assertTrue(pem.startsWith("-----BEGIN CERTIFICATE-----\n") && pem.endsWith("-----END CERTIFICATE-----\n"));

        String expected = HexFormat.ofDelimiter(":").withUpperCase()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(first.certificate().getEncoded()));
        assertEquals(expected, first.sha256Fingerprint());
        assertTrue(first.sha256Fingerprint().matches("([0-9A-F]{2}:){31}[0-9A-F]{2}"));

        ServerKeys second = ServerKeys.loadOrCreate(data, "192.0.2.7", "other.example.test", null, null);
        assertFalse(second.createdNow());
        assertEquals(first.sha256Fingerprint(), second.sha256Fingerprint());
        assertEquals(first.certificate(), second.certificate());

        // A deleted PEM copy comes back, unchanged.
        Files.delete(first.certificatePem());
        ServerKeys third = ServerKeys.loadOrCreate(data, null, "fedmap.example.test", null, null);
        assertFalse(third.createdNow());
        assertEquals(pem, Files.readString(third.certificatePem()));
    }

    @Test
    void certificateNamesWhatWasAskedFor() throws Exception {
        X509Certificate cert = ServerKeys.loadOrCreate(dir.resolve("a"), "192.0.2.10", "fedmap.example.test", null, null)
                .certificate();
        assertEquals(Set.of("DNS:fedmap.example.test", "DNS:localhost", "IP:127.0.0.1", "IP:0:0:0:0:0:0:0:1",
                "IP:192.0.2.10"), Tls.altNames(cert));
        assertEquals("CN=fedmap.example.test,O=fedmap", cert.getSubjectX500Principal().getName());
        assertEquals(cert.getSubjectX500Principal(), cert.getIssuerX500Principal());
        assertEquals("SHA256withRSA", cert.getSigAlgName());
        assertEquals(2048, ((RSAPublicKey) cert.getPublicKey()).getModulus().bitLength());
        assertEquals(-1, cert.getBasicConstraints(), "a server certificate, not a CA");
        assertTrue(cert.getExtendedKeyUsage().contains("1.3.6.1.5.5.7.3.1"), "serverAuth");
        cert.verify(cert.getPublicKey());
        Duration validity = Duration.between(cert.getNotBefore().toInstant(), cert.getNotAfter().toInstant());
        assertTrue(validity.compareTo(Duration.ofDays(729)) > 0 && validity.compareTo(Duration.ofDays(732)) < 0,
                validity.toString());
        cert.checkValidity();
        assertTrue(cert.getNotAfter().toInstant().isAfter(Instant.now().plus(Duration.ofDays(725))));

        X509Certificate v6 = ServerKeys.loadOrCreate(dir.resolve("b"), "[2001:db8::5]", "gw-facing", null, null)
                .certificate();
        assertEquals(Set.of("DNS:gw-facing", "DNS:localhost", "IP:127.0.0.1", "IP:0:0:0:0:0:0:0:1",
                "IP:2001:db8:0:0:0:0:0:5"), Tls.altNames(v6));

        X509Certificate named = ServerKeys.loadOrCreate(dir.resolve("c"), "ifmap.example.test", "fedmap.example.test",
                null, null).certificate();
        assertEquals(Set.of("DNS:fedmap.example.test", "DNS:localhost", "DNS:ifmap.example.test", "IP:127.0.0.1",
                "IP:0:0:0:0:0:0:0:1"), Tls.altNames(named));

        for (String wildcard : new String[] {"0.0.0.0", "::", "[::]"}) {
            X509Certificate any = ServerKeys.loadOrCreate(dir.resolve("w" + wildcard.length()), wildcard, "localhost",
                    null, null).certificate();
            assertEquals(Set.of("DNS:localhost", "IP:127.0.0.1", "IP:0:0:0:0:0:0:0:1"), Tls.altNames(any), wildcard);
        }
    }

    @Test
    void keyManagersServeTlsToAClientThatTrustsThePem() throws Exception {
        ServerKeys keys = ServerKeys.loadOrCreate(dir.resolve("data"), "127.0.0.1", "fedmap.example.test", null, null);
        // Host name checking as an HTTPS client does it: "localhost" must be in the certificate.
        Tls.Handshake handshake = Tls.roundTrip(Tls.context(keys.keyManagers()),
                Tls.context(null, Tls.readPem(keys.certificatePem())), "localhost", false);
        assertEquals(keys.certificate(), handshake.serverChain()[0]);
    }

    @Test
    void loadsAConfiguredKeystoreAndWritesNothing() throws Exception {
        // Any PKCS#12 with a key will do; borrow one made in another directory.
        ServerKeys made = ServerKeys.loadOrCreate(dir.resolve("elsewhere"), null, "gw.example.test", null, null);
        Path p12 = dir.resolve("operator.p12");
        Files.copy(dir.resolve("elsewhere/tls/server.p12"), p12);
        char[] password = Files.readString(dir.resolve("elsewhere/tls/server.p12.password")).strip().toCharArray();

        Path data = dir.resolve("data");
        ServerKeys configured = ServerKeys.loadOrCreate(data, "0.0.0.0", "ignored", p12, password);
        assertFalse(configured.createdNow());
        assertNull(configured.certificatePem());
        assertEquals(made.sha256Fingerprint(), configured.sha256Fingerprint());
        assertFalse(Files.exists(data.resolve("tls")), "nothing is written for a configured keystore");
        assertEquals(1, configured.keyManagers().length);
        assertArrayEquals(made.certificate().getEncoded(), configured.certificate().getEncoded());
    }

    @Test
    void explainsAConfiguredKeystoreThatCannotBeUsed() throws Exception {
        ServerKeys.loadOrCreate(dir.resolve("elsewhere"), null, "gw.example.test", null, null);
        Path p12 = dir.resolve("elsewhere/tls/server.p12");

        KeyMaterialException wrong = assertThrows(KeyMaterialException.class,
                () -> ServerKeys.loadOrCreate(dir, null, "h", p12, "not-it".toCharArray()));
        assertEquals("cannot open keystore " + p12 + ": wrong password", wrong.getMessage());

        Path missing = dir.resolve("missing.p12");
        KeyMaterialException absent = assertThrows(KeyMaterialException.class,
                () -> ServerKeys.loadOrCreate(dir, null, "h", missing, "x".toCharArray()));
        assertEquals("keystore " + missing + " does not exist", absent.getMessage());

        // A keystore holding only a certificate has no key to serve with.
        char[] pw = "pw".toCharArray();
        KeyStore certOnly = KeyStore.getInstance("PKCS12");
        certOnly.load(null, null);
        certOnly.setCertificateEntry("ca", ServerKeys.loadOrCreate(dir.resolve("x"), null, "h", null, null).certificate());
        Path noKey = dir.resolve("nokey.p12");
        try (OutputStream out = Files.newOutputStream(noKey)) {
            certOnly.store(out, pw);
        }
        KeyMaterialException keyless = assertThrows(KeyMaterialException.class,
                () -> ServerKeys.loadOrCreate(dir, null, "h", noKey, pw));
        assertEquals("keystore " + noKey + " holds no private key with a certificate", keyless.getMessage());

        Path garbage = Files.writeString(dir.resolve("garbage.p12"), "not a keystore");
        KeyMaterialException bad = assertThrows(KeyMaterialException.class,
                () -> ServerKeys.loadOrCreate(dir, null, "h", garbage, pw));
        assertTrue(bad.getMessage().startsWith("cannot read keystore " + garbage), bad.getMessage());
    }

    @Test
    void refusesAHostNameThatCannotGoInACertificate() {
        KeyMaterialException e = assertThrows(KeyMaterialException.class,
                () -> ServerKeys.loadOrCreate(dir.resolve("data"), null, "bad host/name", null, null));
        assertTrue(e.getMessage().contains("'bad host/name'"), e.getMessage());
    }

    // ---- installing a certificate in the data directory --------------------------------------

    @Test
    void installReplacesTheServersKeyAndKeepsItsKeystorePassword() throws Exception {
        Path data = dir.resolve("data");
        ServerKeys selfSigned = ServerKeys.loadOrCreate(data, null, "localhost", null, null);
        Path tls = data.resolve("tls");
        String password = Files.readString(tls.resolve("server.p12.password"));

        CertificateAuthority.Issued issued = ca.issue("localhost", List.of("IP:127.0.0.1"), Duration.ofDays(2),
                CertificateAuthority.Purpose.SERVER);
        assertEquals(tls.resolve("server.p12").toAbsolutePath(),
                ServerKeys.install(data, issued.privateKey(), issued.chain()));
        assertEquals(password, Files.readString(tls.resolve("server.p12.password")),
                "the keystore alone changes, so no start ever sees a keystore and a password that do not fit");
        assertEquals(issued.certificate(), Tls.readPem(tls.resolve("server.pem")));

        ServerKeys installed = ServerKeys.loadOrCreate(data, null, "localhost", null, null);
        assertFalse(installed.createdNow());
        assertEquals(issued.certificate(), installed.certificate());
        assertNotEquals(selfSigned.sha256Fingerprint(), installed.sha256Fingerprint());
        Tls.Handshake handshake = Tls.roundTrip(Tls.context(installed.keyManagers()),
                Tls.context(null, ca.certificate()), "localhost", false);
        assertEquals(issued.chain(), List.of(handshake.serverChain()));

        // Into a data directory with no key yet: the password file is made with the keystore.
        Path fresh = dir.resolve("fresh");
        ServerKeys.install(fresh, issued.privateKey(), issued.chain());
        if (fresh.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertEquals("rw-------", PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(fresh.resolve("tls/server.p12.password"))));
        }
        assertEquals(issued.certificate(), ServerKeys.loadOrCreate(fresh, null, "h", null, null).certificate());
    }
}
