package org.fedmap.security;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLHandshakeException;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.fedmap.security.CertificateAuthority.Issued;
import org.fedmap.security.CertificateAuthority.Purpose;
import org.fedmap.testsupport.Tls;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertificateAuthorityTest {
    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";

    /** One CA for the tests that only issue: its RSA 3072 key takes a while to make. */
    private static CertificateAuthority ca;

    @TempDir
    static Path shared;

    @TempDir
    Path dir;

    @BeforeAll
    static void makeCa() {
        ca = CertificateAuthority.init(shared, CertificateAuthority.DEFAULT_COMMON_NAME,
                Duration.ofDays(CertificateAuthority.DEFAULT_CA_DAYS));
    }

    private static boolean posix(Path p) {
        return p.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    private static String permissions(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    private static Duration validity(X509Certificate cert) {
        return Duration.between(cert.getNotBefore().toInstant(), cert.getNotAfter().toInstant());
    }

    private static byte[] keyIdentifier(X509Certificate cert, boolean authority) {
        byte[] ext = cert.getExtensionValue((authority ? Extension.authorityKeyIdentifier
                : Extension.subjectKeyIdentifier).getId());
        byte[] inner = ASN1OctetString.getInstance(ext).getOctets();
        return authority ? AuthorityKeyIdentifier.getInstance(inner).getKeyIdentifierOctets()
                : SubjectKeyIdentifier.getInstance(inner).getKeyIdentifier();
    }

    /** Validates the chain with the JDK's PKIX validator, trusting only the CA; throws when it does not hold. */
    private static void validate(List<X509Certificate> chain, X509Certificate anchor) throws Exception {
        PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(anchor, null)));
        params.setRevocationEnabled(false);
        CertPathValidator.getInstance("PKIX").validate(
                CertificateFactory.getInstance("X.509").generateCertPath(chain.subList(0, chain.size() - 1)), params);
    }

    @Test
    void initMakesACaCertificateAndKeepsItsKeyPrivate() throws Exception {
        Instant before = Instant.now();
        CertificateAuthority made = CertificateAuthority.init(dir, "Example federation CA", Duration.ofDays(3652));
        X509Certificate cert = made.certificate();

        Path pki = dir.resolve("pki");
        assertEquals(pki.resolve("ca.pem").toAbsolutePath(), CertificateAuthority.caCertificate(dir));
        assertEquals(cert, Tls.readPem(CertificateAuthority.caCertificate(dir)));
        assertEquals(made.certificatePem(), Files.readString(pki.resolve("ca.pem")));
        assertTrue(Files.isRegularFile(pki.resolve("ca-key.p12")));
        if (posix(pki)) {
            assertEquals("rwx------", permissions(pki));
            assertEquals("rw-------", permissions(pki.resolve("ca-key.p12")));
            assertEquals("rw-------", permissions(pki.resolve("ca-key.p12.password")));
        }

        assertEquals("CN=Example federation CA,O=fedmap", cert.getSubjectX500Principal().getName());
        assertEquals(cert.getSubjectX500Principal(), cert.getIssuerX500Principal());
        cert.verify(cert.getPublicKey());
        assertEquals("SHA256withRSA", cert.getSigAlgName());
        assertEquals(3072, ((RSAPublicKey) cert.getPublicKey()).getModulus().bitLength());
        assertEquals(0, cert.getBasicConstraints(), "a CA that signs end entities only");
        assertTrue(cert.getCriticalExtensionOIDs().containsAll(Set.of(Extension.basicConstraints.getId(),
                Extension.keyUsage.getId())));
        boolean[] usage = cert.getKeyUsage();
        assertTrue(usage[5] && usage[6], "keyCertSign and cRLSign");
        assertTrue(!usage[0] && !usage[2], "no digitalSignature, no keyEncipherment");
        assertEquals(20, keyIdentifier(cert, false).length);
        assertTrue(cert.getNotBefore().toInstant().isBefore(before.minus(Duration.ofMinutes(59))), "backdated");
        assertEquals(Duration.ofDays(3652).plusHours(1).toMinutes(), validity(cert).toMinutes(), 1);
        assertEquals(made.sha256Fingerprint(), Certificates.sha256Fingerprint(cert));
    }

    @Test
    void aSecondInitIsRefusedAndChangesNothing() throws Exception {
        CertificateAuthority.init(dir, "first", Duration.ofDays(10));
        byte[] key = Files.readAllBytes(dir.resolve(CertificateAuthority.CA_KEY));
        String pem = Files.readString(dir.resolve(CertificateAuthority.CA_CERTIFICATE));

        KeyMaterialException e = assertThrows(KeyMaterialException.class,
                () -> CertificateAuthority.init(dir, "second", Duration.ofDays(10)));
        assertEquals("a CA already exists in " + dir.toAbsolutePath().resolve("pki") + "; it stays, because a new"
                + " one would invalidate every certificate it issued", e.getMessage());
        assertArrayEquals(key, Files.readAllBytes(dir.resolve(CertificateAuthority.CA_KEY)));
        assertEquals(pem, Files.readString(dir.resolve(CertificateAuthority.CA_CERTIFICATE)));

        // Even with only the public certificate left, a new CA would be a different one.
        Files.delete(dir.resolve(CertificateAuthority.CA_KEY));
        assertThrows(KeyMaterialException.class, () -> CertificateAuthority.init(dir, "third", Duration.ofDays(10)));
    }

    @Test
    void loadFindsTheSameCaAndExplainsWhenThereIsNone() throws Exception {
        Path data = dir.resolve("data");
        KeyMaterialException none = assertThrows(KeyMaterialException.class, () -> CertificateAuthority.load(data));
        assertEquals("no CA in " + data.toAbsolutePath().resolve("pki") + "; run `fedmap pki init-ca --data " + data
                + "` first", none.getMessage());

        CertificateAuthority made = CertificateAuthority.init(data, "fedmap CA", Duration.ofDays(10));
        Files.delete(CertificateAuthority.caCertificate(data));
        CertificateAuthority loaded = CertificateAuthority.load(data);
        assertEquals(made.certificate(), loaded.certificate());
        assertEquals(made.certificate(), Tls.readPem(CertificateAuthority.caCertificate(data)), "ca.pem restored");
        validate(loaded.issue("gw", List.of(), Duration.ofDays(1), Purpose.CLIENT).chain(), made.certificate());
        assertThrows(CertPathValidatorException.class, () -> validate(
                ca.issue("gw", List.of(), Duration.ofDays(1), Purpose.CLIENT).chain(), made.certificate()),
                "another CA's certificate does not validate");

        Files.delete(data.resolve(CertificateAuthority.CA_KEY_PASSWORD));
        KeyMaterialException noPassword = assertThrows(KeyMaterialException.class,
                () -> CertificateAuthority.load(data));
        assertTrue(noPassword.getMessage().contains("password file"), noPassword.getMessage());
    }

    @Test
    void issuesClientCertificatesThatValidateAgainstTheCa() throws Exception {
        Issued issued = ca.issue("ic1.example.test", List.of("DNS:ic1.example.test", "IP:192.0.2.4",
                "EMAIL:ops@example.test", "IP:2001:db8::4"), Duration.ofDays(CertificateAuthority.DEFAULT_DAYS),
                Purpose.CLIENT);
        X509Certificate cert = issued.certificate();
        assertEquals(List.of(cert, ca.certificate()), issued.chain());
        validate(issued.chain(), ca.certificate());

        assertEquals("CN=ic1.example.test,O=fedmap", issued.subject());
        assertEquals(ca.certificate().getSubjectX500Principal(), cert.getIssuerX500Principal());
        assertEquals(List.of(CLIENT_AUTH), cert.getExtendedKeyUsage());
        boolean[] usage = cert.getKeyUsage();
        assertTrue(usage[0] && usage[2] && !usage[5], "digitalSignature, keyEncipherment, not keyCertSign");
        assertEquals(-1, cert.getBasicConstraints());
        assertTrue(cert.getCriticalExtensionOIDs().containsAll(Set.of(Extension.basicConstraints.getId(),
                Extension.keyUsage.getId())));
        assertEquals(Set.of("DNS:ic1.example.test", "IP:192.0.2.4", "EMAIL:ops@example.test",
                "IP:2001:db8:0:0:0:0:0:4"), Tls.altNames(cert), "a client certificate names only what it is given");
        assertArrayEquals(keyIdentifier(ca.certificate(), false), keyIdentifier(cert, true));
        assertEquals(2048, ((RSAPublicKey) cert.getPublicKey()).getModulus().bitLength());
        assertEquals("RSA", issued.privateKey().getAlgorithm());
        BigInteger serial = cert.getSerialNumber();
        assertTrue(serial.signum() > 0 && serial.bitLength() <= 159, serial.toString(16));
        assertNotEquals(serial, ca.issue("x", List.of(), Duration.ofDays(1), Purpose.CLIENT).certificate()
                .getSerialNumber());
        assertEquals(Duration.ofDays(825).plusHours(1).toMinutes(), validity(cert).toMinutes(), 1);
        cert.checkValidity();

    }

    @Test
    void serverCertificatesNameTheirHost() throws Exception {
        Issued byName = ca.issue("ifmap.example.test", List.of(), Duration.ofDays(1), Purpose.SERVER);
        assertEquals(List.of(SERVER_AUTH), byName.certificate().getExtendedKeyUsage());
        assertEquals(Set.of("DNS:ifmap.example.test"), Tls.altNames(byName.certificate()));
        validate(byName.chain(), ca.certificate());

        assertEquals(Set.of("IP:192.0.2.9"),
                Tls.altNames(ca.issue("192.0.2.9", List.of(), Duration.ofDays(1), Purpose.SERVER).certificate()));
        assertEquals(Set.of("DNS:ifmap.example.test", "DNS:localhost", "IP:127.0.0.1"), Tls.altNames(ca.issue(
                "ifmap.example.test", List.of("DNS:localhost", "IP:127.0.0.1", "DNS:IFMAP.example.test"),
                Duration.ofDays(1), Purpose.SERVER).certificate()), "the common name once, whatever its case");
        assertEquals(Set.of("DNS:ifmap.example.test"), Tls.altNames(ca.issue("fedmap server",
                List.of("DNS:ifmap.example.test"), Duration.ofDays(1), Purpose.SERVER).certificate()));

        IllegalArgumentException noHost = assertThrows(IllegalArgumentException.class,
                () -> ca.issue("fedmap server", List.of(), Duration.ofDays(1), Purpose.SERVER));
        assertEquals("a server certificate needs the name clients connect to: 'fedmap server' is not a host name"
                + " or address, so give one as DNS:name or IP:address", noHost.getMessage());
        assertNull(ca.issue("gateway one", List.of(), Duration.ofDays(1), Purpose.CLIENT).certificate()
                .getSubjectAlternativeNames(), "a client needs no names");
    }

    @Test
    void refusesNamesAndValiditiesThatCannotBe() {
        for (String bad : List.of("ic1.example.test", "URI:https://x", "DNS:", "DNS:-bad.example", "DNS:a..b",
                "DNS:bad_name", "DNS:*.com", "IP:example.test", "IP:10.0.0.0/8", "IP:300.1.1.1",
                "EMAIL:nobody", "EMAIL:a b@example.test", "EMAIL:a@b@")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ca.issue("gw", List.of(bad), Duration.ofDays(1), Purpose.CLIENT), bad);
            assertTrue(e.getMessage().startsWith("subject alternative name '" + bad + "'"), e.getMessage());
        }
        assertEquals(Set.of("DNS:*.gw.example.test"), names("DNS:*.gw.example.test"));
        assertEquals(Set.of("DNS:gw.example.test"), names("dns:GW.Example.Test"));

        for (String cn : new String[] {"", " gw", "gw\n", "x".repeat(65)}) {
            assertThrows(IllegalArgumentException.class,
                    () -> ca.issue(cn, List.of(), Duration.ofDays(1), Purpose.CLIENT), cn);
        }
        assertThrows(IllegalArgumentException.class, () -> ca.issue("gw", List.of(), Duration.ZERO, Purpose.CLIENT));
        IllegalArgumentException tooLong = assertThrows(IllegalArgumentException.class,
                () -> ca.issue("gw", List.of(), Duration.ofDays(3653), Purpose.CLIENT));
        assertTrue(tooLong.getMessage().contains("would outlast the CA certificate"), tooLong.getMessage());
    }

    private static Set<String> names(String san) {
        try {
            return Tls.altNames(ca.issue("gw", List.of(san), Duration.ofDays(1), Purpose.CLIENT).certificate());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void writesPkcs12AndPemThatOtherToolsRead() throws Exception {
        Issued issued = ca.issue("ic1", List.of(), Duration.ofDays(1), Purpose.CLIENT);
        char[] password = "p12 password".toCharArray();
        Path p12 = dir.resolve("ic1.p12");
        issued.writePkcs12(p12, password);

        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(p12)) {
            store.load(in, password);
        }
        assertEquals(List.of("ic1"), Collections.list(store.aliases()));
        assertEquals(issued.privateKey(), store.getKey("ic1", password));
        assertEquals(issued.chain(), Arrays.asList(store.getCertificateChain("ic1")));

        Path crt = dir.resolve("ic1.crt.pem");
        Path key = dir.resolve("ic1.key.pem");
        issued.writePem(crt, key);
        List<Certificate> fromPem;
        try (InputStream in = Files.newInputStream(crt)) {
            fromPem = List.copyOf(CertificateFactory.getInstance("X.509").generateCertificates(in));
        }
        assertEquals(issued.chain(), fromPem);
        String keyPem = Files.readString(key);
        assertTrue(keyPem.startsWith("-----BEGIN PRIVATE KEY-----\n"), keyPem.substring(0, 40));
        String body = keyPem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        PrivateKey parsed = KeyFactory.getInstance("RSA").generatePrivate(
                new PKCS8EncodedKeySpec(Base64.getDecoder().decode(body)));
        assertEquals(issued.privateKey(), parsed);
        if (posix(dir)) {
            assertEquals("rw-------", permissions(p12));
            assertEquals("rw-------", permissions(key));
        }
    }

    /** The whole point: a server and a gateway that both trust only ca.pem authenticate each other over TLS. */
    @Test
    void serverAndClientCertificatesCompleteAMutualTlsHandshake() throws Exception {
        Path data = dir.resolve("data");
        CertificateAuthority own = CertificateAuthority.init(data, "fedmap CA", Duration.ofDays(30));
        Issued server = own.issue("localhost", List.of("IP:127.0.0.1"), Duration.ofDays(1), Purpose.SERVER);
        Issued gateway = own.issue("ic1", List.of(), Duration.ofDays(1), Purpose.CLIENT);
        ServerKeys.install(data, server.privateKey(), server.chain());
        ServerKeys serverKeys = ServerKeys.loadOrCreate(data, "127.0.0.1", "ignored", null, null);
        X509Certificate trusted = Tls.readPem(CertificateAuthority.caCertificate(data));

        Path p12 = dir.resolve("ic1.p12");
        char[] password = "pw".toCharArray();
        gateway.writePkcs12(p12, password);
        KeyStore gatewayStore = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(p12)) {
            gatewayStore.load(in, password);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(gatewayStore, password);

        Tls.Handshake handshake = Tls.roundTrip(Tls.context(serverKeys.keyManagers(), trusted),
                Tls.context(kmf.getKeyManagers(), trusted), "localhost", true);
        assertEquals(server.chain(), List.of(handshake.serverChain()));
        assertEquals(gateway.certificate(), handshake.clientChain()[0]);

        // A client certificate cannot stand in for the server's, even one naming the host: JSSE checks its purpose.
        Issued clientOnly = own.issue("localhost", List.of("DNS:localhost"), Duration.ofDays(1), Purpose.CLIENT);
        ServerKeys.install(data, clientOnly.privateKey(), clientOnly.chain());
        ServerKeys wrong = ServerKeys.loadOrCreate(data, null, "ignored", null, null);
        assertThrows(SSLHandshakeException.class, () -> Tls.roundTrip(Tls.context(wrong.keyManagers()),
                Tls.context(null, trusted), "localhost", false));
    }
}
