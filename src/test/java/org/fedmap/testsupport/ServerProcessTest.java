package org.fedmap.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.fedmap.testsupport.SoapConnection.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The harness for crash tests: a real {@code serve} process that starts, is killed and restarts. */
class ServerProcessTest {
    @TempDir
    Path dir;

    @Test
    void aServeProcessStartsIsKilledRestartsOnItsPortAndStops() throws Exception {
        try (ServerProcess server = ServerProcess.in(dir, Map.of("failsecure.timeout", "2s"))) {
            server.addClient("alice", "alice-password");
            server.start();
            assertTrue(server.output().contains(ServerProcess.READY_LINE), server.output());
            assertTrue(Files.isRegularFile(server.dataDir().resolve("tls").resolve("server.pem")));
            assertFalse(server.output().contains("First IF-MAP client created"),
                    "a client added before the first start means no first client: " + server.output());
            assertEquals("2s", Files.readAllLines(server.confFile()).stream()
                    .filter(l -> l.startsWith("failsecure.timeout=")).findFirst().orElseThrow().substring(19));

            String sessionId;
            try (SoapConnection alice = server.connect("alice")) {
                HttpResponse r = alice.post(Soap.v2("<ifmap:newSession/>"));
                assertEquals("alice", Soap.xpath(r.body(), "//newSessionResult/@ifmap-publisher-id"), r.text());
                sessionId = Soap.xpath(r.body(), "//newSessionResult/@session-id");
                long pid = server.pid();

                server.kill();
                assertFalse(server.running());
                assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "pid " + pid + " is gone");
                assertTrue(server.output().contains("pid " + pid + " exited with code 137"), server.output());
                assertTrue(refused(server.port()), "nothing listens on the port after the kill");
                assertThrows(RuntimeException.class, () -> alice.post(Soap.v2("<ifmap:renewSession session-id=\""
                        + sessionId + "\"/>")), "the killed server's connections are gone");
            }

            server.restart();
            assertTrue(server.running());
            assertTrue(server.lastStart().attempts() >= 1);
            try (SoapConnection alice = server.connect("alice")) {
                HttpResponse r = alice.post(Soap.v2("<ifmap:renewSession session-id=\"" + sessionId + "\"/>"));
                assertEquals("InvalidSessionID", Soap.errorCode(r.body()), r.text());
                Soap.newSession(alice);
            }
            assertThrows(IllegalStateException.class, server::restart, "restart() of a running server");

            assertEquals(143, server.stop(), "the exit code of a JVM ended by SIGTERM");
            assertTrue(server.output().contains("exited with code 143"), server.output());
            assertTrue(refused(server.port()));
        }
    }

    @Test
    void aStartThatCannotSucceedFailsAtOnceWithTheServersOwnMessage() {
        try (ServerProcess server = ServerProcess.in(dir, Map.of("no.such.key", "1"))) {
            long begin = System.nanoTime();
            AssertionError e = assertThrows(AssertionError.class, server::start);
            assertTrue(e.getMessage().contains("unknown configuration key no.such.key"), e.getMessage());
            assertTrue(e.getMessage().contains("(attempt 1,"), "not retried: " + e.getMessage());
            assertTrue(System.nanoTime() - begin < 30_000_000_000L, "no waiting for a deadline");
            assertFalse(server.running());
        }
    }

    @Test
    void aStartTriesAgainWhileThePortIsStillHeld() throws Exception {
        try (ServerProcess server = ServerProcess.in(dir);
             ServerSocket squatter = new ServerSocket()) {
            squatter.bind(new InetSocketAddress("127.0.0.1", server.port()));
            // let go once a start has failed on it, as a killed server's port is let go a moment later
            Thread release = new Thread(() -> {
                try {
                    long deadline = System.nanoTime() + 30_000_000_000L;
                    while (!server.output().contains("the port is in use") && System.nanoTime() < deadline) {
                        Thread.sleep(20);
                    }
                    squatter.close();
                } catch (InterruptedException | IOException e) {
                    // the test fails on its own
                }
            });
            release.start();
            server.start();
            release.join();
            assertTrue(server.lastStart().attempts() >= 2, server.lastStart().toString());
            assertTrue(server.output().contains("the port is in use"), server.output());
            // no client was added: the first start made one and printed its password
            assertTrue(server.output().contains("First IF-MAP client created"), server.output());
        }
    }

    private static boolean refused(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            return false;
        } catch (IOException e) {
            return true;
        }
    }
}
