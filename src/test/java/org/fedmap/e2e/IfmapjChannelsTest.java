package org.fedmap.e2e;

import static org.fedmap.e2e.Ifmapj.MD;
import static org.fedmap.e2e.Ifmapj.expected;
import static org.fedmap.e2e.Ifmapj.kinds;
import static org.fedmap.e2e.Ifmapj.only;
import static org.fedmap.e2e.Ifmapj.view;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import de.hshannover.f4.trust.ifmapj.channel.ARC;
import de.hshannover.f4.trust.ifmapj.channel.SSRC;
import de.hshannover.f4.trust.ifmapj.exception.IfmapErrorResult;
import de.hshannover.f4.trust.ifmapj.identifier.AccessRequest;
import de.hshannover.f4.trust.ifmapj.identifier.Identifiers;
import de.hshannover.f4.trust.ifmapj.identifier.IpAddress;
import de.hshannover.f4.trust.ifmapj.messages.MetadataLifetime;
import de.hshannover.f4.trust.ifmapj.messages.PollResult;
import de.hshannover.f4.trust.ifmapj.messages.Requests;
import de.hshannover.f4.trust.ifmapj.messages.SearchResult;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import org.fedmap.testsupport.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What ifmapj's channels need from the transport: ifmapj opens one TCP connection per channel and
 * never reconnects one the server closed, so an idle SSRC or ARC, and a poll held for a long time,
 * must survive the server's idle timeout. A session ends by itself only when its client has no
 * connection left for the fail-secure time, and then its session metadata goes.
 *
 * <p>The server runs with a 500 ms idle timeout and a 1 s fail-secure timeout; the waits below let
 * those times pass, they measure nothing.
 */
class IfmapjChannelsTest {
    private static final long LONGER_THAN_BOTH_TIMEOUTS = 1_500;
    /** Generous time for the server to notice that a client closed a connection. */
    private static final Duration NOTICE = Duration.ofSeconds(5);

    private static TestServer server;
    private static int next;

    private SSRC alice;
    private SSRC bob;
    private ARC bobArc;
    private AccessRequest ar;
    private IpAddress ip;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of("http.idle-timeout", "500ms", "failsecure.timeout", "1s"));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void openSessions() throws Exception {
        int n = ++next;
        ar = Identifiers.createAr("gw1:idle-" + n);
        ip = Identifiers.createIp4("192.0.2." + (200 + n));
        alice = Ifmapj.ssrc(server, "alice");
        bob = Ifmapj.ssrc(server, "bob");
        alice.newSession();
        bob.newSession();
        bobArc = bob.getArc();
        alice.publish(Requests.createPublishReq(List.of(
                Requests.createPublishUpdate(ar, ip, MD.createArIp(), MetadataLifetime.forever),
                Requests.createPublishUpdate(ar, MD.createCapability("guest"), MetadataLifetime.session),
                Requests.createPublishUpdate(ar, MD.createCapability("vpn-user"), MetadataLifetime.forever))));
        bob.subscribe(Requests.createSubscribeReq(Requests.createSubscribeUpdate("ar", null, 1, null, null, null, ar)));
        assertEquals(List.of("searchResult ar"), kinds(Ifmapj.poll(bobArc)));
    }

    @AfterEach
    void closeChannels() {
        Ifmapj.close(bobArc, bob, alice);
    }

    @Test
    void idleChannelsAndTheirSessionsOutliveTheIdleAndFailSecureTimeouts() throws Exception {
        Thread.sleep(LONGER_THAN_BOTH_TIMEOUTS);

        // the same SSRC connection, the same session
        alice.publish(Requests.createPublishReq(
                Requests.createPublishUpdate(ar, MD.createCapability("printing"), MetadataLifetime.session)));
        // the same ARC connection
        PollResult next = Ifmapj.poll(bobArc);
        assertEquals(expected().id(Ifmapj.key(ar), "capability=printing").build(),
                view(only(next, SearchResult.Type.updateResult, "ar")));
    }

    @Test
    void aPollHeldLongerThanTheIdleTimeoutIsStillAnswered() throws Exception {
        Future<PollResult> held = Ifmapj.pollInBackground(bobArc);
        Ifmapj.awaitPendingPolls(server, 1);
        assertTrue(Ifmapj.stillWaiting(held, LONGER_THAN_BOTH_TIMEOUTS), "the poll returned without a change");

        alice.publish(Requests.createPublishReq(Requests.createPublishNotify(ar, MD.createDevAttr("late"))));
        assertEquals(expected().id(Ifmapj.key(ar), "device-attribute=late").build(),
                view(only(Ifmapj.await(held, bobArc), SearchResult.Type.notifyResult, "ar")));
    }

    @Test
    void aClientThatClosesAllItsConnectionsLosesItsSessionAfterTheFailSecureTime() throws Exception {
        String session = alice.getSessionId();
        Future<PollResult> watching = Ifmapj.pollInBackground(bobArc);
        Ifmapj.awaitPendingPolls(server, 1);

        Ifmapj.close(alice); // alice had no ARC: now she has no connection at all

        PollResult gone = Ifmapj.await(watching, bobArc);
        assertEquals(List.of("deleteResult ar"), kinds(gone));
        assertEquals(expected().id(Ifmapj.key(ar), "capability=guest").build(),
                view(only(gone, SearchResult.Type.deleteResult, "ar")));
        assertEquals(List.of("capability=vpn-user"),
                view(bob.search(Requests.createSearchReq(null, 0, null, null, null, ar))).get(Ifmapj.key(ar)));

        // ifmapj opens a new connection for the next request; the session is gone
        alice.setSessionId(session);
        Ifmapj.assertErrorCode("InvalidSessionID", assertThrows(IfmapErrorResult.class,
                () -> alice.search(Requests.createSearchReq(null, 0, null, null, null, ar))));
    }

    @Test
    void aNewArcAfterTheOldOneClosedContinuesTheSession() throws Exception {
        Ifmapj.close(bobArc);
        bobArc = bob.getArc();
        alice.publish(Requests.createPublishReq(
                Requests.createPublishUpdate(ar, MD.createCapability("printing"), MetadataLifetime.session)));
        assertEquals(expected().id(Ifmapj.key(ar), "capability=printing").build(),
                view(only(Ifmapj.poll(bobArc), SearchResult.Type.updateResult, "ar")));
    }

    /**
     * A client that gives up a poll closes the ARC (ifmapj: closeTcpConnection) and polls again on a
     * new one. The closed ARC must count as closed: its poll can no longer be answered, so the new
     * ARC is not a second ARC beside a waiting poll (which would end the session), and results
     * published meanwhile are kept for it.
     */
    @Test
    void aPollOnANewArcAfterTheWaitingArcClosedContinuesTheSession() throws Exception {
        Future<PollResult> abandoned = Ifmapj.pollInBackground(bobArc);
        Ifmapj.awaitPendingPolls(server, 1);
        Ifmapj.close(bobArc);
        assertThrows(Exception.class, () -> Ifmapj.await(abandoned, bobArc));
        Ifmapj.awaitCondition("the server to notice that the ARC holding bob's poll closed",
                () -> server.server().sessions().pendingPolls() == 0, NOTICE);

        alice.publish(Requests.createPublishReq(
                Requests.createPublishUpdate(ar, MD.createCapability("printing"), MetadataLifetime.session)));
        bobArc = bob.getArc();
        assertEquals(expected().id(Ifmapj.key(ar), "capability=printing").build(),
                view(only(Ifmapj.poll(bobArc), SearchResult.Type.updateResult, "ar")));
    }

    /**
     * Fail-secure: a client whose connections are all closed loses its session after the fail-secure
     * time, also when a poll of its was waiting on the ARC it closed.
     */
    @Test
    void aClientThatClosesAllItsConnectionsWhileItsPollWaitsAlsoLosesItsSession() throws Exception {
        ARC aliceArc = alice.getArc();
        Future<PollResult> alicesPoll = Ifmapj.pollInBackground(aliceArc);
        Ifmapj.awaitPendingPolls(server, 1);
        Future<PollResult> watching = Ifmapj.pollInBackground(bobArc);
        Ifmapj.awaitPendingPolls(server, 2);

        Ifmapj.close(aliceArc, alice);
        assertThrows(Exception.class, () -> Ifmapj.await(alicesPoll, aliceArc));

        // fail-secure time 1 s, plus the time to notice the closed connections
        Ifmapj.awaitCondition("alice's session to end after she closed all her connections",
                () -> server.server().sessions().list().stream().noneMatch(x -> x.client().equals("alice")),
                Duration.ofSeconds(1).plus(NOTICE));
        PollResult gone = Ifmapj.await(watching, bobArc);
        assertEquals(List.of("deleteResult ar"), kinds(gone));
        assertEquals(expected().id(Ifmapj.key(ar), "capability=guest").build(),
                view(only(gone, SearchResult.Type.deleteResult, "ar")));
    }
}
