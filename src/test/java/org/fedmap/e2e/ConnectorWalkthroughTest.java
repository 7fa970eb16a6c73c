package org.fedmap.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.fedmap.testsupport.Cli;
import org.fedmap.testsupport.ServerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's connector walkthrough, as an operator runs it: {@code serve} as its own process, the
 * gateway in front of the resource following an endpoint with {@code session import --follow} as its
 * own process, and the gateway that signs users in running {@code session export} and {@code session
 * end}; both with the example policies of {@code conf/policies}. Each change the exporter makes is a
 * line the follower prints.
 */
class ConnectorWalkthroughTest {
    private static final String GW1_PASSWORD = "sa-east-password-0001";
    private static final String GW2_PASSWORD = "ic-west-password-0002";
    private static final String ENDPOINT = "10.1.2.3";

    @TempDir
    Path dir;

    @Test
    void twoConnectorsReproduceTheSeedScenariosFromTheCommandLine() throws Exception {
        try (ServerProcess serve = ServerProcess.in(dir)) {
            serve.addClient("sa-east", GW1_PASSWORD).addClient("ic-west", GW2_PASSWORD).start();
            String trust = serve.dataDir().resolve("tls/server.pem").toString();
            List<String> connection = List.of("--server", serve.url(), "--password-stdin", "--trust", trust);

            try (Follower follower = Follower.start(connection, "ic-west", GW2_PASSWORD, ENDPOINT)) {
                assertEquals("user= roles=", follower.next(), "nobody at the endpoint yet");

                // an engineer signs in at sa-east from a corporate device: engineering, and source code
                export(connection, "--user", "alice", "--role", "engineering", "--ip", ENDPOINT,
                        "--mac", "00-1B-21-3A-4F-0C", "--hc-policy", "Corporate-Device");
                assertEquals("user=alice roles=engineering,source-code", follower.next());

                // her role changes to Contractor: the importer's "contractors" policy gives only "limited"
                export(connection, "--user", "alice", "--role", "Contractor", "--ip", ENDPOINT);
                assertEquals("user=alice roles=limited", follower.next());

                // she signs out: no access any more
                Cli.Run end = Cli.fedmap(GW1_PASSWORD + "\n", args(connection, "sa-east", "end", "--user", "alice",
                        "--ip", ENDPOINT));
                assertEquals(0, end.code(), end.err());
                assertEquals("user= roles=", follower.next());

                // the same engineering role from an unmanaged device: no source code
                export(connection, "--user", "bob", "--role", "engineering", "--ip", ENDPOINT, "--hc-policy", "AV-On");
                assertEquals("user=bob roles=engineering", follower.next());
            }

            // Legal and Law are one "legal" capability, which the importer turns into the local role "legal"
            export(connection, "--user", "carol", "--role", "Law", "--ip", "10.1.2.4");
            Cli.Run imported = Cli.fedmap(GW2_PASSWORD + "\n", args(connection, "ic-west", "import", "--ip", "10.1.2.4"));
            assertEquals(0, imported.code(), imported.err());
            assertEquals(List.of("user=carol roles=legal"), importLines(imported));

            Cli.Run nobody = Cli.fedmap(GW2_PASSWORD + "\n", args(connection, "ic-west", "import", "--ip", "10.1.2.5"));
            assertEquals(3, nobody.code(), "no session at the address");
            assertEquals(List.of("user= roles="), importLines(nobody));
        }
    }

    private static void export(List<String> connection, String... session) {
        List<String> a = new ArrayList<>(List.of(args(connection, "sa-east", "export")));
        a.addAll(List.of(session));
        Cli.Run r = Cli.fedmap(GW1_PASSWORD + "\n", a.toArray(String[]::new));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("exported ")), r.out());
    }

    /** The import's output line (the in-process test logging writes to the same stream). */
    private static List<String> importLines(Cli.Run r) {
        return r.out().lines().filter(l -> l.startsWith("user=")).toList();
    }

    private static String[] args(List<String> connection, String client, String command, String... more) {
        List<String> a = new ArrayList<>(List.of("session", command, "--client", client, "--policies",
                Path.of("conf/policies").toString()));
        a.addAll(connection);
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    /** {@code fedmap session import --follow} as its own process; its output lines, one by one. */
    private static final class Follower implements AutoCloseable {
        private final Process process;
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private final StringBuilder everything = new StringBuilder();

        private Follower(Process process) {
            this.process = process;
            Thread reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    for (String l = in.readLine(); l != null; l = in.readLine()) {
                        synchronized (everything) {
                            everything.append(l).append('\n');
                        }
                        if (l.startsWith("user=")) {
                            lines.add(l);
                        }
                    }
                } catch (IOException e) {
                    // the process ended
                }
            }, "follower-output");
            reader.setDaemon(true);
            reader.start();
        }

        static Follower start(List<String> connection, String client, String password, String ip) throws IOException {
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "-cp", System.getProperty("java.class.path"), "org.fedmap.cli.Main"));
            command.addAll(List.of(args(connection, client, "import", "--ip", ip, "--follow")));
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            try (OutputStream in = p.getOutputStream()) {
                in.write((password + "\n").getBytes(StandardCharsets.UTF_8));
            }
            return new Follower(p);
        }

        /** The next line the follower prints; fails with all it printed when none comes within 30 s. */
        String next() throws InterruptedException {
            String line = lines.poll(30, TimeUnit.SECONDS);
            synchronized (everything) {
                assertNotNull(line, "the follower printed no further line; its output:\n" + everything);
            }
            return line;
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy(); // SIGTERM: the follower stops on its shutdown hook
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
