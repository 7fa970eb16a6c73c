package org.fedmap.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.fedmap.replication.ReplicaKey;
import org.fedmap.store.AuthMethod;
import org.fedmap.store.Database;
import org.fedmap.store.ReplicaRecord;
import org.fedmap.store.ReplicaStore;
import org.fedmap.testsupport.Cli;
import org.fedmap.testsupport.Cli.Run;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplicaCommandTest {
    private static final String URL = "https://london.example.com:8443/dana-ws/soap/dsifmap";
    private static final String PASSWORD = "mesh-secret-42";

    @TempDir
    Path dir;

    private Path data() {
        return dir.resolve("data");
    }

    private Run replica(String stdin, String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "replica";
        System.arraycopy(args, 0, all, 1, args.length);
        all[args.length + 1] = "--data";
        all[args.length + 2] = data().toString();
        return Cli.fedmap(stdin, all);
    }

    private Run addBasic(String name) {
        return replica(PASSWORD + "\n", "add", name, "--url", URL, "--hostname", "london.example.com",
                "--allow-ip", "192.0.2.10", "--allow-ip", "2001:db8::/64", "--auth", "basic", "--user", "boston",
                "--password-stdin");
    }

    private List<ReplicaRecord> stored() {
        try (Database db = Database.openForTool(data())) {
            return new ReplicaStore(db).list();
        }
    }

    private static void assertRefused(String error, Run run) {
        assertEquals(1, run.code(), run.toString());
        assertEquals("", run.out(), run.toString());
        assertEquals(error + "\n", run.err());
    }

    private static void assertRefusedWith(String errorStart, Run run) {
        assertEquals(1, run.code(), run.toString());
        assertEquals("", run.out(), run.toString());
        assertTrue(run.err().startsWith(errorStart), run.err());
        assertEquals(1, run.err().lines().count(), run.err());
    }

    // ---- a CA for certificate replicas ------------------------------------------------------

    private static X509Certificate ca(String subject) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair keys = generator.generateKeyPair();
        X500Name name = X500Name.getInstance(new javax.security.auth.x500.X500Principal(subject).getEncoded());
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(now.toEpochMilli()),
                Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(365))), name,
                keys.getPublic());
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
    }

    private Path pemFile(X509Certificate cert) throws Exception {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(cert);
        }
        return Files.writeString(dir.resolve("ca.pem"), text.toString());
    }

    private static String sha256(X509Certificate cert) throws Exception {
        return HexFormat.ofDelimiter(":").withUpperCase()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));
    }

    // ---- add, list, show, remove --------------------------------------------------------------

    @Test
    void aBasicReplicaIsAddedListedShownWithoutItsPasswordAndRemoved() {
        Run add = addBasic("london");
        assertEquals(0, add.code(), add.toString());
        assertEquals("replica 'london' added (" + URL + ", certificate name london.example.com, basic authentication)\n"
                + "A server running on this data directory starts replicating with it within a second;"
                + " configure this server on the replica as well.\n", add.out());
        assertEquals("", add.err());

        Run list = replica("", "list");
        assertEquals(0, list.code(), list.toString());
        assertEquals(List.of("NAME    URL" + " ".repeat(URL.length() - 3) + "  HOSTNAME            AUTH   SOURCES",
                "london  " + URL + "  london.example.com  basic  192.0.2.10,2001:db8::/64"),
                list.out().lines().toList());

        Run show = replica("", "show", "london");
        assertEquals(0, show.code(), show.toString());
        assertEquals(List.of(
                "name          london",
                "url           " + URL,
                "hostname      london.example.com (its certificate must carry this name)",
                "sources       192.0.2.10",
                "              2001:db8::/64",
                "auth          basic",
                "user          boston",
                "password      set (stored encrypted with " + ReplicaKey.file(data()) + ")"),
                show.out().lines().limit(8).toList());
        assertTrue(show.out().contains("replication   by a running server (`fedmap status` shows the link)"), show.out());
        assertFalse(show.out().contains(PASSWORD));

        Run remove = replica("", "remove", "london");
        assertEquals(new Run(0, "replica 'london' removed\n", ""), remove);
        assertEquals(List.of(), stored());
        assertEquals(new Run(0, "no replicas\n", ""), replica("", "list"));
    }

    @Test
    void theStoredPasswordIsEncryptedAndOpensWithTheDataDirectorysKey() throws Exception {
        assertEquals(0, addBasic("london").code());
        String column;
        try (Database db = Database.openForTool(data())) {
            column = db.transaction(c -> {
                try (var rs = c.createStatement().executeQuery("SELECT sealed_password FROM replica")) {
                    rs.next();
                    return rs.getString(1);
                }
            });
        }
        assertFalse(column.contains(PASSWORD), column);
        assertTrue(column.startsWith("v1:"), column);
        assertArrayEquals(PASSWORD.toCharArray(),
                ReplicaKey.load(data()).orElseThrow().open("london", "boston", column));
        assertTrue(Files.exists(ReplicaKey.file(data())));
    }

    @Test
    void aCertificateReplicaKeepsItsCaAndRestrictionsAndShowsTheirFingerprints() throws Exception {
        X509Certificate ca = ca("CN=Mesh CA,O=Example");
        Run add = replica("", "add", "tokyo", "--url", "https://127.0.0.3:9443", "--hostname", "127.0.0.3",
                "--allow-ip", "127.0.0.3", "--auth", "certificate", "--ca", pemFile(ca).toString(),
                "--restrict", "CN=replica3.example.com, O=Example");
        assertEquals(0, add.code(), add.toString());
        assertEquals("", add.err());
        assertTrue(add.out().contains("starts replicating with it within a second"), add.out());

        ReplicaRecord r = stored().get(0);
        assertEquals("https://127.0.0.3:9443/dana-ws/soap/dsifmap", r.url());
        assertEquals(AuthMethod.CERTIFICATE, r.authMethod());
        assertEquals(List.of("CN=replica3.example.com,O=Example"), r.restrictions());
        assertTrue(r.caCertificates().startsWith("-----BEGIN CERTIFICATE-----\n"));
        assertEquals(null, r.sealedPassword());
        assertFalse(Files.exists(ReplicaKey.file(data())), "no key is made for a replica without a password");

        Run show = replica("", "show", "tokyo");
        assertEquals(0, show.code(), show.toString());
        List<String> lines = show.out().lines().toList();
        assertTrue(lines.contains("auth          certificate"), show.out());
        assertTrue(lines.contains("replication   by a running server (`fedmap status` shows the link)"), show.out());
        assertTrue(lines.contains("restrictions  CN=replica3.example.com,O=Example"), show.out());
        assertTrue(lines.contains("trusted CAs   CN=Mesh CA,O=Example"), show.out());
        assertTrue(lines.contains("                SHA-256  " + sha256(ca)), show.out());

        Run list = replica("", "list");
        assertTrue(list.out().lines().anyMatch(l -> l.matches(
                "tokyo +https://127\\.0\\.0\\.3:9443/dana-ws/soap/dsifmap +127\\.0\\.0\\.3 +certificate +127\\.0\\.0\\.3")),
                list.out());
    }

    @Test
    void aBackupWithKeysCarriesTheReplicasAndTheKeyTheirPasswordsNeed() {
        assertEquals(0, addBasic("london").code());
        Path withKeys = dir.resolve("with-keys.zip");
        Path without = dir.resolve("without.zip");
        assertEquals(0, Cli.fedmap("", "backup", "--out", withKeys.toString(), "--with-keys", "--data",
                data().toString()).code());
        assertEquals(0, Cli.fedmap("", "backup", "--out", without.toString(), "--data", data().toString()).code());

        Path standby = dir.resolve("standby");
        Run restore = Cli.fedmap("", "restore", "--in", withKeys.toString(), "--with-keys", "--data", standby.toString());
        assertEquals(0, restore.code(), restore.toString());
        assertTrue(restore.out().contains("1 replica(s)"), restore.out());
        Run show = Cli.fedmap("", "replica", "show", "london", "--data", standby.toString());
        assertTrue(show.out().contains("password      set (stored encrypted with " + ReplicaKey.file(standby) + ")"),
                show.out());

        Path bare = dir.resolve("bare");
        assertEquals(0, Cli.fedmap("", "restore", "--in", without.toString(), "--data", bare.toString()).code());
        Run bareShow = Cli.fedmap("", "replica", "show", "london", "--data", bare.toString());
        assertEquals(0, bareShow.code(), bareShow.toString());
        assertTrue(bareShow.out().contains("password      set, but " + ReplicaKey.file(bare) + " is missing"),
                bareShow.out());
    }

    @Test
    void everyReplicaCommandHasHelpAndSaysWhichReplicasReplicate() {
        for (String sub : new String[] {"add", "list", "show", "remove"}) {
            Run run = Cli.fedmap("", "replica", sub, "--help");
            assertEquals(0, run.code(), sub);
            assertTrue(run.out().startsWith("Usage: fedmap replica " + sub), run.out());
        }
        Run top = Cli.fedmap("", "replica", "--help");
        assertTrue(top.out().replaceAll("\\s+", " ").contains("(each server of a mesh configures all the others)"),
                top.out());
        assertFalse(Files.exists(data()), "help touches nothing");
    }

    // ---- refusals ------------------------------------------------------------------------------

    @Test
    void badValuesAreRefusedInOneLineAndNothingIsStored() throws Exception {
        Path caFile = pemFile(ca("CN=Mesh CA"));
        assertRefusedWith("invalid replica URL 'london.example.com:8443'",
                replica("", "add", "r1", "--url", "london.example.com:8443", "--hostname", "r.example.com",
                        "--allow-ip", "192.0.2.1", "--auth", "certificate", "--ca", caFile.toString(), "--restrict", "CN=r"));
        assertRefused("invalid replica URL 'http://london.example.com:8443/dana-ws/soap/dsifmap': replicas are reached"
                        + " over https only, not http",
                replica("", "add", "r1", "--url", "http://london.example.com:8443/dana-ws/soap/dsifmap", "--hostname",
                        "r.example.com", "--allow-ip", "192.0.2.1", "--auth", "certificate", "--ca", caFile.toString(),
                        "--restrict", "CN=r"));
        assertRefusedWith("invalid hostname 'r_1.example.com': give a DNS name",
                replica("", "add", "r1", "--url", URL, "--hostname", "r_1.example.com", "--allow-ip", "192.0.2.1",
                        "--auth", "certificate", "--ca", caFile.toString(), "--restrict", "CN=r"));
        assertRefusedWith("invalid hostname '192.0.2': not a valid IPv4 address",
                replica("", "add", "r1", "--url", URL, "--hostname", "192.0.2", "--allow-ip", "192.0.2.1",
                        "--auth", "certificate", "--ca", caFile.toString(), "--restrict", "CN=r"));
        assertRefused("--allow-ip is required: the replica may connect in only from the addresses given",
                replica("", "add", "r1", "--url", URL, "--hostname", "r.example.com", "--auth", "certificate",
                        "--ca", caFile.toString(), "--restrict", "CN=r"));
        assertRefusedWith("--allow-ip: ",
                replica("", "add", "r1", "--url", URL, "--hostname", "r.example.com", "--allow-ip", "192.0.2.300",
                        "--auth", "certificate", "--ca", caFile.toString(), "--restrict", "CN=r"));
        assertRefused("--auth basic needs --password-stdin (the password is read from standard input, never from the"
                        + " command line)",
                replica(PASSWORD + "\n", "add", "r1", "--url", URL, "--hostname", "r.example.com", "--allow-ip",
                        "192.0.2.1", "--auth", "basic", "--user", "boston"));
        assertRefused("--auth basic needs --user USER",
                replica(PASSWORD + "\n", "add", "r1", "--url", URL, "--hostname", "r.example.com", "--allow-ip",
                        "192.0.2.1", "--auth", "basic", "--password-stdin"));
        assertRefused("the password on standard input is empty",
                replica("\n", "add", "r1", "--url", URL, "--hostname", "r.example.com", "--allow-ip",
                        "192.0.2.1", "--auth", "basic", "--user", "boston", "--password-stdin"));
        assertRefused("--auth certificate needs --ca FILE: the CA that issues the replica's certificate",
                replica("", "add", "r1", "--url", URL, "--hostname", "r.example.com", "--allow-ip", "192.0.2.1",
                        "--auth", "certificate", "--restrict", "CN=r"));
        assertRefusedWith("--auth certificate needs --restrict DN",
                replica("", "add", "r1", "--url", URL, "--hostname", "r.example.com", "--allow-ip", "192.0.2.1",
                        "--auth", "certificate", "--ca", caFile.toString()));
        assertRefused("--ca and --restrict apply only to --auth certificate",
                replica(PASSWORD + "\n", "add", "r1", "--url", URL, "--hostname", "r.example.com", "--allow-ip",
                        "192.0.2.1", "--auth", "basic", "--user", "boston", "--password-stdin", "--ca", caFile.toString()));
        assertRefused("--auth basic or --auth certificate is required",
                replica("", "add", "r1", "--url", URL, "--hostname", "r.example.com", "--allow-ip", "192.0.2.1"));
        assertRefused("unknown authentication method 'token': use basic or certificate",
                replica("", "add", "r1", "--url", URL, "--hostname", "r.example.com", "--allow-ip", "192.0.2.1",
                        "--auth", "token"));
        assertRefusedWith("--url is required",
                replica("", "add", "r1", "--hostname", "r.example.com", "--allow-ip", "192.0.2.1", "--auth", "basic"));
        assertRefusedWith("invalid replica name 'r:1'",
                replica("", "add", "r:1", "--url", URL, "--hostname", "r.example.com", "--allow-ip", "192.0.2.1",
                        "--auth", "basic"));
        assertRefusedWith("CA file " + dir.resolve("missing.pem") + " does not exist",
                replica("", "add", "r1", "--url", URL, "--hostname", "r.example.com", "--allow-ip", "192.0.2.1",
                        "--auth", "certificate", "--ca", dir.resolve("missing.pem").toString(), "--restrict", "CN=r"));
        assertEquals(List.of(), stored());
        assertFalse(Files.exists(ReplicaKey.file(data())), "no refused command made a key");
    }

    @Test
    void aTakenNameAndAnUnknownNameAreRefused() {
        assertEquals(0, addBasic("london").code());
        assertRefused("a replica named 'london' already exists", addBasic("london"));
        assertRefused("replica name 'London' is taken: it differs from the existing replica 'london' only in case",
                addBasic("London"));
        assertEquals(1, stored().size());
        assertRefused("no replica named 'paris'", replica("", "show", "paris"));
        assertRefused("no replica named 'paris'", replica("", "remove", "paris"));
        assertEquals(1, stored().size());
    }
}
