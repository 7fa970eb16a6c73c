package org.fedmap.e2e;

import static org.fedmap.e2e.Ifmapj.MD;
import static org.fedmap.e2e.Ifmapj.expected;
import static org.fedmap.e2e.Ifmapj.kinds;
import static org.fedmap.e2e.Ifmapj.only;
import static org.fedmap.e2e.Ifmapj.view;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import de.hshannover.f4.trust.ifmapj.channel.ARC;
import de.hshannover.f4.trust.ifmapj.channel.SSRC;
import de.hshannover.f4.trust.ifmapj.exception.EndSessionException;
import de.hshannover.f4.trust.ifmapj.exception.IfmapErrorResult;
import de.hshannover.f4.trust.ifmapj.identifier.AccessRequest;
import de.hshannover.f4.trust.ifmapj.identifier.Identifier;
import de.hshannover.f4.trust.ifmapj.identifier.Identifiers;
import de.hshannover.f4.trust.ifmapj.identifier.Identity;
import de.hshannover.f4.trust.ifmapj.identifier.IdentityType;
import de.hshannover.f4.trust.ifmapj.identifier.IpAddress;
import de.hshannover.f4.trust.ifmapj.identifier.MacAddress;
import de.hshannover.f4.trust.ifmapj.messages.MetadataLifetime;
import de.hshannover.f4.trust.ifmapj.messages.PollResult;
import de.hshannover.f4.trust.ifmapj.messages.PublishElement;
import de.hshannover.f4.trust.ifmapj.messages.Requests;
import de.hshannover.f4.trust.ifmapj.messages.SearchResult;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import org.fedmap.model.Metadata;
import org.fedmap.model.Target;
import org.fedmap.testsupport.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Session life cycle with ifmapj: newSession and publisher-ids, max-poll-result-size, renewSession,
 * purgePublisher, endSession and a second newSession. What a session leaves behind is checked from
 * the outside (bob's subscription and searches) and in the store.
 *
 * <p>One server for the class; each test starts its own sessions and uses its own identifiers.
 */
class IfmapjSessionTest {
    private static TestServer server;
    private static int nextUser;

    private SSRC alice;
    private SSRC bob;
    private ARC aliceArc;
    private ARC bobArc;

    private IpAddress ip;
    private AccessRequest ar;
    private MacAddress mac;
    private Identity user;
    private String kIp;
    private String kAr;
    private String kMac;
    private String kUser;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void identifiers() throws Exception {
        int n = ++nextUser;
        ip = Identifiers.createIp4("192.0.2." + (150 + n));
        ar = Identifiers.createAr("gw1:s-" + n);
        mac = Identifiers.createMac(String.format("00:16:3e:00:01:%02x", n));
        user = Identifiers.createIdentity(IdentityType.userName, "member" + n);
        kIp = Ifmapj.key(ip);
        kAr = Ifmapj.key(ar);
        kMac = Ifmapj.key(mac);
        kUser = Ifmapj.key(user);
        alice = Ifmapj.ssrc(server, "alice");
        bob = Ifmapj.ssrc(server, "bob");
    }

    @AfterEach
    void closeChannels() {
        Ifmapj.close(aliceArc, bobArc, alice, bob);
    }

    private static void publish(SSRC client, PublishElement... elements) throws Exception {
        client.publish(Requests.createPublishReq(List.of(elements)));
    }

    /**
     * Alice's user session: the access-request's link to the ip-address, one capability and the
     * identity link outlive the session; a capability and the link to the mac-address do not.
     */
    private void publishMixedLifetimes() throws Exception {
        publish(alice,
                Requests.createPublishUpdate(ar, ip, MD.createArIp(), MetadataLifetime.forever),
                Requests.createPublishUpdate(ar, mac, MD.createArMac(), MetadataLifetime.session),
                Requests.createPublishUpdate(ar, user, MD.createAuthAs(), MetadataLifetime.forever),
                Requests.createPublishUpdate(ar, MD.createCapability("guest"), MetadataLifetime.session),
                Requests.createPublishUpdate(ar, MD.createCapability("vpn-user"), MetadataLifetime.forever));
    }

    private Map<String, List<String>> aroundAr() throws Exception {
        return view(bob.search(Requests.createSearchReq(null, 1, null, null, null, ar)));
    }

    /** Bob watches the access-request and its links, and takes the first (complete) result. */
    private void bobWatchesAr() throws Exception {
        bob.subscribe(Requests.createSubscribeReq(Requests.createSubscribeUpdate("ar", null, 1, null, null, null, ar)));
        assertEquals(List.of("searchResult ar"), kinds(Ifmapj.poll(bobArc)));
    }

    private static org.fedmap.model.Identifier model(Identifier id) {
        if (id instanceof IpAddress i) {
            return new org.fedmap.model.IpAddress(org.fedmap.model.IpAddress.Version.IPV4, i.getValue(), "");
        }
        if (id instanceof AccessRequest a) {
            return new org.fedmap.model.AccessRequest(a.getName(), "");
        }
        if (id instanceof MacAddress m) {
            return new org.fedmap.model.MacAddress(m.getValue(), "");
        }
        Identity i = (Identity) id;
        return org.fedmap.model.Identity.of(org.fedmap.model.Identity.Type.USERNAME, i.getName());
    }

    private static List<String> stored(Identifier a, Identifier b) {
        Target t = b == null ? model(a) : new org.fedmap.model.Link(model(a), model(b));
        return server.server().graph().metadataOn(t).stream()
                .map(m -> m.localName() + " " + m.publisherId() + " " + m.lifetime()).sorted().toList();
    }

    // ------------------------------------------------------------------------------------------

    @Test
    void newSessionGivesDistinctSessionsAndThePublisherIdOfTheClient() throws Exception {
        alice.newSession();
        bob.newSession();
        assertNotNull(alice.getSessionId());
        assertNotNull(bob.getSessionId());
        assertNotEquals(alice.getSessionId(), bob.getSessionId());
        assertEquals("alice", alice.getPublisherId());
        assertEquals("bob", bob.getPublisherId());
        assertNull(alice.getMaxPollResSize(), "ifmapj keeps max-poll-result-size only when it asked for one");

        // the same client again, on another connection: same publisher-id
        SSRC again = Ifmapj.ssrc(server, "alice");
        try {
            again.newSession();
            assertEquals("alice", again.getPublisherId());
            assertNotEquals(bob.getSessionId(), again.getSessionId());
        } finally {
            Ifmapj.close(again);
        }
    }

    @Test
    void theRequestedMaxPollResultSizeIsGranted() throws Exception {
        alice.newSession(100_000);
        assertEquals(100_000, alice.getMaxPollResSize());
        bob.newSession(5_000_000);
        assertEquals(5_000_000, bob.getMaxPollResSize());
    }

    @Test
    void aMaxPollResultSizeAboveTheServersLimitIsLowered() throws Exception {
        alice.newSession(Integer.MAX_VALUE);
        Integer granted = alice.getMaxPollResSize();
        assertNotNull(granted);
        assertTrue(granted >= 5_000_000 && granted < Integer.MAX_VALUE, "granted " + granted);
    }

    @Test
    void renewSessionKeepsTheSession() throws Exception {
        alice.newSession();
        String id = alice.getSessionId();
        alice.renewSession();
        assertEquals(id, alice.getSessionId());
        publish(alice, Requests.createPublishUpdate(ar, MD.createCapability("guest")));
        assertEquals(List.of("capability alice SESSION"), stored(ar, null));
    }

    @Test
    void purgingOnesOwnPublisherIdRemovesAllOfItsMetadataAndNothingElse() throws Exception {
        alice.newSession();
        bob.newSession();
        bobArc = bob.getArc();
        publishMixedLifetimes();
        publish(bob,
                Requests.createPublishUpdate(ar, user, MD.createRole("audited"), MetadataLifetime.forever),
                Requests.createPublishUpdate(ar, MD.createCapability("monitored"), MetadataLifetime.session));
        bobWatchesAr();

        alice.purgePublisher();

        PollResult purged = Ifmapj.poll(bobArc);
        assertEquals(List.of("deleteResult ar"), kinds(purged));
        assertEquals(expected()
                .id(kAr, "capability=guest", "capability=vpn-user")
                .link(kAr, kIp, "access-request-ip")
                .link(kAr, kMac, "access-request-mac")
                .link(kAr, kUser, "authenticated-as")
                .build(), view(only(purged, SearchResult.Type.deleteResult, "ar")));
        assertEquals(expected()
                .id(kAr, "capability=monitored")
                .link(kAr, kUser, "role=audited")
                .id(kUser)
                .build(), aroundAr());
        assertEquals(0, server.server().graph().publisherItemCount("alice"));
        assertEquals(List.of("role bob FOREVER"), stored(ar, user));
    }

    @Test
    void purgingWhenNothingIsPublishedIsAccepted() throws Exception {
        alice.newSession();
        alice.purgePublisher();
        alice.purgePublisher("alice");
        assertEquals(0, server.server().graph().publisherItemCount("alice"));
    }

    @Test
    void purgingAnotherClientsPublisherIdIsAccessDeniedAndChangesNothing() throws Exception {
        alice.newSession();
        bob.newSession();
        publish(bob, Requests.createPublishUpdate(ar, MD.createCapability("monitored"), MetadataLifetime.forever));
        publishMixedLifetimes();
        Map<Target, List<Metadata>> before = server.server().graph().snapshot();

        IfmapErrorResult e = assertThrows(IfmapErrorResult.class, () -> alice.purgePublisher("bob"));
        Ifmapj.assertErrorCode("AccessDenied", e);

        assertEquals(before, server.server().graph().snapshot());
        assertEquals(List.of("capability alice FOREVER", "capability alice SESSION", "capability bob FOREVER"),
                stored(ar, null));
        // the refusal did not cost alice her session
        publish(alice, Requests.createPublishUpdate(ar, MD.createCapability("printing"), MetadataLifetime.session));
    }

    @Test
    void endSessionDeletesTheSessionsMetadataKeepsForeverAndAnswersItsWaitingPoll() throws Exception {
        alice.newSession();
        bob.newSession();
        aliceArc = alice.getArc();
        bobArc = bob.getArc();
        publishMixedLifetimes();
        bobWatchesAr();

        // alice's own ARC waits (she subscribed to nothing)
        Future<PollResult> alicesPoll = Ifmapj.pollInBackground(aliceArc);
        Ifmapj.awaitPendingPolls(server, 1);
        String oldSession = alice.getSessionId();

        alice.endSession();
        assertNull(alice.getSessionId(), "ifmapj forgets the session it ended");

        assertThrows(EndSessionException.class, () -> Ifmapj.await(alicesPoll, aliceArc));

        PollResult ended = Ifmapj.poll(bobArc);
        assertEquals(List.of("deleteResult ar"), kinds(ended));
        assertEquals(expected()
                .id(kAr, "capability=guest")
                .link(kAr, kMac, "access-request-mac")
                .build(), view(only(ended, SearchResult.Type.deleteResult, "ar")));
        assertEquals(expected()
                .id(kAr, "capability=vpn-user")
                .link(kAr, kIp, "access-request-ip")
                .id(kIp)
                .link(kAr, kUser, "authenticated-as")
                .id(kUser)
                .build(), aroundAr());
        assertEquals(List.of(), stored(ar, mac));
        assertEquals(List.of("capability alice FOREVER"), stored(ar, null));

        // the ended session's id is no longer valid, on either channel
        alice.setSessionId(oldSession);
        IfmapErrorResult onSsrc = assertThrows(IfmapErrorResult.class,
                () -> alice.search(Requests.createSearchReq(null, 0, null, null, null, ar)));
        Ifmapj.assertErrorCode("InvalidSessionID", onSsrc);
        IfmapErrorResult onArc = assertThrows(IfmapErrorResult.class, () -> Ifmapj.poll(aliceArc));
        Ifmapj.assertErrorCode("InvalidSessionID", onArc);
    }

    @Test
    void aSecondNewSessionEndsTheFirstBeforeItStarts() throws Exception {
        alice.newSession();
        bob.newSession();
        aliceArc = alice.getArc();
        bobArc = bob.getArc();
        publishMixedLifetimes();
        bobWatchesAr();
        String firstSession = alice.getSessionId();

        Future<PollResult> oldPoll = Ifmapj.pollInBackground(aliceArc);
        Ifmapj.awaitPendingPolls(server, 1);

        alice.newSession(); // same SSRC, same connection
        // the moment the new session exists, the old one's session metadata is gone
        assertEquals(List.of(), stored(ar, mac));
        assertEquals(List.of("capability alice FOREVER"), stored(ar, null));
        assertEquals("alice", alice.getPublisherId());
        assertFalse(alice.getSessionId().isEmpty());

        assertThrows(EndSessionException.class, () -> Ifmapj.await(oldPoll, aliceArc));

        PollResult ended = Ifmapj.poll(bobArc);
        assertEquals(List.of("deleteResult ar"), kinds(ended));
        assertEquals(expected()
                .id(kAr, "capability=guest")
                .link(kAr, kMac, "access-request-mac")
                .build(), view(only(ended, SearchResult.Type.deleteResult, "ar")));

        // the new session works on the same SSRC and on the same ARC connection
        publish(alice, Requests.createPublishUpdate(ar, MD.createCapability("re-login"), MetadataLifetime.session));
        assertEquals(expected().id(kAr, "capability=re-login").build(),
                view(only(Ifmapj.poll(bobArc), SearchResult.Type.updateResult, "ar")));
        alice.subscribe(Requests.createSubscribeReq(Requests.createSubscribeUpdate("mine", null, 0, null, null, null, ar)));
        PollResult mine = Ifmapj.poll(aliceArc);
        assertEquals(expected().id(kAr, "capability=re-login", "capability=vpn-user").build(),
                view(only(mine, SearchResult.Type.searchResult, "mine")));

        // a session that is not the newest one no longer exists
        if (!firstSession.equals(alice.getSessionId())) {
            String current = alice.getSessionId();
            alice.setSessionId(firstSession);
            try {
                Ifmapj.assertErrorCode("InvalidSessionID", assertThrows(IfmapErrorResult.class,
                        () -> alice.search(Requests.createSearchReq(null, 0, null, null, null, ar))));
            } finally {
                alice.setSessionId(current);
            }
        }
    }

    @Test
    void aSecondNewSessionOnAnotherConnectionAlsoEndsTheFirst() throws Exception {
        alice.newSession();
        aliceArc = alice.getArc();
        publishMixedLifetimes();
        Future<PollResult> oldPoll = Ifmapj.pollInBackground(aliceArc);
        Ifmapj.awaitPendingPolls(server, 1);

        SSRC restarted = Ifmapj.ssrc(server, "alice");
        try {
            restarted.newSession();
            assertThrows(EndSessionException.class, () -> Ifmapj.await(oldPoll, aliceArc));
            assertEquals(List.of(), stored(ar, mac));
            assertEquals(List.of("access-request-ip alice FOREVER"), stored(ar, ip));
            assertEquals("alice", restarted.getPublisherId());
        } finally {
            Ifmapj.close(restarted);
        }
    }
}
