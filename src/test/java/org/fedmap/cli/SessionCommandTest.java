package org.fedmap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.fedmap.testsupport.Cli;
import org.fedmap.testsupport.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code fedmap session}'s refusals: each one line on standard error and exit code 1, nothing published. */
class SessionCommandTest {
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        server.addClient("gw1", TestServer.PASSWORD);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Cli.Run session(String password, String command, String... more) {
        List<String> a = new ArrayList<>(List.of("session", command, "--server", server.url(), "--client", "gw1",
                "--password-stdin", "--trust", server.dataDir().resolve("tls/server.pem").toString(),
                "--policies", Path.of("conf/policies").toString()));
        a.addAll(List.of(more));
        return Cli.fedmap(password + "\n", a.toArray(String[]::new));
    }

    private static String lastLine(String text) {
        List<String> lines = text.lines().toList();
        return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    }

    @Test
    void aWrongPasswordIsOneLine() {
        Cli.Run r = session("not-the-password", "import", "--ip", "10.0.0.1");
        assertEquals(1, r.code());
        assertEquals(server.url() + ": new-session: the server refused the client name or password (HTTP 401)",
                lastLine(r.err()));
    }

    @Test
    void anAddressThatIsNotOneIsRefusedBeforeAnythingIsSent() {
        Cli.Run r = session(TestServer.PASSWORD, "export", "--user", "alice", "--role", "engineering",
                "--ip", "10.0.0.300");
        assertEquals(1, r.code());
        assertEquals("'10.0.0.300' is not an IPv4 or IPv6 address", lastLine(r.err()));
        Cli.Run nothing = session(TestServer.PASSWORD, "import", "--ip", "10.0.0.30");
        assertEquals(SessionCommand.NO_SESSION, nothing.code());
    }

    @Test
    void aBadMacAddressIsNamed() {
        Cli.Run r = session(TestServer.PASSWORD, "export", "--user", "alice", "--ip", "10.0.0.3", "--mac", "00:1b:21");
        assertEquals(1, r.code());
        assertTrue(lastLine(r.err()).startsWith("'00:1b:21' is not a MAC address"), r.err());
    }

    @Test
    void httpsWithoutTrustSaysWhatToGive() {
        Cli.Run r = Cli.fedmap(TestServer.PASSWORD + "\n", "session", "import", "--server", server.url(), "--client",
                "gw1", "--password-stdin", "--ip", "10.0.0.1");
        assertEquals(1, r.code());
        assertEquals("give --trust CA.pem (the server's certificate or its CA) or --insecure", lastLine(r.err()));
    }

    @Test
    void aBrokenPolicyFileStopsTheCommandWithTheFileNamed(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        java.nio.file.Files.writeString(dir.resolve("export.yaml"), "policies:\n  - name: x\n    capabilities: {copy: some}\n");
        Cli.Run r = Cli.fedmap(TestServer.PASSWORD + "\n", "session", "export", "--server", server.url(), "--client",
                "gw1", "--password-stdin", "--insecure", "--policies", dir.toString(), "--user", "a", "--ip", "10.0.0.9");
        assertEquals(1, r.code());
        assertTrue(lastLine(r.err()).contains("export.yaml: policy 1 \"x\", field capabilities.copy"), r.err());
    }
}
