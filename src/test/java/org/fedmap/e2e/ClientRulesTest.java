package org.fedmap.e2e;

import static org.fedmap.testsupport.Soap.errorCode;
import static org.fedmap.testsupport.Soap.v2;
import static org.fedmap.testsupport.Soap.xpath;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.fedmap.model.Metadata;
import org.fedmap.model.Target;
import org.fedmap.store.ClientRecord;
import org.fedmap.testsupport.Gateway11;
import org.fedmap.testsupport.LogCapture;
import org.fedmap.testsupport.Soap;
import org.fedmap.testsupport.SoapConnection;
import org.fedmap.testsupport.SoapConnection.HttpResponse;
import org.fedmap.testsupport.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The rules a client registration sets, enforced by the running server over real HTTPS: source
 * addresses (a second loopback address stands in for another machine), expiry, disabling,
 * read-only and purge rights, and the caps on sessions and published metadata. Changes are made in
 * the store the way the command-line tools make them, and the server is left to notice them.
 */
class ClientRulesTest {
    private static final Duration NOTICE = Duration.ofSeconds(10);
    private TestServer server;
    private LogCapture log;

    @BeforeEach
    void start() {
        server = TestServer.start();
        log = new LogCapture();
    }

    @AfterEach
    void stop() {
        log.close();
        server.close();
    }

    private void change(String client, UnaryOperator<ClientRecord.Builder> how) {
        server.server().clients().update(client, r -> how.apply(r.toBuilder()).build());
    }

    /** Makes the server see the change now, instead of at its next look at the store. */
    private void changeNow(String client, UnaryOperator<ClientRecord.Builder> how) {
        change(client, how);
        server.server().registry().refreshIfChanged();
    }

    private static String publish(String sid, String update) {
        return v2("<ifmap:publish session-id=\"" + sid + "\">" + update + "</ifmap:publish>");
    }

    private static String capability(String ar, String name, String lifetime) {
        return "<update lifetime=\"" + lifetime + "\"><access-request name=\"" + ar + "\"/><metadata>"
                + "<meta:capability ifmap-cardinality=\"multiValue\"><name>" + name + "</name></meta:capability>"
                + "</metadata></update>";
    }

    // ---------------------------------------------------------------- source addresses

    @Test
    void aClientIsAdmittedOnlyFromItsAllowedAddresses() {
        changeNow("alice", b -> b.allowedSources(List.of("127.0.0.1")));
        try (SoapConnection other = SoapConnection.from(server, "127.0.0.2", "alice")) {
            HttpResponse r = other.post(v2("<ifmap:newSession/>"));
            assertEquals(403, r.status());
            assertEquals(0, server.server().sessions().count());
        }
        assertTrue(log.contains("refused IF-MAP request from 127.0.0.2 (403)"), log.messages().toString());
        assertTrue(log.contains("client 'alice' may not connect from 127.0.0.2"), log.messages().toString());
        assertFalse(log.messages().stream().anyMatch(m -> m.contains(TestServer.PASSWORD)), "password in the log");

        try (SoapConnection here = SoapConnection.from(server, "127.0.0.1", "alice")) {
            Soap.newSession(here);
        }
        // a CIDR block admits the whole range
        changeNow("alice", b -> b.allowedSources(List.of("127.0.0.0/30")));
        try (SoapConnection other = SoapConnection.from(server, "127.0.0.2", "alice")) {
            Soap.newSession(other);
        }
    }

    @Test
    void narrowingTheAllowedAddressesEndsSessionsFromOtherAddresses() {
        try (SoapConnection here = SoapConnection.from(server, "127.0.0.1", "alice");
             SoapConnection there = SoapConnection.from(server, "127.0.0.2", "alice")) {
            String sidHere = Soap.newSession(here);
            String sidThere = Soap.newSession(there);
            assertEquals("", errorCode(there.post(publish(sidThere, capability("ar-there", "x", "session"))).body()));
            assertEquals(1, server.server().graph().snapshot().size());

            change("alice", b -> b.allowedSources(List.of("127.0.0.1/32")));
            awaitSessions("alice", 1);
            // the session leaves the registry first, then its metadata goes
            awaitEmptyGraph();
            assertEquals("InvalidSessionID", errorCode(here.post(publish(sidThere, capability("a", "x", "forever")))
                    .body()));
            assertEquals("", errorCode(here.post(publish(sidHere, capability("a", "x", "forever"))).body()));
        }
    }

    // ---------------------------------------------------------------- expiry and disabling

    @Test
    void anExpiredClientIsRefusedAndOneExpiringTodayIsNot() {
        changeNow("alice", b -> b.expires(LocalDate.now().minusDays(1)));
        try (SoapConnection c = server.connect("alice")) {
            assertEquals(403, c.post(v2("<ifmap:newSession/>")).status());
        }
        assertTrue(log.contains("client 'alice' expired after " + LocalDate.now().minusDays(1)),
                log.messages().toString());
        changeNow("alice", b -> b.expires(LocalDate.now()));
        try (SoapConnection c = server.connect("alice")) {
            Soap.newSession(c);
        }
    }

    @Test
    void disablingAClientEndsItsLiveSessionAndPurgesItsSessionMetadata() {
        try (SoapConnection ssrc = server.connect("alice"); SoapConnection arc = server.connect("alice")) {
            String sid = Soap.newSession(ssrc);
            assertEquals("", errorCode(ssrc.post(publish(sid, capability("ar1", "session-cap", "session")
                    + capability("ar1", "forever-cap", "forever"))).body()));
            assertEquals("", errorCode(ssrc.post(v2("<ifmap:subscribe session-id=\"" + sid + "\"><update name=\"s\">"
                    + "<access-request name=\"nobody\"/></update></ifmap:subscribe>")).body()));
            HttpResponse first = arc.post(v2("<ifmap:poll session-id=\"" + sid + "\"/>"));
            assertEquals(1, Soap.count(first.body(), "//searchResult"));
            arc.send(v2("<ifmap:poll session-id=\"" + sid + "\"/>"));

            change("alice", b -> b.enabled(false));
            // the waiting poll hears the end of the session
            HttpResponse ended = arc.read();
            assertEquals(1, Soap.count(ended.body(), "//endSessionResult"), ended.text());
            // the waiting poll is answered first, then the session's metadata goes
            awaitItems(1);
            Map<Target, List<Metadata>> left = server.server().graph().snapshot();
            assertEquals(List.of("forever-cap"), left.values().stream().flatMap(List::stream)
                    .map(m -> m.xml().replaceAll("(?s).*<name>(.*)</name>.*", "$1")).toList());
            assertEquals(403, ssrc.post(publish(sid, capability("ar1", "more", "forever"))).status());
        }
        assertTrue(log.contains("client disabled"), log.messages().toString());
        changeNow("alice", b -> b.enabled(true));
        try (SoapConnection c = server.connect("alice")) {
            Soap.newSession(c);
        }
    }

    // ---------------------------------------------------------------- permissions

    @Test
    void aReadOnlyClientReadsButCannotPublishOrPurge() {
        try (SoapConnection bob = server.connect("bob")) {
            String bobSid = Soap.newSession(bob);
            assertEquals("", errorCode(bob.post(publish(bobSid, capability("ar1", "bobs", "forever"))).body()));
        }
        changeNow("alice", b -> b.readOnly(true));
        Map<Target, List<Metadata>> before = server.server().graph().snapshot();
        try (SoapConnection alice = server.connect("alice")) {
            String sid = Soap.newSession(alice);
            HttpResponse refused = alice.post(publish(sid, capability("ar1", "alices", "forever")));
            assertEquals("AccessDenied", errorCode(refused.body()));
            assertTrue(xpath(refused.body(), "//errorString").contains("read-only"), refused.text());
            assertEquals("AccessDenied", errorCode(alice.post(v2("<ifmap:purgePublisher session-id=\"" + sid
                    + "\" ifmap-publisher-id=\"alice\"/>")).body()));
            HttpResponse found = alice.post(v2("<ifmap:search session-id=\"" + sid + "\">"
                    + "<access-request name=\"ar1\"/></ifmap:search>"));
            assertEquals("bobs", xpath(found.body(), "//meta:capability/name"));
            assertEquals("", errorCode(alice.post(v2("<ifmap:subscribe session-id=\"" + sid + "\"><update name=\"s\">"
                    + "<access-request name=\"ar1\"/></update></ifmap:subscribe>")).body()));
        }
        assertEquals(before, server.server().graph().snapshot());
        assertTrue(log.contains("publish answered AccessDenied"), log.messages().toString());
    }

    @Test
    void aReadOnlyGatewayIsRefusedInIfmap11Too() {
        changeNow("alice", b -> b.readOnly(true));
        try (Gateway11 gw = Gateway11.start(server, "alice")) {
            HttpResponse r = gw.call("<ifmap:publish><update>" + Gateway11.ip("192.0.2.1")
                    + "<metadata><meta:ip-mac/></metadata></update></ifmap:publish>");
            assertEquals("AccessDenied", Gateway11.errorCode(r.body()));
        }
        assertTrue(server.server().graph().snapshot().isEmpty());
    }

    @Test
    void purgingAnotherPublisherNeedsTheRight() {
        try (SoapConnection alice = server.connect("alice"); SoapConnection bob = server.connect("bob")) {
            String aliceSid = Soap.newSession(alice);
            assertEquals("", errorCode(alice.post(publish(aliceSid, capability("ar1", "alices", "forever"))).body()));
            String bobSid = Soap.newSession(bob);
            String purgeAlice = v2("<ifmap:purgePublisher session-id=\"" + bobSid + "\" ifmap-publisher-id=\"alice\"/>");
            assertEquals("AccessDenied", errorCode(bob.post(purgeAlice).body()));
            assertEquals(1, server.server().graph().publisherItemCount("alice"));

            // takes effect on the live session, from the next request on
            changeNow("bob", b -> b.purgeOthers(true));
            assertEquals("", errorCode(bob.post(purgeAlice).body()));
            assertEquals(0, server.server().graph().publisherItemCount("alice"));
        }
    }

    // ---------------------------------------------------------------- caps

    @Test
    void theSessionCapCountsSessionsFromDifferentAddresses() {
        changeNow("alice", b -> b.maxSessions(1));
        try (SoapConnection here = SoapConnection.from(server, "127.0.0.1", "alice");
             SoapConnection there = SoapConnection.from(server, "127.0.0.2", "alice")) {
            String first = Soap.newSession(here);
            HttpResponse refused = there.post(v2("<ifmap:newSession/>"));
            assertEquals("AccessDenied", errorCode(refused.body()));
            assertTrue(xpath(refused.body(), "//errorString").contains("at most 1 session"), refused.text());
            // a new session from the same address replaces the old one, as the protocol says
            String second = Soap.newSession(here);
            assertNotEquals(first, second);
            assertEquals(1, server.server().sessions().count());

            changeNow("alice", b -> b.maxSessions(2));
            String third = Soap.newSession(there);
            assertEquals(2, server.server().sessions().count());
            for (String[] use : new String[][] {{second, "here"}, {third, "there"}}) {
                SoapConnection c = use[1].equals("here") ? here : there;
                assertEquals("", errorCode(c.post(v2("<ifmap:search session-id=\"" + use[0] + "\">"
                        + "<access-request name=\"x\"/></ifmap:search>")).body()), use[1]);
            }
        }
        assertTrue(log.contains("refused a new session"), log.messages().toString());
    }

    @Test
    void theMetadataCapRefusesAWholePublishThatWouldExceedIt() {
        changeNow("alice", b -> b.maxMetadata(2L));
        try (SoapConnection alice = server.connect("alice")) {
            String sid = Soap.newSession(alice);
            assertEquals("", errorCode(alice.post(publish(sid, capability("ar1", "a", "forever")
                    + capability("ar1", "b", "forever"))).body()));
            Map<Target, List<Metadata>> before = server.server().graph().snapshot();

            HttpResponse refused = alice.post(publish(sid, "<delete filter=\"meta:capability[name='a']\">"
                    + "<access-request name=\"ar1\"/></delete>" + capability("ar2", "c", "forever")
                    + capability("ar2", "d", "forever")));
            assertEquals("AccessDenied", errorCode(refused.body()));
            assertTrue(xpath(refused.body(), "//errorString").contains("at most 2 metadata items"), refused.text());
            assertEquals(before, server.server().graph().snapshot(), "a refused publish changed something");

            // a publish that stays within the cap, deleting before it adds, is fine
            assertEquals("", errorCode(alice.post(publish(sid, "<delete filter=\"meta:capability[name='a']\">"
                    + "<access-request name=\"ar1\"/></delete>" + capability("ar2", "c", "forever"))).body()));
            assertEquals(2, server.server().graph().publisherItemCount("alice"));

            // with the cap lowered below what is stored, deleting is still allowed, adding is not
            changeNow("alice", b -> b.maxMetadata(0L));
            assertEquals("AccessDenied", errorCode(alice.post(publish(sid, capability("ar3", "e", "forever")))
                    .body()));
            assertEquals("", errorCode(alice.post(publish(sid, "<delete><access-request name=\"ar2\"/></delete>"))
                    .body()));
            assertEquals(1, server.server().graph().publisherItemCount("alice"));
        }
    }

    // ---------------------------------------------------------------- wrong credentials

    @Test
    void wrongCredentialsAre401AndRepeatedFailuresAreSlowedDown() {
        long slowest = 0;
        for (int i = 1; i <= 6; i++) {
            try (SoapConnection c = new SoapConnection(server, "alice", "wrong-password-" + i)) {
                long start = System.nanoTime();
                HttpResponse r = c.post(v2("<ifmap:newSession/>"));
                long took = (System.nanoTime() - start) / 1_000_000;
                assertEquals(401, r.status());
                assertTrue(r.header("WWW-Authenticate").startsWith("Basic"), r.headers().toString());
                if (i == 6) {
                    slowest = took;
                }
            }
        }
        // the first five failures are answered at once, the sixth after at least half a second
        assertTrue(slowest >= 450, "sixth failure answered after " + slowest + " ms");
        assertTrue(log.contains("wrong password for client 'alice'"), log.messages().toString());
        assertTrue(log.contains("refused IF-MAP request from 127.0.0.1 (401) after 500 ms (repeated failures)"),
                log.messages().toString());
        assertFalse(log.messages().stream().anyMatch(m -> m.contains("wrong-password-")), "password in the log");

        // the right password still gets in at once: only failures are slowed down
        try (SoapConnection c = server.connect("alice")) {
            long start = System.nanoTime();
            Soap.newSession(c);
            assertTrue(System.nanoTime() - start < Duration.ofMillis(450).toNanos(), "a success was held back");
        }
    }

    private void awaitSessions(String client, int count) {
        long deadline = System.nanoTime() + NOTICE.toNanos();
        while (server.server().sessions().list().stream().filter(s -> s.client().equals(client)).count() != count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("client " + client + " still has sessions " + server.server().sessions().list());
            }
            sleep(20);
        }
    }

    private void awaitEmptyGraph() {
        long deadline = System.nanoTime() + NOTICE.toNanos();
        while (!server.server().graph().snapshot().isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the ended session's metadata stays: " + server.server().graph().snapshot());
            }
            sleep(20);
        }
    }

    /** Waits until the graph holds {@code count} metadata items: an ended session's go after its poll is answered. */
    private void awaitItems(int count) {
        long deadline = System.nanoTime() + NOTICE.toNanos();
        while (server.server().graph().snapshot().values().stream().mapToInt(List::size).sum() != count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the ended session's metadata stays: " + server.server().graph().snapshot());
            }
            sleep(20);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
