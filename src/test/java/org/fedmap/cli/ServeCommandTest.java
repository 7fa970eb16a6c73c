package org.fedmap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.fedmap.testsupport.Cli;
import org.fedmap.testsupport.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What an operator sees when {@code serve} cannot start: one line saying why, and exit code 1. */
class ServeCommandTest {
    @TempDir
    Path dir;

    /** An empty configuration file in its own directory, so no logging configuration is picked up. */
    private String conf(String content) throws IOException {
        Path file = dir.resolve("conf").resolve("fedmap.properties");
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        return file.toString();
    }

    private static void assertOneLineFailure(Cli.Run run, String fragment) {
        assertEquals(1, run.code(), run.err());
        String err = run.err().strip();
        assertTrue(err.startsWith("fedmap: ") && !err.contains("\n"), "one line: " + run.err());
        assertTrue(err.contains(fragment), err);
    }

    @Test
    void aPortInUseIsOneLineAndDoesNotUseUpTheFirstCredential() throws Exception {
        int port = TestServer.freePort();
        try (ServerSocket taken = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
            Cli.Run run = Cli.fedmap("", "serve", "--conf", conf(""), "--data", dir.resolve("data").toString(),
                    "--port", Integer.toString(port));
            assertOneLineFailure(run, "port " + port);
        }
        Cli.Run list = Cli.fedmap("", "client", "list", "--data", dir.resolve("data").toString());
        assertEquals(0, list.code());
        assertTrue(list.out().contains("no clients"), "the first client is made by the first start that succeeds: "
                + list.out());
    }

    @Test
    void anAdminPortInUseIsOneLineAndDoesNotUseUpTheFirstCredential() throws Exception {
        int port = TestServer.freePort();
        try (ServerSocket taken = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
            Cli.Run run = Cli.fedmap("", "serve", "--conf", conf("admin.port=" + port + "\n"), "--data",
                    dir.resolve("data").toString(), "--port", Integer.toString(TestServer.freePort()));
            assertOneLineFailure(run, "admin port " + port);
        }
        Cli.Run list = Cli.fedmap("", "client", "list", "--data", dir.resolve("data").toString());
        assertTrue(list.out().contains("no clients"), list.out());
        assertTrue(Files.notExists(dir.resolve("data").resolve("admin").resolve("admin.json")),
                "no directions to a listener that is not there");
    }

    @Test
    void aBadValueNamesItsKey() throws Exception {
        assertOneLineFailure(Cli.fedmap("", "serve", "--conf", conf("failsecure.timeout=soon\n"), "--data",
                dir.resolve("data").toString()), "failsecure.timeout");
    }

    @Test
    void anUnknownKeyIsNotIgnored() throws Exception {
        assertOneLineFailure(Cli.fedmap("", "serve", "--conf", conf("failsecure.timout=3m\n"), "--data",
                dir.resolve("data").toString()), "failsecure.timout");
    }

    @Test
    void aMissingConfigurationFileThatWasNamedIsAnError() {
        assertOneLineFailure(Cli.fedmap("", "serve", "--conf", dir.resolve("nope.properties").toString()), "nope.properties");
    }

    @Test
    void aDataDirectoryThatIsAFileIsAnError() throws Exception {
        Path file = Files.writeString(dir.resolve("data"), "x");
        assertOneLineFailure(Cli.fedmap("", "serve", "--conf", conf(""), "--data", file.toString(), "--port",
                Integer.toString(TestServer.freePort())), "not a directory");
    }

    @Test
    void everyCommandHasHelp() {
        for (String[] args : new String[][] {{"--help"}, {"serve", "--help"}, {"client", "--help"},
                {"client", "add", "--help"}, {"client", "list", "--help"}, {"client", "remove", "--help"}}) {
            Cli.Run run = Cli.fedmap("", args);
            assertEquals(0, run.code(), String.join(" ", args));
            assertTrue(run.out().startsWith("Usage: fedmap"), run.out());
        }
    }
}
