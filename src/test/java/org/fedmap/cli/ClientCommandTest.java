package org.fedmap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.fedmap.security.AuthResult;
import org.fedmap.security.BasicAuthenticator;
import org.fedmap.security.ClientIdentity;
import org.fedmap.security.ClientRegistry;
import org.fedmap.security.PasswordHasher;
import org.fedmap.store.AuthMethod;
import org.fedmap.store.ClientRecord;
import org.fedmap.store.ClientStore;
import org.fedmap.store.Database;
import org.junit.jupiter.api.Test;
import org.fedmap.testsupport.Cli;
import org.fedmap.testsupport.Cli.Run;
import org.junit.jupiter.api.io.TempDir;

class ClientCommandTest {
    @TempDir
    Path dir;

    private static Run fedmap(String stdin, String... args) {
        return Cli.fedmap(stdin, args);
    }

    private String data() {
        return dir.resolve("data").toString();
    }

    private static String basic(String user, String password) {
        return "Basic " + java.util.Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void changesClientsWhileAServerHoldsTheDataDirectory() {
        try (Database server = Database.openForServer(dir.resolve("data"))) {
            ClientRegistry registry = new ClientRegistry(new ClientStore(server));
            BasicAuthenticator authenticator = new BasicAuthenticator(registry, new PasswordHasher());
            List<String> removed = new CopyOnWriteArrayList<>();
            registry.addRemovalListener(removed::add);

            Run add = fedmap("gateway pass: with spaces\nsecond line ignored\n",
                    "client", "add", "gw1", "--data", data(), "--password-stdin");
            assertEquals(new Run(0, "client 'gw1' added (publisher-id gw1, basic authentication)\n", ""), add);

            assertTrue(registry.find("gw1").isEmpty(), "not yet noticed");
            registry.refreshIfChanged();
            ClientRecord gw1 = registry.find("gw1").orElseThrow();
            assertEquals("gw1", gw1.publisherId());
            assertEquals(new AuthResult.Authenticated(new ClientIdentity("gw1", "gw1")),
                    authenticator.authenticate(basic("gw1", "gateway pass: with spaces")));

            // Changes made while the server runs reach its registry too.
            Run update = fedmap("", "client", "update", "gw1", "--data", data(), "--read-only", "--allow-ip", "192.0.2.7");
            assertEquals(new Run(0, "client 'gw1' updated:\n  sources: any -> 192.0.2.7\n"
                    + "  permissions: read-write -> read-only\n", ""), update);
            assertEquals(new Run(0, "client 'gw1' disabled\n", ""), fedmap("", "client", "disable", "gw1", "--data", data()));
            registry.refreshIfChanged();
            ClientRecord changed = registry.find("gw1").orElseThrow();
            assertTrue(changed.readOnly());
            assertEquals(List.of("192.0.2.7"), changed.allowedSources());
            assertFalse(changed.enabled());
            assertEquals(gw1.passwordHash(), changed.passwordHash());
            removed.clear();

            Run remove = fedmap("", "client", "remove", "gw1", "--data", data());
            assertEquals(new Run(0, "client 'gw1' removed\n", ""), remove);
            registry.refreshIfChanged();
            assertEquals(List.of("gw1"), removed);
            assertTrue(registry.find("gw1").isEmpty());
            assertEquals(new AuthResult.Refused("unknown client 'gw1'"),
                    authenticator.authenticate(basic("gw1", "gateway pass: with spaces")));
        }
        assertFalse(Files.exists(dir.resolve("data/db").resolve(Database.ACCESS_FILE)));
    }

    @Test
    void worksWithoutAServerAndGeneratesAPasswordWhenNoneIsGiven() {
        Run add = fedmap("", "client", "add", "gw1", "--data", data());
        assertEquals(0, add.code(), add.err());
        assertEquals("", add.err());
        String[] lines = add.out().split("\n");
        assertEquals("client 'gw1' added (publisher-id gw1, basic authentication)", lines[0]);
        assertTrue(lines[1].startsWith("password: "), add.out());
        String password = lines[1].substring("password: ".length());
        assertTrue(password.length() >= 20 && password.matches("[A-Za-z0-9_-]+"), password);

        Run again = fedmap("", "client", "add", "gw2", "--data", data());
        assertFalse(again.out().contains(password), "every client gets its own password");

        // What was printed is what was stored.
        try (Database db = Database.openForTool(dir.resolve("data"))) {
            assertFalse(db.throughServer());
            ClientRecord stored = new ClientStore(db).find("gw1").orElseThrow();
            assertTrue(new PasswordHasher().verify(password.toCharArray(), stored.passwordHash()));
        }
    }

    @Test
    void reportsFailuresInOneLineWithExitCodeOne() {
        Run unknown = fedmap("", "client", "remove", "gw1", "--data", data());
        assertEquals(new Run(1, "", "no client named 'gw1'\n"), unknown);

        assertEquals(0, fedmap("pw\n", "client", "add", "gw1", "--data", data(), "--password-stdin").code());
        Run duplicate = fedmap("pw\n", "client", "add", "gw1", "--data", data(), "--password-stdin");
        assertEquals(new Run(1, "", "a client named 'gw1' already exists\n"), duplicate);

        Run badName = fedmap("pw\n", "client", "add", "gw 1", "--data", data(), "--password-stdin");
        assertEquals(1, badName.code());
        assertTrue(badName.err().startsWith("invalid client name 'gw 1': "), badName.err());
        assertEquals(1, badName.err().lines().count());

        assertEquals(new Run(1, "", "no password on standard input\n"),
                fedmap("", "client", "add", "gw2", "--data", data(), "--password-stdin"));
        assertEquals(new Run(1, "", "the password on standard input is empty\n"),
                fedmap("\n", "client", "add", "gw2", "--data", data(), "--password-stdin"));
    }

    @Test
    void reportsAnUnusableDataDirectoryInOneLine() throws Exception {
        Path file = Files.writeString(dir.resolve("file"), "x");
        Run run = fedmap("", "client", "list", "--data", file.toString());
        assertEquals(new Run(1, "", "data directory " + file.toAbsolutePath() + " is not a directory\n"), run);
    }

    @Test
    void usageErrorsExitWithTwoAndHelpWithZero() {
        Run noSubcommand = fedmap("", "client");
        assertEquals(2, noSubcommand.code());
        Run unknownOption = fedmap("", "client", "list", "--nope");
        assertEquals(2, unknownOption.code());
        assertTrue(unknownOption.err().contains("--nope"), unknownOption.err());
        Run missingName = fedmap("", "client", "add");
        assertEquals(2, missingName.code());

        for (String sub : new String[] {"add", "update", "show", "list", "remove", "disable", "enable"}) {
            Run help = fedmap("", "client", sub, "--help");
            assertEquals(0, help.code(), sub);
            assertTrue(help.out().contains("--data=DIR"), help.out());
        }
        String addHelp = fedmap("", "client", "add", "--help").out();
        for (String option : new String[] {"--password-stdin", "--auth=basic|certificate", "--cert-subject=DN",
                "--ca=FILE", "--allow-ip=ADDR|CIDR", "--read-only", "--purge-others", "--expires=YYYY-MM-DD",
                "--max-sessions=N", "--max-metadata=N", "--description=TEXT", "--disabled"}) {
            assertTrue(addHelp.contains(option), option);
        }
        String updateHelp = fedmap("", "client", "update", "--help").out();
        for (String option : new String[] {"--password-stdin", "--new-password", "--auth=basic|certificate",
                "--cert-subject=DN", "--no-cert-subjects", "--ca=FILE", "--allow-ip=ADDR|CIDR", "--allow-any-ip",
                "--read-only", "--read-write", "--purge-others", "--no-purge-others", "--expires=YYYY-MM-DD",
                "--no-expiry", "--max-sessions=N", "--no-max-sessions", "--max-metadata=N", "--no-max-metadata",
                "--description=TEXT", "--enabled", "--disabled"}) {
            assertTrue(updateHelp.contains(option), option);
        }
        assertFalse(fedmap("", "client", "--help").out().contains("only basic"));
        assertEquals(2, fedmap("", "client", "update").code(), "NAME is required");
        assertEquals(2, fedmap("", "client", "show").code());
        assertEquals(2, fedmap("", "client", "disable").code());
        assertFalse(Files.exists(dir.resolve("data")), "usage errors touch nothing");
    }

    // ---- certificates for the tests -----------------------------------------------------------

    private static final AtomicLong SERIAL = new AtomicLong(1);

    /** A self-signed certificate; a CA certificate (basicConstraints CA) if {@code ca}. */
    private static X509Certificate certificate(String subject, boolean ca, Instant notBefore, Instant notAfter)
            throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair keys = generator.generateKeyPair();
        // Via X500Principal, so the subject reads back as written (BouncyCastle's own parser keeps the
        // string's order as the encoding order, which RFC 2253 prints reversed).
        X500Name name = X500Name.getInstance(new javax.security.auth.x500.X500Principal(subject).getEncoded());
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name,
                BigInteger.valueOf(SERIAL.getAndIncrement()), Date.from(notBefore), Date.from(notAfter), name,
                keys.getPublic());
        if (ca) {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        }
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
    }

    private static X509Certificate ca(String subject) throws Exception {
        Instant now = Instant.now();
        return certificate(subject, true, now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(3650)));
    }

    private static String pem(X509Certificate... certs) throws Exception {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            for (X509Certificate cert : certs) {
                writer.writeObject(cert);
            }
        }
        return text.toString();
    }

    private Path pemFile(String fileName, String content) throws Exception {
        return Files.writeString(dir.resolve(fileName), content);
    }

    private void initPkiCa(X509Certificate ca) throws Exception {
        Path pki = Files.createDirectories(dir.resolve("data").resolve("pki"));
        Files.writeString(pki.resolve("ca.pem"), pem(ca));
    }

    private static String sha256(X509Certificate cert) throws Exception {
        return HexFormat.ofDelimiter(":").withUpperCase()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));
    }

    private static List<X509Certificate> certificatesOf(String pem) throws Exception {
        List<X509Certificate> certs = new ArrayList<>();
        CertificateFactory.getInstance("X.509")
                .generateCertificates(new java.io.ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))
                .forEach(c -> certs.add((X509Certificate) c));
        return certs;
    }

    private ClientRecord stored(String name) {
        try (Database db = Database.openForTool(dir.resolve("data"))) {
            return new ClientStore(db).find(name).orElseThrow();
        }
    }

    private List<ClientRecord> storedClients() {
        try (Database db = Database.openForTool(dir.resolve("data"))) {
            return new ClientStore(db).list();
        }
    }

    private long storeVersion() {
        try (Database db = Database.openForTool(dir.resolve("data"))) {
            return new ClientStore(db).version();
        }
    }

    private Run client(String... args) {
        return clientWithInput("", args);
    }

    private Run clientWithInput(String stdin, String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "client";
        System.arraycopy(args, 0, all, 1, args.length);
        all[args.length + 1] = "--data";
        all[args.length + 2] = data();
        return fedmap(stdin, all);
    }

    private void assertFails(String expectedError, Run run) {
        assertEquals(new Run(1, "", expectedError + "\n"), run);
    }

    private void assertFailsWith(String errorStart, Run run) {
        assertEquals(1, run.code(), run.toString());
        assertEquals("", run.out());
        assertTrue(run.err().startsWith(errorStart), run.err());
        assertEquals(1, run.err().lines().count(), run.err());
    }

    // ---- add ----------------------------------------------------------------------------------

    @Test
    void addsACertificateClientTrustingTheGivenCas() throws Exception {
        X509Certificate ca1 = ca("CN=Gateway CA 1,O=Example");
        X509Certificate ca2 = ca("CN=Gateway CA 2");
        X509Certificate ca3 = ca("CN=Gateway CA 3");
        // Text around the blocks (as openssl pkcs12 writes) is allowed and not kept; a CA named twice is kept once.
        Path first = pemFile("cas.pem", "Bag Attributes\n    friendlyName: one\n" + pem(ca1) + "more words\n" + pem(ca2));
        Path second = pemFile("ca3.pem", pem(ca3, ca1));

        Run add = client("add", "ic1", "--ca", first.toString(), "--ca", second.toString(),
                "--cert-subject", "CN=ic1.example.com, O=Example", "--cert-subject", "CN=ic1-standby.example.com");
        assertEquals(new Run(0, "client 'ic1' added (publisher-id ic1, certificate authentication)\n"
                + "trusts CA 'CN=Gateway CA 1,O=Example' (SHA-256 " + sha256(ca1) + ")\n"
                + "trusts CA 'CN=Gateway CA 2' (SHA-256 " + sha256(ca2) + ")\n"
                + "trusts CA 'CN=Gateway CA 3' (SHA-256 " + sha256(ca3) + ")\n", ""), add);

        ClientRecord ic1 = stored("ic1");
        assertEquals(AuthMethod.CERTIFICATE, ic1.authMethod());
        assertNull(ic1.passwordHash());
        assertEquals(List.of("CN=ic1.example.com,O=Example", "CN=ic1-standby.example.com"), ic1.certSubjects());
        assertEquals(List.of(ca1, ca2, ca3), certificatesOf(ic1.caCertificates()));
        // Normalized: exactly the three blocks, nothing else.
        assertEquals(pem(ca1, ca2, ca3).replace("\r\n", "\n"), ic1.caCertificates());
        assertFalse(ic1.caCertificates().contains("Bag Attributes"));
        assertEquals(List.of(), ic1.allowedSources());
        assertTrue(ic1.enabled());
    }

    @Test
    void certificateIsTheDefaultMethodWithCertificateOptions() throws Exception {
        Path ca = pemFile("ca.pem", pem(ca("CN=Only CA")));
        Run onlyCa = client("add", "ic1", "--ca", ca.toString(), "--allow-ip", "192.0.2.7");
        assertEquals(0, onlyCa.code(), onlyCa.err());
        assertEquals(AuthMethod.CERTIFICATE, stored("ic1").authMethod());

        initPkiCa(ca("CN=fedmap CA"));
        Run onlySubject = client("add", "ic2", "--cert-subject", "CN=ic2");
        assertEquals(0, onlySubject.code(), onlySubject.err());
        assertEquals(AuthMethod.CERTIFICATE, stored("ic2").authMethod());
        assertEquals("", onlySubject.err(), "restricted by subject: no warning");
        assertEquals("", onlyCa.err(), "restricted by source: no warning");
    }

    @Test
    void certificateClientWithoutCaTrustsThePkiCaAndWarnsWhenUnrestricted() throws Exception {
        X509Certificate serverCa = ca("CN=fedmap CA,O=Example");
        initPkiCa(serverCa);

        Run add = client("add", "ic1", "--auth", "certificate");
        assertEquals(0, add.code(), add.err());
        assertEquals("client 'ic1' added (publisher-id ic1, certificate authentication)\n"
                + "trusts CA 'CN=fedmap CA,O=Example' (SHA-256 " + sha256(serverCa) + ")\n", add.out());
        assertEquals("warning: client 'ic1' has no --cert-subject and no --allow-ip: any certificate from its"
                + " trusted CA will be accepted as this client\n", add.err());
        assertEquals(List.of(serverCa), certificatesOf(stored("ic1").caCertificates()));

        // Labels of --auth ignore case.
        Run upper = client("add", "ic2", "--auth", "CERTIFICATE", "--allow-ip", "10.0.0.0/8");
        assertEquals(0, upper.code(), upper.err());
        assertEquals("", upper.err());
    }

    @Test
    void certificateClientWithoutAnyCaIsRefused() {
        String expected = "no --ca given and no CA in " + dir.resolve("data").toAbsolutePath().resolve("pki")
                + "; run `fedmap pki init-ca` or pass --ca FILE";
        assertFails(expected, client("add", "ic1", "--auth", "certificate"));
        assertFails(expected, client("add", "ic1", "--auth", "certificate", "--cert-subject", "CN=ic1"));
        assertEquals(List.of(), storedClients());
    }

    @Test
    void refusesCaFilesThatHoldNoUsableCertificate() throws Exception {
        Path notPem = pemFile("notes.txt", "this is not a certificate\n");
        assertFails("CA file " + notPem + " is not a PEM file: it has no -----BEGIN CERTIFICATE----- line",
                client("add", "ic1", "--ca", notPem.toString()));

        Path der = Files.write(dir.resolve("ca.der"), ca("CN=DER CA").getEncoded());
        assertFails("CA file " + der + " is not a PEM file: it has no -----BEGIN CERTIFICATE----- line",
                client("add", "ic1", "--ca", der.toString()));

        Path broken = pemFile("broken.pem", "-----BEGIN CERTIFICATE-----\nTm90IGEgY2VydGlmaWNhdGU=\n"
                + "-----END CERTIFICATE-----\n");
        assertFailsWith("CA file " + broken + " holds something that is not a readable X.509 certificate",
                client("add", "ic1", "--ca", broken.toString()));

        // A private key next to the certificate is refused, never stored.
        Path withKey = pemFile("withkey.pem", pem(ca("CN=Keyed CA")) + "-----BEGIN PRIVATE KEY-----\n"
                + "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg\n-----END PRIVATE KEY-----\n");
        assertFailsWith("CA file " + withKey + " holds something that is not a readable X.509 certificate",
                client("add", "ic1", "--ca", withKey.toString()));

        Path huge = Files.write(dir.resolve("huge.pem"), new byte[1024 * 1024 + 1]);
        assertFails("CA file " + huge + " is larger than 1024 KiB; it cannot be a CA certificate bundle",
                client("add", "ic1", "--ca", huge.toString()));

        Path missing = dir.resolve("missing.pem");
        assertFails("CA file " + missing + " does not exist", client("add", "ic1", "--ca", missing.toString()));

        // A broken pki CA is reported as such too.
        Files.createDirectories(dir.resolve("data").resolve("pki"));
        Path pkiCa = Files.writeString(dir.resolve("data").resolve("pki").resolve("ca.pem"), "garbage");
        assertFailsWith("CA file " + dir.resolve("data").toAbsolutePath().resolve("pki").resolve("ca.pem")
                + " is not a PEM file", client("add", "ic1", "--auth", "certificate"));
        assertTrue(Files.exists(pkiCa));
        assertEquals(List.of(), storedClients());
    }

    @Test
    void warnsAboutCaFilesThatAreNotCaCertificatesOrNotValidNow() throws Exception {
        Instant now = Instant.now();
        X509Certificate leaf = certificate("CN=ic1.example.com", false, now.minus(Duration.ofDays(1)),
                now.plus(Duration.ofDays(30)));
        X509Certificate expired = certificate("CN=Old CA", true, now.minus(Duration.ofDays(30)),
                now.minus(Duration.ofDays(1)));
        Path leafFile = pemFile("leaf.pem", pem(leaf));
        Path expiredFile = pemFile("old.pem", pem(expired));

        Run add = client("add", "ic1", "--ca", leafFile.toString(), "--ca", expiredFile.toString(),
                "--cert-subject", "CN=ic1.example.com");
        assertEquals(0, add.code(), add.err());
        List<String> warnings = add.err().lines().toList();
        assertEquals(2, warnings.size(), add.err());
        assertEquals("warning: " + leafFile + ": 'CN=ic1.example.com' is not a CA certificate (its basic"
                + " constraints do not let it issue certificates)", warnings.get(0));
        assertTrue(warnings.get(1).startsWith("warning: " + expiredFile + ": 'CN=Old CA' expired on "), warnings.get(1));
        assertEquals(List.of(leaf, expired), certificatesOf(stored("ic1").caCertificates()));
    }

    @Test
    void addStoresEveryRestrictionAndPermission() {
        Run add = clientWithInput("pw\n", "add", "gw1", "--password-stdin", "--allow-ip", "192.0.2.0/24",
                "--allow-ip", "2001:DB8:0:0:0:0:0:0/32", "--allow-ip", " 198.51.100.7 ", "--allow-ip", "192.0.2.0/24",
                "--read-only", "--expires", "2031-12-31", "--max-sessions", "2", "--max-metadata", "0",
                "--description", "Policy Secure, rack 4", "--disabled");
        assertEquals(new Run(0, "client 'gw1' added (publisher-id gw1, basic authentication, disabled)\n", ""), add);
        ClientRecord gw1 = stored("gw1");
        assertEquals(AuthMethod.BASIC, gw1.authMethod());
        assertEquals(List.of("192.0.2.0/24", "2001:db8::/32", "198.51.100.7"), gw1.allowedSources());
        assertTrue(gw1.readOnly());
        assertFalse(gw1.purgeOthers());
        assertEquals(LocalDate.of(2031, 12, 31), gw1.expires());
        assertEquals(2, gw1.maxSessions());
        assertEquals(0L, gw1.maxMetadata());
        assertEquals("Policy Secure, rack 4", gw1.description());
        assertFalse(gw1.enabled());
        assertNull(gw1.caCertificates());

        assertEquals(0, clientWithInput("pw\n", "add", "gw2", "--password-stdin", "--purge-others").code());
        ClientRecord gw2 = stored("gw2");
        assertTrue(gw2.purgeOthers());
        assertFalse(gw2.readOnly());
        assertTrue(gw2.enabled());
        assertNull(gw2.expires());
        assertNull(gw2.maxSessions());
        assertNull(gw2.maxMetadata());
        assertEquals("", gw2.description());
    }

    @Test
    void allowedSourcesAreStoredInCanonicalForm() {
        String[][] cases = {
                {"192.0.2.7/32", "192.0.2.7"},
                {"10.0.0.0/8", "10.0.0.0/8"},
                {"0.0.0.0/0", "0.0.0.0/0"},
                {"2001:DB8::/32", "2001:db8::/32"},
                {"2001:0db8:0000:0000:0000:0000:0000:0001", "2001:db8::1"},
                {"2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"},
                {"2001:db8:0:1:0:0:0:1", "2001:db8:0:1::1"},
                {"fe80::1/128", "fe80::1"},
                {"::/0", "::/0"},
                {"::1", "::1"},
                // what a dual-stack socket reports for an IPv4 peer: it is that IPv4 address
                {"::ffff:192.0.2.1", "192.0.2.1"},
        };
        List<String> args = new ArrayList<>(List.of("add", "gw1", "--password-stdin"));
        List<String> expected = new ArrayList<>();
        for (String[] c : cases) {
            args.add("--allow-ip");
            args.add(c[0]);
            expected.add(c[1]);
        }
        // Spellings of an entry already given add nothing.
        args.addAll(List.of("--allow-ip", "192.0.2.7", "--allow-ip", "2001:db8:0:0:0:0:0:1"));
        Run add = clientWithInput("pw\n", args.toArray(String[]::new));
        assertEquals(0, add.code(), add.err());
        assertEquals(expected, stored("gw1").allowedSources());
    }

    @Test
    void refusesBadValuesInOneLineAndStoresNothing() throws Exception {
        for (String bad : new String[] {"10.0.0.256", "10.0.0", "10.0.0.1.2", "010.0.0.1", "gw.example.com",
                "2001:db8::1::2", "2001:db8:1:2:3:4:5:6:7", "1:2:3:4:5:6:7", ":1::", "fe80::1%eth0", "1.2.3.4::", ""}) {
            assertFailsWith(bad.isEmpty() ? "--allow-ip: an address range cannot be empty"
                            : "--allow-ip: bad address range '" + bad + "': ",
                    clientWithInput("pw\n", "add", "gw1", "--password-stdin", "--allow-ip", bad));
        }
        for (String bad : new String[] {"10.0.0.0/33", "10.0.0.0/", "10.0.0.0/x", "10.0.0.0/08", "10.0.0.0/-1"}) {
            assertFailsWith("--allow-ip: bad address range '" + bad + "': ",
                    clientWithInput("pw\n", "add", "gw1", "--password-stdin", "--allow-ip", bad));
        }
        assertFails("--allow-ip: bad address range '2001:db8::/129': the prefix length after '/' must be a number"
                + " from 0 to 128",
                clientWithInput("pw\n", "add", "gw1", "--password-stdin", "--allow-ip", "2001:db8::/129"));
        assertFails("--allow-ip: bad address range '10.1.2.3/8': host bits are set beyond the /8 prefix;"
                + " did you mean 10.0.0.0/8?",
                clientWithInput("pw\n", "add", "gw1", "--password-stdin", "--allow-ip", "10.1.2.3/8"));

        for (String bad : new String[] {"2027-13-01", "31.12.2027", "2027-02-30", "tomorrow"}) {
            assertFails("invalid --expires date '" + bad + "': use YYYY-MM-DD, e.g. 2027-12-31",
                    clientWithInput("pw\n", "add", "gw1", "--password-stdin", "--expires", bad));
        }
        for (String bad : new String[] {"0", "-1", "two", "99999999999"}) {
            assertFails("invalid --max-sessions '" + bad + "': give a whole number of at least 1 (or --no-max-sessions)",
                    clientWithInput("pw\n", "add", "gw1", "--password-stdin", "--max-sessions", bad));
        }
        for (String bad : new String[] {"-1", "1e6", ""}) {
            assertFails("invalid --max-metadata '" + bad + "': give a whole number of at least 0 (or --no-max-metadata)",
                    clientWithInput("pw\n", "add", "gw1", "--password-stdin", "--max-metadata", bad));
        }
        assertFails("unknown authentication method 'kerberos': use basic or certificate",
                client("add", "gw1", "--auth", "kerberos"));
        assertFailsWith("--cert-subject: bad certificate subject pattern 'not a dn': expected '='",
                client("add", "ic1", "--cert-subject", "not a dn"));
        assertFails("empty --cert-subject: give a distinguished name such as CN=ic1.example.com",
                client("add", "ic1", "--cert-subject", " "));
        assertFails("--description is longer than 1000 characters",
                client("add", "gw1", "--description", "x".repeat(1001)));

        // Conflicts.
        Path ca = pemFile("ca.pem", pem(ca("CN=Conflict CA")));
        assertFails("--purge-others conflicts with --read-only", client("add", "gw1", "--read-only", "--purge-others"));
        assertFails("--ca and --cert-subject apply only to certificate authentication",
                client("add", "gw1", "--auth", "basic", "--ca", ca.toString()));
        assertFails("--ca and --cert-subject apply only to certificate authentication",
                client("add", "gw1", "--auth", "basic", "--cert-subject", "CN=gw1"));
        String noPassword = "a certificate client has no password: --password-stdin applies only to basic authentication";
        assertFails(noPassword, clientWithInput("pw\n", "add", "ic1", "--auth", "certificate", "--password-stdin",
                "--ca", ca.toString()));
        assertFails(noPassword, clientWithInput("pw\n", "add", "ic1", "--password-stdin", "--ca", ca.toString()));

        assertEquals(List.of(), storedClients());
    }

    @Test
    void warnsWhenTheExpiryDateHasPassed() {
        Run add = clientWithInput("pw\n", "add", "gw1", "--password-stdin", "--expires", "2020-01-31");
        assertEquals(0, add.code());
        assertEquals("warning: --expires 2020-01-31 is in the past: the client will not be admitted\n", add.err());
        assertEquals(LocalDate.of(2020, 1, 31), stored("gw1").expires());
    }

    // ---- update -------------------------------------------------------------------------------

    @Test
    void updateChangesOnlyWhatItNamesAndSaysWhat() {
        assertEquals(0, clientWithInput("pw\n", "add", "gw1", "--password-stdin").code());
        ClientRecord before = stored("gw1");

        Run update = client("update", "gw1", "--read-only", "--allow-ip", "192.0.2.0/24", "--allow-ip", "2001:db8::/48",
                "--expires", "2030-06-30", "--max-sessions", "3", "--max-metadata", "1000", "--description", "moved",
                "--disabled");
        assertEquals(new Run(0, "client 'gw1' updated:\n"
                + "  sources: any -> 192.0.2.0/24, 2001:db8::/48\n"
                + "  permissions: read-write -> read-only\n"
                + "  expires: never -> 2030-06-30\n"
                + "  max sessions: no cap -> 3\n"
                + "  max metadata: no cap -> 1000\n"
                + "  state: enabled -> disabled\n"
                + "  description: '' -> 'moved'\n", ""), update);
        ClientRecord changed = stored("gw1");
        assertEquals(before.passwordHash(), changed.passwordHash());
        assertEquals(before.createdAt(), changed.createdAt());
        assertEquals(List.of("192.0.2.0/24", "2001:db8::/48"), changed.allowedSources());
        assertTrue(changed.readOnly());
        assertEquals(LocalDate.of(2030, 6, 30), changed.expires());
        assertEquals(3, changed.maxSessions());
        assertEquals(1000L, changed.maxMetadata());
        assertEquals("moved", changed.description());
        assertFalse(changed.enabled());

        // A list option replaces the list.
        assertEquals(new Run(0, "client 'gw1' updated:\n  sources: 192.0.2.0/24, 2001:db8::/48 -> 10.0.0.0/8\n", ""),
                client("update", "gw1", "--allow-ip", "10.0.0.0/8"));

        Run back = client("update", "gw1", "--read-write", "--allow-any-ip", "--no-expiry", "--no-max-sessions",
                "--no-max-metadata", "--description", "", "--enabled");
        assertEquals(new Run(0, "client 'gw1' updated:\n"
                + "  sources: 10.0.0.0/8 -> any\n"
                + "  permissions: read-only -> read-write\n"
                + "  expires: 2030-06-30 -> never\n"
                + "  max sessions: 3 -> no cap\n"
                + "  max metadata: 1000 -> no cap\n"
                + "  state: disabled -> enabled\n"
                + "  description: 'moved' -> ''\n", ""), back);
        assertEquals(before, stored("gw1"));

        // Saying what already is changes nothing, not even the store's change counter.
        long version = storeVersion();
        assertEquals(new Run(0, "client 'gw1' unchanged\n", ""), client("update", "gw1", "--read-write", "--enabled"));
        assertEquals(version, storeVersion());

        assertEquals(new Run(0, "client 'gw1' updated:\n  permissions: read-write -> read-write, purge-others\n", ""),
                client("update", "gw1", "--purge-others"));
        assertFails("client 'gw1' may purge other publishers' metadata; add --no-purge-others to make it read-only",
                client("update", "gw1", "--read-only"));
        assertEquals(new Run(0, "client 'gw1' updated:\n  permissions: read-write, purge-others -> read-only\n", ""),
                client("update", "gw1", "--read-only", "--no-purge-others"));
        assertFails("client 'gw1' is read-only; add --read-write to let it purge other publishers' metadata",
                client("update", "gw1", "--purge-others"));
        assertTrue(stored("gw1").readOnly());
    }

    @Test
    void updateChangesPasswords() {
        assertEquals(0, clientWithInput("old-pw\n", "add", "gw1", "--password-stdin").code());
        PasswordHasher hasher = new PasswordHasher();

        assertEquals(new Run(0, "client 'gw1' updated:\n  password: changed\n", ""),
                clientWithInput("new-pw\n", "update", "gw1", "--password-stdin"));
        assertTrue(hasher.verify("new-pw".toCharArray(), stored("gw1").passwordHash()));

        Run generated = client("update", "gw1", "--new-password");
        assertEquals(0, generated.code(), generated.err());
        String[] lines = generated.out().split("\n");
        assertEquals("client 'gw1' updated:", lines[0]);
        assertEquals("  password: changed", lines[1]);
        assertTrue(lines[2].startsWith("password: "), generated.out());
        String password = lines[2].substring("password: ".length());
        assertTrue(password.length() >= 20 && password.matches("[A-Za-z0-9_-]+"), password);
        assertTrue(hasher.verify(password.toCharArray(), stored("gw1").passwordHash()));
        assertFalse(hasher.verify("new-pw".toCharArray(), stored("gw1").passwordHash()));

        assertFails("no password on standard input", client("update", "gw1", "--password-stdin"));
        assertTrue(hasher.verify(password.toCharArray(), stored("gw1").passwordHash()));
    }

    @Test
    void updateSwitchesBetweenBasicAndCertificate() throws Exception {
        assertEquals(0, clientWithInput("pw\n", "add", "gw1", "--password-stdin").code());
        ClientRecord basic = stored("gw1");

        String noCa = "no --ca given and no CA in " + dir.resolve("data").toAbsolutePath().resolve("pki")
                + "; run `fedmap pki init-ca` or pass --ca FILE";
        assertFails(noCa, client("update", "gw1", "--auth", "certificate"));
        assertFails("client 'gw1' uses basic authentication: --ca, --cert-subject and --no-cert-subjects need"
                + " --auth certificate", client("update", "gw1", "--cert-subject", "CN=gw1"));
        assertEquals(basic, stored("gw1"));

        X509Certificate ca = ca("CN=Switch CA");
        Path caFile = pemFile("ca.pem", pem(ca));
        Run toCertificate = client("update", "gw1", "--auth", "certificate", "--ca", caFile.toString(),
                "--cert-subject", "CN=gw1.example.com");
        assertEquals(new Run(0, "client 'gw1' updated:\n"
                + "  auth: basic -> certificate\n"
                + "  trusted CAs: none -> 'CN=Switch CA' (SHA-256 " + sha256(ca).substring(0, 23) + "...)\n"
                + "  subjects: none -> CN=gw1.example.com\n", ""), toCertificate);
        ClientRecord cert = stored("gw1");
        assertEquals(AuthMethod.CERTIFICATE, cert.authMethod());
        assertNull(cert.passwordHash());
        assertEquals(List.of(ca), certificatesOf(cert.caCertificates()));
        assertEquals(List.of("CN=gw1.example.com"), cert.certSubjects());

        assertFails("switching client 'gw1' to basic authentication needs a password: add --password-stdin or"
                + " --new-password", client("update", "gw1", "--auth", "basic"));
        assertFails("client 'gw1' uses certificate authentication and has no password; to switch it to a password,"
                + " add --auth basic", clientWithInput("pw\n", "update", "gw1", "--password-stdin"));
        assertFails("a certificate client has no password: --password-stdin and --new-password apply only to basic"
                + " authentication", client("update", "gw1", "--auth", "certificate", "--new-password"));
        assertFails("--ca, --cert-subject and --no-cert-subjects apply only to certificate authentication",
                clientWithInput("pw\n", "update", "gw1", "--auth", "basic", "--password-stdin", "--no-cert-subjects"));
        assertEquals(cert, stored("gw1"));

        Run toBasic = clientWithInput("back-pw\n", "update", "gw1", "--auth", "basic", "--password-stdin");
        assertEquals(new Run(0, "client 'gw1' updated:\n"
                + "  auth: certificate -> basic\n"
                + "  password: set\n"
                + "  trusted CAs: 'CN=Switch CA' (SHA-256 " + sha256(ca).substring(0, 23) + "...) -> none\n"
                + "  subjects: CN=gw1.example.com -> none\n", ""), toBasic);
        ClientRecord again = stored("gw1");
        assertEquals(AuthMethod.BASIC, again.authMethod());
        assertNull(again.caCertificates());
        assertEquals(List.of(), again.certSubjects());
        assertTrue(new PasswordHasher().verify("back-pw".toCharArray(), again.passwordHash()));

        // With a pki CA, switching needs no --ca.
        X509Certificate serverCa = ca("CN=fedmap CA");
        initPkiCa(serverCa);
        Run toPki = client("update", "gw1", "--auth", "certificate", "--allow-ip", "192.0.2.7");
        assertEquals(0, toPki.code(), toPki.err());
        assertEquals("", toPki.err());
        assertEquals(List.of(serverCa), certificatesOf(stored("gw1").caCertificates()));
        assertEquals(List.of(), stored("gw1").certSubjects());
    }

    @Test
    void updateReplacesAndClearsCertificateSettings() throws Exception {
        X509Certificate ca1 = ca("CN=First CA");
        X509Certificate ca2 = ca("CN=Second CA");
        X509Certificate ca3 = ca("CN=Third CA");
        Path first = pemFile("first.pem", pem(ca1));
        assertEquals(0, client("add", "ic1", "--ca", first.toString(), "--cert-subject", "CN=a", "--cert-subject", "CN=b")
                .code());

        assertEquals(new Run(0, "client 'ic1' updated:\n  subjects: CN=a; CN=b -> CN=c\n", ""),
                client("update", "ic1", "--cert-subject", "CN=c"));
        assertEquals(List.of("CN=c"), stored("ic1").certSubjects());
        assertEquals(List.of(ca1), certificatesOf(stored("ic1").caCertificates()), "CAs stay unless named");

        Path others = pemFile("others.pem", pem(ca2, ca3));
        Run replaceCas = client("update", "ic1", "--ca", others.toString());
        assertEquals(0, replaceCas.code(), replaceCas.err());
        assertEquals("client 'ic1' updated:\n  trusted CAs: 'CN=First CA' (SHA-256 " + sha256(ca1).substring(0, 23)
                + "...) -> 'CN=Second CA' (SHA-256 " + sha256(ca2).substring(0, 23) + "...), 'CN=Third CA' (SHA-256 "
                + sha256(ca3).substring(0, 23) + "...)\n", replaceCas.out());
        assertEquals(List.of(ca2, ca3), certificatesOf(stored("ic1").caCertificates()));
        assertEquals(List.of("CN=c"), stored("ic1").certSubjects(), "subjects stay unless named");

        Run clear = client("update", "ic1", "--no-cert-subjects");
        assertEquals(new Run(0, "client 'ic1' updated:\n  subjects: CN=c -> any\n",
                "warning: client 'ic1' has no --cert-subject and no --allow-ip: any certificate from its trusted CA"
                        + " will be accepted as this client\n"), clear);
        assertEquals(List.of(), stored("ic1").certSubjects());

        // Restricting by source instead silences the warning; lifting that brings it back; unrelated changes
        // to a client that was already unrestricted do not repeat it.
        assertEquals("", client("update", "ic1", "--allow-ip", "192.0.2.7").err());
        assertEquals(clear.err(), client("update", "ic1", "--allow-any-ip").err());
        assertEquals(new Run(0, "client 'ic1' updated:\n  description: '' -> 'x'\n", ""),
                client("update", "ic1", "--description", "x"));
    }

    @Test
    void updateRefusesConflictsUnknownClientsAndEmptyRequests() {
        assertEquals(0, clientWithInput("pw\n", "add", "gw1", "--password-stdin").code());
        ClientRecord gw1 = stored("gw1");
        long version = storeVersion();

        String[][] conflicts = {
                {"--password-stdin", "--new-password"},
                {"--cert-subject=CN=a", "--no-cert-subjects"},
                {"--allow-ip=10.0.0.0/8", "--allow-any-ip"},
                {"--read-only", "--read-write"},
                {"--purge-others", "--no-purge-others"},
                {"--read-only", "--purge-others"},
                {"--expires=2030-01-01", "--no-expiry"},
                {"--max-sessions=2", "--no-max-sessions"},
                {"--max-metadata=2", "--no-max-metadata"},
                {"--enabled", "--disabled"},
        };
        for (String[] c : conflicts) {
            String a = c[0].contains("=") ? c[0].substring(0, c[0].indexOf('=')) : c[0];
            assertFails(c[1] + " conflicts with " + a, clientWithInput("pw\n", "update", "gw1", c[0], c[1]));
        }
        assertFails("nothing to change: name at least one option (see fedmap client update --help)",
                client("update", "gw1"));
        assertFails("no client named 'gw2'", client("update", "gw2", "--read-only"));
        assertFails("invalid --max-sessions '0': give a whole number of at least 1 (or --no-max-sessions)",
                client("update", "gw1", "--max-sessions", "0"));
        assertFails("invalid --expires date '2030-1-1': use YYYY-MM-DD, e.g. 2027-12-31",
                client("update", "gw1", "--expires", "2030-1-1"));
        assertFails("--allow-ip: bad address range '192.0.2.0/99': the prefix length after '/' must be a number"
                + " from 0 to 32",
                client("update", "gw1", "--allow-ip", "192.0.2.0/99"));
        assertEquals(gw1, stored("gw1"));
        assertEquals(version, storeVersion());
    }

    // ---- show, list, disable, enable ----------------------------------------------------------

    @Test
    void showsEveryFieldOfABasicClientButNotItsHash() {
        assertEquals(0, clientWithInput("pw\n", "add", "gw1", "--password-stdin", "--allow-ip", "192.0.2.0/24",
                "--allow-ip", "2001:db8::/32", "--purge-others", "--expires", "2031-01-31", "--max-sessions", "2",
                "--max-metadata", "5000", "--description", "Policy Secure, rack 4").code());
        ClientRecord gw1 = stored("gw1");

        Run show = client("show", "gw1");
        assertEquals(0, show.code(), show.err());
        assertEquals(""
                + "name          gw1\n"
                + "publisher-id  gw1\n"
                + "state         enabled\n"
                + "auth          basic\n"
                + "password      set (only its hash is stored)\n"
                + "sources       192.0.2.0/24\n"
                + "              2001:db8::/32\n"
                + "permissions   read-write, purge-others\n"
                + "expires       2031-01-31 (last day admitted)\n"
                + "max sessions  2\n"
                + "max metadata  5000\n"
                + "description   Policy Secure, rack 4\n"
                + "created       " + java.time.format.DateTimeFormatter.ISO_INSTANT.format(
                        gw1.createdAt().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)) + "\n", show.out());
        assertFalse(show.out().contains(gw1.passwordHash()));
        assertFalse(show.out().contains("argon2"));

        assertFails("no client named 'gw2'", client("show", "gw2"));
    }

    @Test
    void showsTheTrustedCasOfACertificateClient() throws Exception {
        Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        X509Certificate ca = certificate("CN=Gateway CA,O=Example", true, now.minus(Duration.ofDays(1)),
                now.plus(Duration.ofDays(365)));
        X509Certificate leaf = certificate("CN=not-a-ca", false, now.minus(Duration.ofDays(1)),
                now.plus(Duration.ofDays(30)));
        Path file = pemFile("cas.pem", pem(ca, leaf));
        assertEquals(0, client("add", "ic1", "--ca", file.toString(), "--cert-subject", "CN=ic1.example.com",
                "--cert-subject", "CN=ic1-standby.example.com", "--read-only", "--disabled").code());

        Run show = client("show", "ic1");
        assertEquals(0, show.code(), show.err());
        String out = show.out();
        String[] lines = out.split("\n");
        assertEquals("state         disabled", lines[2]);
        assertEquals("auth          certificate", lines[3]);
        assertEquals("subjects      CN=ic1.example.com", lines[4]);
        assertEquals("              CN=ic1-standby.example.com", lines[5]);
        assertEquals("trusted CAs   CN=Gateway CA,O=Example", lines[6]);
        assertEquals("                SHA-256  " + sha256(ca), lines[7]);
        assertEquals("                valid    " + now.minus(Duration.ofDays(1)) + " to " + now.plus(Duration.ofDays(365)),
                lines[8]);
        assertEquals("              CN=not-a-ca", lines[9]);
        assertEquals("                SHA-256  " + sha256(leaf), lines[10]);
        assertEquals("                (not a CA certificate)", lines[12]);
        assertEquals("sources       any", lines[13]);
        assertEquals("permissions   read-only", lines[14]);
        assertEquals("expires       never", lines[15]);
        assertEquals("max sessions  no cap", lines[16]);
        assertEquals("max metadata  no cap", lines[17]);
        assertEquals("description   (none)", lines[18]);
        assertFalse(out.contains("password"));
        assertFalse(out.contains("BEGIN CERTIFICATE"));
    }

    @Test
    void listsClientsAsATable() throws Exception {
        assertEquals(new Run(0, "no clients\n", ""), client("list"));
        clientWithInput("pw-one\n", "add", "gw-long-name.example", "--password-stdin", "--allow-ip", "192.0.2.0/24",
                "--allow-ip", "198.51.100.0/24", "--allow-ip", "203.0.113.0/24", "--read-only",
                "--description", "A description that is much too long for the table, so it is cut");
        clientWithInput("pw-two\r\n", "add", "a", "--password-stdin", "--purge-others", "--allow-ip", "10.0.0.0/8",
                "--disabled");
        clientWithInput("pw\n", "add", "old", "--password-stdin", "--expires", "2020-01-01", "--description",
                "line one\nline two");
        Path ca = pemFile("ca.pem", pem(ca("CN=List CA")));
        client("add", "ic1", "--ca", ca.toString(), "--cert-subject", "CN=ic1", "--expires", "2099-12-31");

        Run list = client("list");
        assertEquals(0, list.code());
        assertEquals(""
                + "NAME                  AUTH         STATE     SOURCES     PERMISSIONS               EXPIRES     DESCRIPTION\n"
                + "a                     basic        disabled  10.0.0.0/8  read-write, purge-others  never\n"
                + "gw-long-name.example  basic        enabled   3 ranges    read-only                 never       "
                + "A description that is much too long f...\n"
                + "ic1                   certificate  enabled   any         read-write                2099-12-31\n"
                + "old                   basic        expired   any         read-write                2020-01-01  "
                + "line one line two\n", list.out());

        // The CR of a CRLF line end is not part of the password.
        assertTrue(new PasswordHasher().verify("pw-two".toCharArray(), stored("a").passwordHash()));
    }

    @Test
    void disablesAndEnablesClients() {
        assertEquals(0, clientWithInput("pw\n", "add", "gw1", "--password-stdin", "--read-only").code());
        ClientRecord gw1 = stored("gw1");

        assertEquals(new Run(0, "client 'gw1' disabled\n", ""), client("disable", "gw1"));
        assertFalse(stored("gw1").enabled());
        long version = storeVersion();
        assertEquals(new Run(0, "client 'gw1' is already disabled\n", ""), client("disable", "gw1"));
        assertEquals(version, storeVersion());
        assertTrue(client("list").out().contains("disabled"));

        assertEquals(new Run(0, "client 'gw1' enabled\n", ""), client("enable", "gw1"));
        assertEquals(gw1, stored("gw1"), "nothing else changed");
        assertEquals(new Run(0, "client 'gw1' is already enabled\n", ""), client("enable", "gw1"));

        assertFails("no client named 'gw2'", client("disable", "gw2"));
        assertFails("no client named 'gw2'", client("enable", "gw2"));
    }
}
