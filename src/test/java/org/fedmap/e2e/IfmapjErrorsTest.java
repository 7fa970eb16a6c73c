package org.fedmap.e2e;

import static org.fedmap.e2e.Ifmapj.MD;
import static org.fedmap.e2e.Ifmapj.expected;
import static org.fedmap.e2e.Ifmapj.kinds;
import static org.fedmap.e2e.Ifmapj.view;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import de.hshannover.f4.trust.ifmapj.channel.ARC;
import de.hshannover.f4.trust.ifmapj.channel.SSRC;
import de.hshannover.f4.trust.ifmapj.exception.EndSessionException;
import de.hshannover.f4.trust.ifmapj.exception.IfmapErrorResult;
import de.hshannover.f4.trust.ifmapj.identifier.AccessRequest;
import de.hshannover.f4.trust.ifmapj.identifier.Identifier;
import de.hshannover.f4.trust.ifmapj.identifier.Identifiers;
import de.hshannover.f4.trust.ifmapj.messages.MetadataLifetime;
import de.hshannover.f4.trust.ifmapj.messages.PollResult;
import de.hshannover.f4.trust.ifmapj.messages.Requests;
import de.hshannover.f4.trust.ifmapj.messages.SearchRequest;
import de.hshannover.f4.trust.ifmapj.messages.SearchResult;
import de.hshannover.f4.trust.ifmapj.messages.SubscribeRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import javax.xml.parsers.DocumentBuilderFactory;
import org.fedmap.model.Metadata;
import org.fedmap.model.Target;
import org.fedmap.testsupport.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The errors ifmapj surfaces, as the server produces them: size limits on searches and polls (and
 * what becomes of subscriptions afterwards), unknown sessions, channel misuse, invalid identifiers
 * and metadata (and that a refused publish changes nothing). Also gzip on both channels.
 *
 * <p>The server runs with small limits: searches that name no max-size may return 4000 bytes, and
 * sessions that ask for no max-poll-result-size get 6000 bytes.
 */
class IfmapjErrorsTest {
    private static final int MANY = 60; // capabilities: about 13 KB of results

    private static TestServer server;
    private static int next;

    private SSRC alice;
    private SSRC bob;
    private ARC bobArc;
    private AccessRequest ar;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of("ifmap.search.max-size", "4000", "ifmap.max-poll-result-size", "6000"));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void openSessions() throws Exception {
        ar = Identifiers.createAr("gw1:big-" + (++next));
        alice = Ifmapj.ssrc(server, "alice");
        bob = Ifmapj.ssrc(server, "bob");
        alice.newSession();
    }

    @AfterEach
    void closeChannels() {
        Ifmapj.close(bobArc, bob, alice);
    }

    private void publishMany(Identifier target, String prefix) throws Exception {
        List<Document> caps = new ArrayList<>();
        for (int i = 0; i < MANY; i++) {
            caps.add(MD.createCapability(String.format("%s-%02d", prefix, i)));
        }
        alice.publish(Requests.createPublishReq(Requests.createPublishUpdate(target, caps, MetadataLifetime.forever)));
    }

    private static SearchRequest searchOf(Identifier start, Integer maxSize) {
        return Requests.createSearchReq(null, 0, null, maxSize, null, start);
    }

    private void subscribe(String name, Identifier start, Integer maxSize) throws Exception {
        bob.subscribe(Requests.createSubscribeReq(
                Requests.createSubscribeUpdate(name, null, 0, null, maxSize, null, start)));
    }

    private static int subscriptionsOf(String client) {
        return server.server().sessions().list().stream().filter(s -> s.client().equals(client))
                .mapToInt(s -> s.subscriptions()).sum();
    }

    /**
     * Proves that no subscription but a new one is left: after a publish that every old
     * subscription would report, a new subscription's searchResult is all the next poll brings.
     */
    private void assertOnlyANewSubscriptionReports(Identifier... watchedBefore) throws Exception {
        for (Identifier watched : watchedBefore) {
            alice.publish(Requests.createPublishReq(Requests.createPublishUpdate(watched,
                    MD.createCapability("after-the-error"), MetadataLifetime.forever)));
        }
        subscribe("probe", Identifiers.createIp4("198.51.100.7"), null);
        assertEquals(List.of("searchResult probe"), kinds(Ifmapj.poll(bobArc)));
        assertEquals(1, subscriptionsOf("bob"));
    }

    // ---------------------------------------------------------------- size limits

    @Test
    void aSearchBeyondTheServersDefaultMaxSizeIsSearchResultsTooBig() throws Exception {
        bob.newSession();
        publishMany(ar, "cap");
        Ifmapj.assertErrorCode("SearchResultsTooBig",
                assertThrows(IfmapErrorResult.class, () -> bob.search(searchOf(ar, null))));

        SearchResult allowed = bob.search(searchOf(ar, 1_000_000));
        assertEquals(MANY, view(allowed).get(Ifmapj.key(ar)).size());
    }

    @Test
    void aSearchBeyondItsOwnMaxSizeIsSearchResultsTooBigAndTheSessionGoesOn() throws Exception {
        bob.newSession();
        alice.publish(Requests.createPublishReq(Requests.createPublishUpdate(ar,
                List.of(MD.createCapability("one"), MD.createCapability("two"), MD.createCapability("three")),
                MetadataLifetime.forever)));
        Ifmapj.assertErrorCode("SearchResultsTooBig",
                assertThrows(IfmapErrorResult.class, () -> bob.search(searchOf(ar, 200))));
        assertEquals(expected().id(Ifmapj.key(ar), "capability=one", "capability=three", "capability=two").build(),
                view(bob.search(searchOf(ar, null))));
    }

    @Test
    void pollResultsBeyondTheSessionsDefaultLimitArePollResultsTooBigAndEndAllSubscriptions() throws Exception {
        bob.newSession(); // gets the server's default of 6000 bytes
        bobArc = bob.getArc();
        AccessRequest other = Identifiers.createAr("gw1:quiet-" + next);
        subscribe("busy", ar, 1_000_000);
        subscribe("quiet", other, 1_000_000);
        assertEquals(List.of("searchResult busy", "searchResult quiet"), kinds(Ifmapj.poll(bobArc)));

        publishMany(ar, "cap");
        Ifmapj.assertErrorCode("PollResultsTooBig", assertThrows(IfmapErrorResult.class, () -> Ifmapj.poll(bobArc)));

        assertEquals(0, subscriptionsOf("bob"));
        assertOnlyANewSubscriptionReports(ar, other);
    }

    @Test
    void aMaxPollResultSizeTheClientAskedForIsEnforced() throws Exception {
        publishMany(ar, "cap");
        bob.newSession(2000);
        bobArc = bob.getArc();
        assertEquals(2000, bob.getMaxPollResSize());

        // the first, complete result alone is larger than the client can take
        subscribe("watch", ar, 1_000_000);
        Ifmapj.assertErrorCode("PollResultsTooBig", assertThrows(IfmapErrorResult.class, () -> Ifmapj.poll(bobArc)));
        assertOnlyANewSubscriptionReports(ar);
    }

    @Test
    void aSubscriptionOutgrowingItsMaxSizeIsANamedErrorInThePollAndSubscriptionsEnd() throws Exception {
        bob.newSession(1_000_000);
        bobArc = bob.getArc();
        AccessRequest other = Identifiers.createAr("gw1:other-" + next);
        SubscribeRequest two = Requests.createSubscribeReq();
        two.addSubscribeElement(Requests.createSubscribeUpdate("small", null, 0, null, 3000, null, ar));
        two.addSubscribeElement(Requests.createSubscribeUpdate("other", null, 0, null, 1_000_000, null, other));
        bob.subscribe(two);
        assertEquals(List.of("searchResult small", "searchResult other"), kinds(Ifmapj.poll(bobArc)));

        publishMany(ar, "cap");
        PollResult answer = Ifmapj.poll(bobArc);
        assertEquals(List.of("errorResult small SearchResultsTooBig"), kinds(answer));
        IfmapErrorResult error = answer.getErrorResults().iterator().next();
        assertEquals("small", error.getName());

        // an errorResult in a poll answer invalidates the client's subscriptions
        assertEquals(0, subscriptionsOf("bob"));
        assertOnlyANewSubscriptionReports(ar, other);
    }

    @Test
    void aWaitingPollThatOverflowsIsAnsweredPollResultsTooBig() throws Exception {
        bob.newSession(); // 6000 bytes
        bobArc = bob.getArc();
        subscribe("watch", ar, 1_000_000);
        assertEquals(List.of("searchResult watch"), kinds(Ifmapj.poll(bobArc)));

        Future<PollResult> waiting = Ifmapj.pollInBackground(bobArc);
        Ifmapj.awaitPendingPolls(server, 1);
        publishMany(ar, "cap");
        Ifmapj.assertErrorCode("PollResultsTooBig",
                assertThrows(IfmapErrorResult.class, () -> Ifmapj.await(waiting, bobArc)));
        assertOnlyANewSubscriptionReports(ar);
    }

    @Test
    void aSubscriptionWhoseFirstResultExceedsItsMaxSizeIsANamedErrorInThePoll() throws Exception {
        publishMany(ar, "cap");
        bob.newSession(1_000_000);
        bobArc = bob.getArc();
        AccessRequest other = Identifiers.createAr("gw1:fine-" + next);
        SubscribeRequest two = Requests.createSubscribeReq();
        two.addSubscribeElement(Requests.createSubscribeUpdate("fine", null, 0, null, 1_000_000, null, other));
        two.addSubscribeElement(Requests.createSubscribeUpdate("too-big", null, 0, null, 1000, null, ar));
        bob.subscribe(two);

        PollResult answer = Ifmapj.poll(bobArc);
        assertEquals(List.of("searchResult fine", "errorResult too-big SearchResultsTooBig"), kinds(answer));
        assertEquals(0, subscriptionsOf("bob"));
        assertOnlyANewSubscriptionReports(ar, other);
    }

    // ---------------------------------------------------------------- sessions and channels

    @Test
    void anUnknownSessionIdIsInvalidSessionId() throws Exception {
        bob.newSession();
        String mine = bob.getSessionId();
        bob.setSessionId("0123456789abcdef0123456789abcdef");
        Ifmapj.assertErrorCode("InvalidSessionID",
                assertThrows(IfmapErrorResult.class, () -> bob.search(searchOf(ar, null))));
        bob.setSessionId(mine);
        bob.search(searchOf(ar, null)); // the real session is untouched
    }

    @Test
    void anotherClientsSessionIdIsInvalidSessionId() throws Exception {
        bob.newSession();
        String bobs = bob.getSessionId();
        String alices = alice.getSessionId();
        bob.setSessionId(alices);
        Ifmapj.assertErrorCode("InvalidSessionID", assertThrows(IfmapErrorResult.class,
                () -> bob.publish(Requests.createPublishReq(Requests.createPublishDelete(ar)))));
        bob.setSessionId(bobs);
        alice.search(searchOf(ar, null)); // alice's session is untouched
    }

    @Test
    void aPollOnTheSsrcIsInvalidSessionIdAndEndsTheSession() throws Exception {
        bob.newSession();
        Ifmapj.assertErrorCode("InvalidSessionID", assertThrows(IfmapErrorResult.class,
                () -> bob.genericRequestWithSessionId(Requests.createPollReq())));
        Ifmapj.assertErrorCode("InvalidSessionID",
                assertThrows(IfmapErrorResult.class, () -> bob.search(searchOf(ar, null))));
    }

    @Test
    void aSecondArcWhileAPollWaitsEndsTheSession() throws Exception {
        bob.newSession();
        bobArc = bob.getArc();
        Future<PollResult> first = Ifmapj.pollInBackground(bobArc);
        Ifmapj.awaitPendingPolls(server, 1);

        ARC second = bob.getArc();
        try {
            Ifmapj.assertErrorCode("InvalidSessionID",
                    assertThrows(IfmapErrorResult.class, () -> Ifmapj.poll(second)));
        } finally {
            Ifmapj.close(second);
        }
        assertThrows(EndSessionException.class, () -> Ifmapj.await(first, bobArc));
        Ifmapj.assertErrorCode("InvalidSessionID",
                assertThrows(IfmapErrorResult.class, () -> bob.search(searchOf(ar, null))));
    }

    @Test
    void aSearchSentOnTheArcIsRefusedAndTheSessionStays() throws Exception {
        bob.newSession();
        bobArc = bob.getArc();
        subscribe("watch", ar, null);
        assertEquals(List.of("searchResult watch"), kinds(Ifmapj.poll(bobArc)));

        Ifmapj.assertErrorCode("Failure", assertThrows(IfmapErrorResult.class,
                () -> bobArc.genericRequestWithSessionId(searchOf(ar, null))));
        alice.publish(Requests.createPublishReq(Requests.createPublishUpdate(ar, MD.createCapability("still-here"))));
        assertEquals(List.of("updateResult watch"), kinds(Ifmapj.poll(bobArc)));
    }

    // ---------------------------------------------------------------- invalid requests

    @Test
    void aNonCanonicalIpAddressIsInvalidIdentifierAndNothingOfThePublishIsStored() throws Exception {
        Map<Target, List<Metadata>> before = server.server().graph().snapshot();
        Ifmapj.assertErrorCode("InvalidIdentifier", assertThrows(IfmapErrorResult.class,
                () -> alice.publish(Requests.createPublishReq(List.of(
                        Requests.createPublishUpdate(ar, MD.createCapability("fine")),
                        Requests.createPublishUpdate(ar, Identifiers.createIp4("10.0.1.020"), MD.createArIp()))))));
        assertEquals(before, server.server().graph().snapshot());
    }

    @Test
    void metadataWithoutCardinalityIsInvalidMetadataAndNothingOfThePublishIsStored() throws Exception {
        Document noCardinality = DocumentBuilderFactory.newDefaultNSInstance().newDocumentBuilder().newDocument();
        Element role = noCardinality.createElementNS(Ifmapj.META, "meta:role");
        Element name = noCardinality.createElementNS(null, "name");
        name.setTextContent("admin");
        role.appendChild(name);
        noCardinality.appendChild(role);

        Map<Target, List<Metadata>> before = server.server().graph().snapshot();
        Ifmapj.assertErrorCode("InvalidMetadata", assertThrows(IfmapErrorResult.class,
                () -> alice.publish(Requests.createPublishReq(List.of(
                        Requests.createPublishUpdate(ar, MD.createCapability("fine")),
                        Requests.createPublishUpdate(ar, noCardinality))))));
        assertEquals(before, server.server().graph().snapshot());
    }

    // ---------------------------------------------------------------- transport

    @Test
    void gzipOnBothChannelsWorks() throws Exception {
        bob.setGzip(true);
        alice.setGzip(true);
        bob.newSession(1_000_000);
        bobArc = bob.getArc(); // inherits gzip from its SSRC
        publishMany(ar, "zipped");
        SearchResult big = bob.search(searchOf(ar, 1_000_000)); // a reply well above the gzip threshold
        assertEquals(MANY, view(big).get(Ifmapj.key(ar)).size());

        subscribe("watch", ar, 1_000_000);
        PollResult first = Ifmapj.poll(bobArc);
        assertEquals(MANY, view(Ifmapj.only(first, SearchResult.Type.searchResult, "watch")).get(Ifmapj.key(ar)).size());
    }
}
