package org.fedmap.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigTest {
    private static final Path BASE = Path.of("/etc/fedmap");

    private static String refusal(Map<String, String> values) {
        return assertThrows(ConfigException.class, () -> Config.from(values, BASE)).getMessage();
    }

    @Test
    void pemCertificateAndKeyResolveAgainstTheConfigurationsDirectory() {
        Config c = Config.from(Map.of("tls.certificate", "tls/server.crt.pem", "tls.private-key",
                "../keys/server.key.pem", "tls.private-key-password", "secret"), BASE);
        assertEquals(Path.of("/etc/fedmap/tls/server.crt.pem"), c.certificate());
        assertEquals(Path.of("/etc/keys/server.key.pem"), c.privateKey());
        assertEquals("secret", c.privateKeyPassword());
        assertNull(c.keystore());
        assertEquals(c.certificate(), c.withPort(9443).certificate());

        Config absolute = Config.from(Map.of("tls.certificate", "/srv/a.pem", "tls.private-key", "/srv/b.pem"), BASE);
        assertEquals(Path.of("/srv/a.pem"), absolute.certificate());
        assertEquals("", absolute.privateKeyPassword());

        Config none = Config.defaults();
        assertNull(none.certificate());
        assertNull(none.privateKey());
        assertEquals("", none.privateKeyPassword());
    }

    @Test
    void theServersKeyComesFromOnePlace() {
        assertEquals("tls.certificate is set but tls.private-key is not; set both or neither",
                refusal(Map.of("tls.certificate", "a.pem")));
        assertEquals("tls.private-key is set but tls.certificate is not; set both or neither",
                refusal(Map.of("tls.private-key", "b.pem")));
        assertEquals("tls.private-key-password is set but tls.private-key is not",
                refusal(Map.of("tls.private-key-password", "x")));
        assertEquals("tls.keystore and tls.certificate/tls.private-key both name the server's key; set only one of them",
                refusal(Map.of("tls.keystore", "k.p12", "tls.certificate", "a.pem", "tls.private-key", "b.pem")));
    }

    @Test
    void theAdminListenerIsLocalByDefaultAndItsAddressRulesAreChecked() {
        Config.Admin defaults = Config.defaults().admin();
        assertTrue(defaults.enabled());
        assertEquals("127.0.0.1", defaults.bind());
        assertEquals(8444, defaults.port());
        assertEquals("[127.0.0.1, ::1]", defaults.allow().toString());

        Config.Admin set = Config.from(Map.of("admin.enabled", "false", "admin.port", "0",
                "admin.allow", " 10.0.0.0/8 , 2001:db8::/32,"), BASE).admin();
        assertEquals(false, set.enabled());
        assertEquals(0, set.port());
        assertEquals("[10.0.0.0/8, 2001:db8::/32]", set.allow().toString());
        assertEquals(set, Config.from(Map.of("admin.enabled", "false", "admin.port", "0",
                "admin.allow", "10.0.0.0/8,2001:db8::/32"), BASE).withPort(9443).admin());

        assertTrue(refusal(Map.of("admin.allow", "10.1.2.3/8")).startsWith("admin.allow: "));
        assertTrue(refusal(Map.of("admin.allow", "localhost")).startsWith("admin.allow: "));
        assertTrue(refusal(Map.of("admin.allow", " , ")).startsWith("admin.allow must name at least one"));
        assertTrue(refusal(Map.of("admin.port", "65536")).startsWith("admin.port = 65536 is out of range"));
        assertTrue(refusal(Map.of("admin.enabled", "yes")).startsWith("admin.enabled = 'yes' must be true or false"));
        assertTrue(refusal(Map.of("admin.bind", "")).startsWith("admin.bind must name an address"));
    }

    /** conf/fedmap.properties is where operators learn the keys: each one is there, commented out. */
    @Test
    void logFileSizesTakeUnitsAndRefuseWhatIsNotASize() {
        Config.LogFiles defaults = Config.defaults().logFiles();
        assertEquals(100L << 20, defaults.traceMaxFileSize());
        assertEquals(64L << 20, defaults.traceQueueMemory());
        assertEquals(7, defaults.traceMaxHistory());
        assertEquals(90, defaults.clientMessagesMaxHistory());

        Config.LogFiles set = Config.from(Map.of("trace.max-file-size", "10mb", "trace.total-size-cap", "3GB",
                "trace.queue-memory", "2097152", "client-messages.max-file-size", "2048KB"), BASE).logFiles();
        assertEquals(10L << 20, set.traceMaxFileSize());
        assertEquals(3L << 30, set.traceTotalSizeCap());
        assertEquals(2L << 20, set.traceQueueMemory());
        assertEquals(2L << 20, set.clientMessagesMaxFileSize());
        assertEquals(set, Config.from(Map.of("trace.max-file-size", "10mb", "trace.total-size-cap", "3GB",
                "trace.queue-memory", "2097152", "client-messages.max-file-size", "2048KB"), BASE)
                .withPort(9443).logFiles());

        assertEquals("trace.max-file-size = 'big' is not a size (e.g. 100MB, 2GB, 65536)",
                refusal(Map.of("trace.max-file-size", "big")));
        assertEquals("trace.queue-memory = '10KB' is out of range (at least 1MB)",
                refusal(Map.of("trace.queue-memory", "10KB")));
        assertEquals("client-messages.max-history = 0 is out of range (1 to 3650)",
                refusal(Map.of("client-messages.max-history", "0")));
    }

    @Test
    void everyKeyIsDocumentedInTheShippedConfiguration() throws Exception {
        String shipped = Files.readString(Path.of("conf", "fedmap.properties"));
        for (String key : Config.DEFAULTS.keySet()) {
            assertTrue(shipped.contains("\n#" + key + "="), key + " is missing from conf/fedmap.properties");
        }
        // and the file, uncommented, is a valid configuration
        Path copy = Files.createTempFile("fedmap", ".properties");
        try {
            Files.writeString(copy, shipped.replaceAll("(?m)^#([a-z][a-z.-]+=)", "$1"));
            Config c = Config.load(copy, true, Map.of("server.hostname", "h"));
            assertNull(c.certificate());
        } finally {
            Files.delete(copy);
        }
    }
}
