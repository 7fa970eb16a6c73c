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
import java.security.AlgorithmParameters;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.PBEParameterSpec;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.fedmap.testsupport.Tls;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

class ServerKeysTest {
    /** An operator's CA, for PEM files and installed certificates; made once, RSA 3072 keys are slow. */
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

    // ---- PEM certificate and key (tls.certificate, tls.private-key) ---------------------------

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static String pem(List<X509Certificate> certificates) throws Exception {
        StringBuilder s = new StringBuilder();
        for (X509Certificate c : certificates) {
            s.append(pem("CERTIFICATE", c.getEncoded()));
        }
        return s.toString();
    }

    /** PKCS#8 encrypted by the JDK: PBES2 for the HmacSHA* algorithms, PKCS#12-style PBES1 for the others. */
    private static String encrypted(PrivateKey key, String algorithm, char[] password) throws Exception {
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        PBEParameterSpec spec = algorithm.contains("Hmac")
                ? new PBEParameterSpec(salt, 10_000, new IvParameterSpec(new byte[16]))
                : new PBEParameterSpec(salt, 10_000);
        Cipher cipher = Cipher.getInstance(algorithm);
        cipher.init(Cipher.ENCRYPT_MODE, SecretKeyFactory.getInstance(algorithm).generateSecret(new PBEKeySpec(password)),
                spec);
        AlgorithmParameters params = cipher.getParameters();
        if (algorithm.contains("Hmac")) {
            // The JDK encodes PBES2 parameters but names them by the cipher, which EncryptedPrivateKeyInfo does not know.
            byte[] encoded = params.getEncoded();
            params = AlgorithmParameters.getInstance("PBES2");
            params.init(encoded);
        }
        return pem("ENCRYPTED PRIVATE KEY",
                new EncryptedPrivateKeyInfo(params, cipher.doFinal(key.getEncoded())).getEncoded());
    }

    private Path write(String name, String content) throws Exception {
        return Files.writeString(dir.resolve(name), content);
    }

    private static Path resource(String name) throws Exception {
        return Path.of(ServerKeysTest.class.getResource(name).toURI());
    }

    @Test
    void loadsAPemCertificateAndChainWithItsKeyInEveryRsaForm() throws Exception {
        CertificateAuthority.Issued issued = ca.issue("localhost", List.of(), Duration.ofDays(2),
                CertificateAuthority.Purpose.SERVER);
        PrivateKey key = issued.privateKey();
        Path chain = write("server.crt.pem", pem(issued.chain()));
        char[] password = "key password".toCharArray();

        Map<String, char[]> forms = new LinkedHashMap<>();
        forms.put(pem("PRIVATE KEY", key.getEncoded()), null);
        forms.put(pem("RSA PRIVATE KEY", PrivateKeyInfo.getInstance(key.getEncoded()).parsePrivateKey()
                .toASN1Primitive().getEncoded()), null);
        forms.put(encrypted(key, "PBEWithHmacSHA256AndAES_256", password), password);
        forms.put(encrypted(key, "PBEWithHmacSHA1AndAES_128", password), password);
        forms.put(encrypted(key, "PBEWithSHA1AndDESede", password), password);
        int n = 0;
        for (Map.Entry<String, char[]> form : forms.entrySet()) {
            Path keyFile = write("key" + n++ + ".pem", "text before the key is passed over\n" + form.getKey());
            ServerKeys keys = ServerKeys.fromPem(chain, keyFile, form.getValue());
            assertEquals(issued.certificate(), keys.certificate(), form.getKey());
            assertFalse(keys.createdNow());
            assertNull(keys.certificatePem());
            assertEquals(issued.sha256Fingerprint(), keys.sha256Fingerprint());
        }
        assertFalse(Files.exists(dir.resolve("tls")), "nothing is written for configured PEM files");

        // The chain goes out with the certificate: a client that trusts only the CA accepts it.
        ServerKeys keys = ServerKeys.fromPem(chain, write("key.pem", pem("PRIVATE KEY", key.getEncoded())), null);
        Tls.Handshake handshake = Tls.roundTrip(Tls.context(keys.keyManagers()), Tls.context(null, ca.certificate()),
                "localhost", false);
        assertEquals(issued.chain(), List.of(handshake.serverChain()));
    }

    @Test
    void loadsAnEcKey() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair ec = generator.generateKeyPair();
        KeyPair issuer = Certificates.rsaKeyPair(2048);
        X509Certificate cert = Certificates.endEntity(Certificates.subject("issuer"), issuer.getPrivate(),
                issuer.getPublic(), Certificates.subject("localhost"), ec.getPublic(),
                Instant.now().plus(Duration.ofDays(1)), Certificates.distinct(List.of(Certificates.hostName("localhost"))),
                KeyPurposeId.id_kp_serverAuth);
        // "EC PRIVATE KEY" is SEC 1 with the curve named inside, as openssl writes it.
        PrivateKeyInfo info = PrivateKeyInfo.getInstance(ec.getPrivate().getEncoded());
        ECPrivateKey sec1 = new ECPrivateKey(256, ECPrivateKey.getInstance(info.parsePrivateKey()).getKey(),
                info.getPrivateKeyAlgorithm().getParameters());

        ServerKeys keys = ServerKeys.fromPem(write("ec.crt.pem", pem(List.of(cert))),
                write("ec.key.pem", pem("EC PRIVATE KEY", sec1.getEncoded())), null);
        assertEquals(cert, keys.certificate());
        Tls.Handshake handshake = Tls.roundTrip(Tls.context(keys.keyManagers()), Tls.context(null, cert),
                "localhost", false);
        assertEquals(cert, handshake.serverChain()[0]);
    }

    /**
     * Files openssl wrote: {@code openssl req -x509 -newkey rsa:2048 -keyout openssl-pkcs8-aes256.key.pem
     * -passout pass:fedmap-test ...} (PBES2, PBKDF2 with HMAC-SHA256, AES-256-CBC), and the same key in
     * the traditional encrypted form ({@code openssl rsa -traditional -aes128}).
     */
    @Test
    void readsTheEncryptedKeysOpensslWritesAndExplainsTheLegacyForm() throws Exception {
        Path cert = resource("openssl.crt.pem");
        ServerKeys keys = ServerKeys.fromPem(cert, resource("openssl-pkcs8-aes256.key.pem"),
                "fedmap-test".toCharArray());
        assertEquals("CN=localhost,O=fedmap-test", keys.certificate().getSubjectX500Principal().getName());

        Path legacy = resource("openssl-legacy-aes128.key.pem");
        KeyMaterialException e = assertThrows(KeyMaterialException.class,
                () -> ServerKeys.fromPem(cert, legacy, "fedmap-test".toCharArray()));
        assertEquals("private key " + legacy + " is encrypted in OpenSSL's traditional format, which fedmap does"
                + " not read; convert it to PKCS#8: openssl pkcs8 -topk8 -v2 aes-256-cbc -in " + legacy
                + " -out NEW.pem", e.getMessage());
    }

    @Test
    void refusesAKeyThatIsNotTheCertificates() throws Exception {
        CertificateAuthority.Issued server = ca.issue("localhost", List.of(), Duration.ofDays(2),
                CertificateAuthority.Purpose.SERVER);
        CertificateAuthority.Issued other = ca.issue("other", List.of(), Duration.ofDays(2),
                CertificateAuthority.Purpose.CLIENT);
        Path chain = write("chain.pem", pem(server.chain()));
        Path otherKey = write("other.pem", pem("PRIVATE KEY", other.privateKey().getEncoded()));
        KeyMaterialException wrong = assertThrows(KeyMaterialException.class,
                () -> ServerKeys.fromPem(chain, otherKey, null));
        assertEquals("private key " + otherKey + " does not belong to the certificate CN=localhost,O=fedmap in "
                + chain, wrong.getMessage());

        Path caFirst = write("ca-first.pem", pem(List.of(ca.certificate(), server.certificate())));
        Path serverKey = write("server.key.pem", pem("PRIVATE KEY", server.privateKey().getEncoded()));
        KeyMaterialException order = assertThrows(KeyMaterialException.class,
                () -> ServerKeys.fromPem(caFirst, serverKey, null));
        assertEquals("private key " + serverKey + " does not belong to the certificate CN=operator CA,O=fedmap in "
                + caFirst + " but to certificate 2 there; the server's own certificate must come first",
                order.getMessage());
    }

    @Test
    void explainsPemFilesThatCannotBeUsed() throws Exception {
        CertificateAuthority.Issued server = ca.issue("localhost", List.of(), Duration.ofDays(2),
                CertificateAuthority.Purpose.SERVER);
        Path cert = write("server.crt.pem", pem(server.chain()));
        Path key = write("server.key.pem", pem("PRIVATE KEY", server.privateKey().getEncoded()));
        char[] password = "pw".toCharArray();
        Path encryptedKey = write("encrypted.pem", encrypted(server.privateKey(), "PBEWithHmacSHA256AndAES_256",
                password));
        Path missing = dir.resolve("missing.pem");

        Map<String, Executable> cases = new LinkedHashMap<>();
        cases.put("certificate file " + missing + " does not exist", () -> ServerKeys.fromPem(missing, key, null));
        cases.put("private key file " + missing + " does not exist", () -> ServerKeys.fromPem(cert, missing, null));
        cases.put("certificate file " + key + " holds no PEM certificate (-----BEGIN CERTIFICATE-----)",
                () -> ServerKeys.fromPem(key, key, null));
        cases.put("private key file " + cert + " holds no PEM private key (-----BEGIN PRIVATE KEY-----, RSA PRIVATE"
                + " KEY, EC PRIVATE KEY or ENCRYPTED PRIVATE KEY)", () -> ServerKeys.fromPem(cert, cert, null));
        cases.put("private key " + encryptedKey + " is encrypted (ENCRYPTED PRIVATE KEY); its password is needed"
                + " (tls.private-key-password)", () -> ServerKeys.fromPem(cert, encryptedKey, null));
        cases.put("cannot decrypt private key " + encryptedKey + ": wrong password",
                () -> ServerKeys.fromPem(cert, encryptedKey, "not-it".toCharArray()));
        cases.put("private key " + key + " is not encrypted, yet a password for it is set (tls.private-key-password)",
                () -> ServerKeys.fromPem(cert, key, password));
        for (Map.Entry<String, Executable> c : cases.entrySet()) {
            assertEquals(c.getKey(), assertThrows(KeyMaterialException.class, c.getValue()).getMessage());
        }
        Path garbage = write("garbage.pem", "-----BEGIN CERTIFICATE-----\n!!!\n-----END CERTIFICATE-----\n");
        KeyMaterialException bad = assertThrows(KeyMaterialException.class, () -> ServerKeys.fromPem(garbage, key,
                null));
        assertTrue(bad.getMessage().startsWith("cannot read certificate file " + garbage + " as PEM: "),
                bad.getMessage());
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
