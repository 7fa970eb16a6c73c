package org.fedmap.e2e;

import static org.fedmap.testsupport.Soap.v2;
import static org.fedmap.testsupport.Soap.xpath;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.fedmap.security.PasswordHasher;
import org.fedmap.server.FedmapServer;
import org.fedmap.testsupport.Soap;
import org.fedmap.testsupport.SoapConnection;
import org.fedmap.testsupport.TestServer;
import org.junit.jupiter.api.Test;

/**
 * A poll that waits holds no thread: with far more waiting polls than HTTP worker threads, the
 * server keeps answering, and one publish answers every waiting poll.
 */
class WaitingPollsTest {
    private static final int CLIENTS = 40;
    private static final int THREADS = 16;

    @Test
    void manyWaitingPollsNeedNoThreads() {
        try (TestServer server = TestServer.start(Map.of("http.max-threads", Integer.toString(THREADS)))) {
            String hash = new PasswordHasher().hash(TestServer.PASSWORD.toCharArray());
            List<SoapConnection> arcs = new ArrayList<>();
            List<SoapConnection> ssrcs = new ArrayList<>();
            try {
                for (int i = 0; i < CLIENTS; i++) {
                    server.server().clients().add("ctl" + i, hash);
                    SoapConnection ssrc = server.connect("ctl" + i);
                    ssrcs.add(ssrc);
                    String sid = Soap.newSession(ssrc);
                    ssrc.post(v2("<ifmap:subscribe session-id=\"" + sid + "\"><update name=\"first-packet\">"
                            + "<ip-address value=\"203.0.113.9\"/></update></ifmap:subscribe>"));
                    SoapConnection arc = server.connect("ctl" + i);
                    arcs.add(arc);
                    assertEquals(1, Soap.count(arc.post(v2("<ifmap:poll session-id=\"" + sid + "\"/>")).body(),
                            "//searchResult[@name='first-packet']"));
                    arc.send(v2("<ifmap:poll session-id=\"" + sid + "\"/>"));
                }
                waitFor(() -> server.server().sessions().pendingPolls() == CLIENTS);
                FedmapServer.HttpThreads threads = server.server().httpThreads();
                assertTrue(threads.busy() < THREADS / 2, CLIENTS + " waiting polls keep " + threads.busy() + " threads busy");

                // more waiting polls than threads, and the server still answers
                try (SoapConnection gateway = server.connect("alice")) {
                    String sid = Soap.newSession(gateway);
                    assertEquals("", Soap.errorCode(gateway.post(v2("<ifmap:publish session-id=\"" + sid + "\"><update>"
                            + "<ip-address value=\"203.0.113.9\"/><metadata><meta:capability ifmap-cardinality=\"multiValue\">"
                            + "<name>quarantine</name></meta:capability></metadata></update></ifmap:publish>")).body()));
                }
                for (SoapConnection arc : arcs) {
                    SoapConnection.HttpResponse r = arc.read();
                    assertEquals("quarantine", xpath(r.body(), "//updateResult[@name='first-packet']//meta:capability/name"));
                }
            } finally {
                arcs.forEach(SoapConnection::close);
                ssrcs.forEach(SoapConnection::close);
            }
        }
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) {
        long deadline = System.currentTimeMillis() + 20_000;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("condition not reached in 20 s");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
