package org.fedmap.e2e;

import static org.fedmap.e2e.Ifmapj.MD;
import static org.fedmap.e2e.Ifmapj.expected;
import static org.fedmap.e2e.Ifmapj.kinds;
import static org.fedmap.e2e.Ifmapj.only;
import static org.fedmap.e2e.Ifmapj.view;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import de.hshannover.f4.trust.ifmapj.channel.ARC;
import de.hshannover.f4.trust.ifmapj.channel.SSRC;
import de.hshannover.f4.trust.ifmapj.identifier.AccessRequest;
import de.hshannover.f4.trust.ifmapj.identifier.Identifier;
import de.hshannover.f4.trust.ifmapj.identifier.Identifiers;
import de.hshannover.f4.trust.ifmapj.identifier.Identity;
import de.hshannover.f4.trust.ifmapj.identifier.IdentityType;
import de.hshannover.f4.trust.ifmapj.identifier.IpAddress;
import de.hshannover.f4.trust.ifmapj.identifier.MacAddress;
import de.hshannover.f4.trust.ifmapj.messages.MetadataLifetime;
import de.hshannover.f4.trust.ifmapj.messages.PollResult;
import de.hshannover.f4.trust.ifmapj.messages.PublishDelete;
import de.hshannover.f4.trust.ifmapj.messages.PublishElement;
import de.hshannover.f4.trust.ifmapj.messages.Requests;
import de.hshannover.f4.trust.ifmapj.messages.SearchResult;
import de.hshannover.f4.trust.ifmapj.messages.SubscribeRequest;
import de.hshannover.f4.trust.ifmapj.messages.SubscribeUpdate;
import de.hshannover.f4.trust.ifmapj.metadata.EventType;
import de.hshannover.f4.trust.ifmapj.metadata.Significance;
import java.util.List;
import java.util.concurrent.Future;
import org.fedmap.testsupport.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/**
 * The IF-MAP 2 publish/subscribe flow between two ifmapj clients over HTTPS: a gateway (alice)
 * publishes a user session, a second client (bob) subscribes to the endpoint's ip-address and polls
 * on his ARC. The first poll answers the complete searchResult; later polls carry exactly the
 * changes (updateResult, notifyResult, deleteResult). A poll with nothing to report waits.
 *
 * <p>One server for the class; every test opens new sessions (a client's new session ends its old
 * one) and uses its own ip-address and access-request, so tests do not see each other's data.
 */
class IfmapjFlowTest {
    private static TestServer server;
    private static int nextUser;

    private SSRC alice;
    private SSRC bob;
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
    void openSessions() throws Exception {
        int n = ++nextUser;
        ip = Identifiers.createIp4("192.0.2." + (100 + n));
        ar = Identifiers.createAr("gw1:session-" + n);
        mac = Identifiers.createMac(String.format("00:16:3e:00:00:%02x", n));
        user = Identifiers.createIdentity(IdentityType.userName, "user" + n);
        kIp = Ifmapj.key(ip);
        kAr = Ifmapj.key(ar);
        kMac = Ifmapj.key(mac);
        kUser = Ifmapj.key(user);

        alice = Ifmapj.ssrc(server, "alice");
        bob = Ifmapj.ssrc(server, "bob");
        alice.newSession();
        bob.newSession();
        bobArc = bob.getArc();
    }

    @AfterEach
    void closeChannels() {
        Ifmapj.close(bobArc, bob, alice);
    }

    private void publish(SSRC client, PublishElement... elements) throws Exception {
        client.publish(Requests.createPublishReq(List.of(elements)));
    }

    /** The gateway's view of a user who just logged in: access-request, its ip-address, a capability. */
    private void publishLogin() throws Exception {
        publish(alice,
                Requests.createPublishUpdate(ar, ip, MD.createArIp(), MetadataLifetime.session),
                Requests.createPublishUpdate(ar, MD.createCapability("guest"), MetadataLifetime.session));
    }

    /** Bob subscribes to the ip-address, two links deep, and takes the first (complete) result. */
    private SearchResult subscribeToIp(String name) throws Exception {
        bob.subscribe(Requests.createSubscribeReq(
                Requests.createSubscribeUpdate(name, null, 2, null, null, null, ip)));
        PollResult first = Ifmapj.poll(bobArc);
        assertEquals(List.of("searchResult " + name), kinds(first));
        return only(first, SearchResult.Type.searchResult, name);
    }

    private void subscribe(String name, Identifier start, int depth) throws Exception {
        bob.subscribe(Requests.createSubscribeReq(
                Requests.createSubscribeUpdate(name, null, depth, null, null, null, start)));
    }

    private SearchResult search(Identifier start, int depth) throws Exception {
        return bob.search(Requests.createSearchReq(null, depth, null, null, null, start));
    }

    private static Document event(String name) {
        return MD.createEvent(name, "2024-01-01T10:00:00Z", "ids-1", 50, 80, Significance.important,
                EventType.behavioralChange, null, "seen by the IDS", null);
    }

    @Test
    void theFirstPollAnswersTheCompleteResultAndLaterPollsOnlyWhatIsNew() throws Exception {
        publishLogin();
        SearchResult first = subscribeToIp("user");
        assertEquals(expected()
                .id(kIp)
                .link(kAr, kIp, "access-request-ip")
                .id(kAr, "capability=guest")
                .build(), view(first));

        // the user authenticates: the gateway adds the identity, a role and another capability
        publish(alice,
                Requests.createPublishUpdate(ar, user, MD.createAuthAs(), MetadataLifetime.forever),
                Requests.createPublishUpdate(ar, user, MD.createRole("employee"), MetadataLifetime.forever),
                Requests.createPublishUpdate(ar, MD.createCapability("vpn-user"), MetadataLifetime.session));
        PollResult second = Ifmapj.poll(bobArc);
        assertEquals(List.of("updateResult user"), kinds(second));
        assertEquals(expected()
                .link(kAr, kUser, "authenticated-as", "role=employee")
                .id(kAr, "capability=vpn-user")
                .build(), view(only(second, SearchResult.Type.updateResult, "user")));
    }

    @Test
    void aPollWithNothingToReportWaitsUntilSomethingIsPublished() throws Exception {
        publishLogin();
        subscribeToIp("user");

        Future<PollResult> waiting = Ifmapj.pollInBackground(bobArc);
        Ifmapj.awaitPendingPolls(server, 1);
        assertTrue(Ifmapj.stillWaiting(waiting, 300), "the poll returned although nothing had changed");

        publish(alice, Requests.createPublishUpdate(ar, MD.createCapability("printing"), MetadataLifetime.session));
        PollResult answer = Ifmapj.await(waiting, bobArc);
        assertEquals(List.of("updateResult user"), kinds(answer));
        assertEquals(expected().id(kAr, "capability=printing").build(),
                view(only(answer, SearchResult.Type.updateResult, "user")));
    }

    @Test
    void aNotificationReachesTheSubscriberButIsNotStored() throws Exception {
        publishLogin();
        subscribeToIp("user");

        publish(alice, Requests.createPublishNotify(ip, event("port-scan")));
        PollResult notified = Ifmapj.poll(bobArc);
        assertEquals(List.of("notifyResult user"), kinds(notified));
        assertEquals(expected().id(kIp, "event=port-scan").build(),
                view(only(notified, SearchResult.Type.notifyResult, "user")));
        assertEquals("alice", Ifmapj.metadataElements(only(notified, SearchResult.Type.notifyResult, "user"))
                .get(0).getAttribute("ifmap-publisher-id"));

        assertEquals(expected().id(kIp).build(), view(search(ip, 0)), "the event was stored");
        assertEquals(List.of(), server.server().graph().metadataOn(
                new org.fedmap.model.IpAddress(org.fedmap.model.IpAddress.Version.IPV4, ip.getValue(), "")));
    }

    @Test
    void aDeleteWithAFilterRemovesOnlyTheMatchingItems() throws Exception {
        publishLogin();
        publish(alice,
                Requests.createPublishUpdate(ar, user, MD.createAuthAs(), MetadataLifetime.forever),
                Requests.createPublishUpdate(ar, user, MD.createRole("employee"), MetadataLifetime.forever));
        // bob, say an auditing system, adds his own role on the same link
        publish(bob, Requests.createPublishUpdate(ar, user, MD.createRole("audited"), MetadataLifetime.session));
        subscribeToIp("user");

        PublishDelete delete = Requests.createPublishDelete(ar, user, "meta:role[@ifmap-publisher-id='alice']");
        delete.addNamespaceDeclaration("meta", Ifmapj.META);
        publish(alice, delete);

        PollResult deleted = Ifmapj.poll(bobArc);
        assertEquals(List.of("deleteResult user"), kinds(deleted));
        assertEquals(expected().link(kAr, kUser, "role=employee").build(),
                view(only(deleted, SearchResult.Type.deleteResult, "user")));
        assertEquals(List.of("authenticated-as", "role=audited"),
                view(search(ar, 1)).get(Ifmapj.link(kAr, kUser)), "items the filter did not match were deleted");
    }

    @Test
    void aDeleteByNameRemovesEveryItemOfThatTypeWhoeverPublishedIt() throws Exception {
        publishLogin();
        publish(alice, Requests.createPublishUpdate(ar, MD.createCapability("vpn-user"), MetadataLifetime.forever));
        publish(bob, Requests.createPublishUpdate(ar, MD.createDevAttr("av-up-to-date"), MetadataLifetime.session));
        subscribeToIp("user");

        PublishDelete delete = Requests.createPublishDelete(ar, "meta:capability");
        delete.addNamespaceDeclaration("meta", Ifmapj.META);
        publish(alice, delete);

        PollResult deleted = Ifmapj.poll(bobArc);
        assertEquals(List.of("deleteResult user"), kinds(deleted));
        assertEquals(expected().id(kAr, "capability=guest", "capability=vpn-user").build(),
                view(only(deleted, SearchResult.Type.deleteResult, "user")));
        assertEquals(List.of("device-attribute=av-up-to-date"), view(search(ar, 0)).get(kAr));
    }

    @Test
    void aDeleteWithAnEmptyFilterDeletesNothing() throws Exception {
        publishLogin();
        subscribeToIp("user");
        publish(alice, Requests.createPublishDelete(ar, ""), Requests.createPublishDelete(ar, ip, ""));

        subscribe("probe", Identifiers.createIp4("198.51.100.3"), 0);
        assertEquals(List.of("searchResult probe"), kinds(Ifmapj.poll(bobArc)));
        assertEquals(expected().id(kIp).link(kAr, kIp, "access-request-ip").id(kAr, "capability=guest").build(),
                view(search(ip, 1)));
    }

    @Test
    void whatIsNoLongerReachableLeavesTheSubscriptionWithItsMetadata() throws Exception {
        publishLogin();
        publish(alice, Requests.createPublishUpdate(ar, mac, MD.createArMac(), MetadataLifetime.session));
        SearchResult first = subscribeToIp("user");
        assertEquals(expected()
                .id(kIp)
                .link(kAr, kIp, "access-request-ip")
                .id(kAr, "capability=guest")
                .link(kAr, kMac, "access-request-mac")
                .id(kMac)
                .build(), view(first));

        // the user logs off: the gateway removes the access-request's link to the ip-address
        publish(alice, Requests.createPublishDelete(ar, ip));
        PollResult deleted = Ifmapj.poll(bobArc);
        assertEquals(List.of("deleteResult user"), kinds(deleted));
        assertEquals(expected()
                .link(kAr, kIp, "access-request-ip")
                .id(kAr, "capability=guest")
                .link(kAr, kMac, "access-request-mac")
                .build(), view(only(deleted, SearchResult.Type.deleteResult, "user")));
    }

    @Test
    void afterSubscribeDeleteTheSubscriptionReportsNothing() throws Exception {
        publishLogin();
        subscribeToIp("user");
        bob.subscribe(Requests.createSubscribeReq(Requests.createSubscribeDelete("user")));

        publish(alice, Requests.createPublishUpdate(ar, MD.createCapability("printing"), MetadataLifetime.session));
        // a second subscription makes the next poll return at once; "user" must not be in it
        IpAddress elsewhere = Identifiers.createIp4("198.51.100.1");
        subscribe("probe", elsewhere, 0);
        PollResult next = Ifmapj.poll(bobArc);
        assertEquals(List.of("searchResult probe"), kinds(next));
    }

    @Test
    void subscribeDeleteOfAnUnknownNameIsAccepted() throws Exception {
        // ifmapj raises an exception for any answer but subscribeReceived
        bob.subscribe(Requests.createSubscribeReq(Requests.createSubscribeDelete("never-subscribed")));
        subscribe("probe", ip, 0);
        assertEquals(List.of("searchResult probe"), kinds(Ifmapj.poll(bobArc)));
    }

    @Test
    void subscribeUpdateWithAnExistingNameReplacesTheSubscription() throws Exception {
        publishLogin();
        subscribeToIp("user");

        // same name, now only the access-request itself
        subscribe("user", ar, 0);
        PollResult replaced = Ifmapj.poll(bobArc);
        assertEquals(List.of("searchResult user"), kinds(replaced));
        assertEquals(expected().id(kAr, "capability=guest").build(),
                view(only(replaced, SearchResult.Type.searchResult, "user")));

        // the old subscription would also have reported the new link to the mac-address
        publish(alice,
                Requests.createPublishUpdate(ar, MD.createCapability("printing"), MetadataLifetime.session),
                Requests.createPublishUpdate(ar, mac, MD.createArMac(), MetadataLifetime.session),
                Requests.createPublishUpdate(ip, mac, MD.createIpMac(), MetadataLifetime.session));
        PollResult next = Ifmapj.poll(bobArc);
        assertEquals(List.of("updateResult user"), kinds(next));
        assertEquals(expected().id(kAr, "capability=printing").build(),
                view(only(next, SearchResult.Type.updateResult, "user")));
    }

    @Test
    void oneSubscriberWithTwoSubscriptionsGetsEachItsOwnResults() throws Exception {
        publishLogin();
        publish(alice, Requests.createPublishUpdate(ar, mac, MD.createArMac(), MetadataLifetime.session));
        SubscribeRequest both = Requests.createSubscribeReq();
        both.addSubscribeElement(Requests.createSubscribeUpdate("by-ip", null, 1, null, null, null, ip));
        both.addSubscribeElement(Requests.createSubscribeUpdate("by-mac", null, 1, null, null, null, mac));
        bob.subscribe(both);
        PollResult first = Ifmapj.poll(bobArc);
        assertEquals(expected().id(kIp).link(kAr, kIp, "access-request-ip").id(kAr, "capability=guest").build(),
                view(only(first, SearchResult.Type.searchResult, "by-ip")));
        assertEquals(expected().id(kMac).link(kAr, kMac, "access-request-mac").id(kAr, "capability=guest").build(),
                view(only(first, SearchResult.Type.searchResult, "by-mac")));

        // the access-request is reached by both; a role on the ip-address side only by one
        publish(alice,
                Requests.createPublishUpdate(ar, MD.createCapability("printing"), MetadataLifetime.session),
                Requests.createPublishUpdate(ip, MD.createDevAttr("dhcp-lease"), MetadataLifetime.session));
        PollResult next = Ifmapj.poll(bobArc);
        assertEquals(expected().id(kIp, "device-attribute=dhcp-lease").id(kAr, "capability=printing").build(),
                view(only(next, SearchResult.Type.updateResult, "by-ip")));
        assertEquals(expected().id(kAr, "capability=printing").build(),
                view(only(next, SearchResult.Type.updateResult, "by-mac")));
        assertEquals(2, next.getResults().size(), kinds(next).toString());
    }

    @Test
    void aFilteredSubscriptionReportsOnlyWhatItsFiltersLetThrough() throws Exception {
        publishLogin();
        SubscribeUpdate caps = Requests.createSubscribeUpdate("caps", "meta:access-request-ip", 2, null, null,
                "meta:capability", ip);
        caps.addNamespaceDeclaration("meta", Ifmapj.META);
        bob.subscribe(Requests.createSubscribeReq(caps));
        PollResult first = Ifmapj.poll(bobArc);
        assertEquals(expected().id(kIp).link(kAr, kIp).id(kAr, "capability=guest").build(),
                view(only(first, SearchResult.Type.searchResult, "caps")));

        // a role (not shown), a capability (shown) and a link match-links does not follow
        publish(alice,
                Requests.createPublishUpdate(ar, user, MD.createRole("employee"), MetadataLifetime.session),
                Requests.createPublishUpdate(ar, MD.createCapability("vpn-user"), MetadataLifetime.session),
                Requests.createPublishUpdate(ar, MD.createDevAttr("patched"), MetadataLifetime.session));
        PollResult next = Ifmapj.poll(bobArc);
        assertEquals(List.of("updateResult caps"), kinds(next));
        assertEquals(expected().id(kAr, "capability=vpn-user").build(),
                view(only(next, SearchResult.Type.updateResult, "caps")));
    }

    @Test
    void aPublishBySearchersOwnSessionAlsoReachesHisSubscription() throws Exception {
        publishLogin();
        subscribeToIp("user");
        publish(bob, Requests.createPublishUpdate(ip, MD.createDevAttr("seen-by-bob"), MetadataLifetime.session));
        PollResult next = Ifmapj.poll(bobArc);
        assertEquals(expected().id(kIp, "device-attribute=seen-by-bob").build(),
                view(only(next, SearchResult.Type.updateResult, "user")));
    }

    @Test
    void aSearchOnTheSsrcWhileAPollWaitsOnTheArcIsAnsweredAtOnce() throws Exception {
        publishLogin();
        subscribeToIp("user");
        Future<PollResult> waiting = Ifmapj.pollInBackground(bobArc);
        Ifmapj.awaitPendingPolls(server, 1);

        SearchResult meanwhile = search(ip, 1);
        assertEquals(expected().id(kIp).link(kAr, kIp, "access-request-ip").id(kAr, "capability=guest").build(),
                view(meanwhile));
        assertTrue(Ifmapj.stillWaiting(waiting, 0), "the search answered the waiting poll");

        publish(alice, Requests.createPublishNotify(ip, event("login")));
        assertEquals(List.of("notifyResult user"), kinds(Ifmapj.await(waiting, bobArc)));
    }

    @Test
    void aNewLinkBringsTheMetadataOfWhatItMakesReachable() throws Exception {
        publishLogin();
        // the mac-address already carries metadata before anything links it to the user
        publish(alice, Requests.createPublishUpdate(mac, MD.createDevAttr("known-laptop"), MetadataLifetime.session));
        SearchResult first = subscribeToIp("user");
        assertEquals(expected().id(kIp).link(kAr, kIp, "access-request-ip").id(kAr, "capability=guest").build(),
                view(first));

        publish(alice, Requests.createPublishUpdate(ar, mac, MD.createArMac(), MetadataLifetime.session));
        PollResult next = Ifmapj.poll(bobArc);
        assertEquals(List.of("updateResult user"), kinds(next));
        assertEquals(expected()
                .link(kAr, kMac, "access-request-mac")
                .id(kMac, "device-attribute=known-laptop")
                .build(), view(only(next, SearchResult.Type.updateResult, "user")));
    }

    @Test
    void whatIsStillReachableAnotherWayStaysInTheSubscription() throws Exception {
        publishLogin();
        publish(alice,
                Requests.createPublishUpdate(ar, mac, MD.createArMac(), MetadataLifetime.session),
                Requests.createPublishUpdate(ip, mac, MD.createIpMac(), MetadataLifetime.session));
        subscribeToIp("user");

        publish(alice, Requests.createPublishDelete(ar, ip));
        PollResult next = Ifmapj.poll(bobArc);
        assertEquals(List.of("deleteResult user"), kinds(next));
        assertEquals(expected().link(kAr, kIp, "access-request-ip").build(),
                view(only(next, SearchResult.Type.deleteResult, "user")));

        // the access-request is still watched (now through the mac-address)
        publish(alice, Requests.createPublishUpdate(ar, MD.createCapability("printing"), MetadataLifetime.session));
        assertEquals(expected().id(kAr, "capability=printing").build(),
                view(only(Ifmapj.poll(bobArc), SearchResult.Type.updateResult, "user")));
    }

    @Test
    void changesBeyondTheSubscriptionsDepthAreNotReported() throws Exception {
        publishLogin();
        bob.subscribe(Requests.createSubscribeReq(Requests.createSubscribeUpdate("near", null, 1, null, null, null, ip)));
        assertEquals(List.of("searchResult near"), kinds(Ifmapj.poll(bobArc)));

        // two links away from the ip-address
        publish(alice,
                Requests.createPublishUpdate(ar, user, MD.createAuthAs(), MetadataLifetime.session),
                Requests.createPublishUpdate(user, MD.createDevAttr("far-away"), MetadataLifetime.session));
        subscribe("probe", Identifiers.createIp4("198.51.100.2"), 0);
        assertEquals(List.of("searchResult probe"), kinds(Ifmapj.poll(bobArc)));
    }

    @Test
    void aNotificationOnAnIdentifierWithoutMetadataReachesTheSubscriptionStartingThere() throws Exception {
        subscribe("quiet", ip, 1);
        assertEquals(expected().id(kIp).build(),
                view(only(Ifmapj.poll(bobArc), SearchResult.Type.searchResult, "quiet")));

        publish(alice, Requests.createPublishNotify(ip, event("first-contact")));
        assertEquals(expected().id(kIp, "event=first-contact").build(),
                view(only(Ifmapj.poll(bobArc), SearchResult.Type.notifyResult, "quiet")));

        // and on a link from there that does not exist either
        publish(alice, Requests.createPublishNotify(ip, ar, event("linked-contact")));
        assertEquals(expected().link(kAr, kIp, "event=linked-contact").build(),
                view(only(Ifmapj.poll(bobArc), SearchResult.Type.notifyResult, "quiet")));
        assertEquals(expected().id(kIp).build(), view(search(ip, 1)));
    }

    @Test
    void replacingASingleValueItemIsReportedAsTheOldOneDeletedAndTheNewOneAdded() throws Exception {
        publishLogin();
        SearchResult first = subscribeToIp("user");
        String before = Ifmapj.metadataElements(first).stream()
                .filter(e -> e.getLocalName().equals("access-request-ip")).findFirst().orElseThrow()
                .getAttribute("ifmap-timestamp");

        // bob (a DHCP server, say) re-publishes the singleValue link item: it replaces alice's
        publish(bob, Requests.createPublishUpdate(ar, ip, MD.createArIp(), MetadataLifetime.session));
        PollResult next = Ifmapj.poll(bobArc);
        assertEquals(List.of("deleteResult user", "updateResult user"), kinds(next));
        SearchResult deleted = only(next, SearchResult.Type.deleteResult, "user");
        SearchResult updated = only(next, SearchResult.Type.updateResult, "user");
        assertEquals(expected().link(kAr, kIp, "access-request-ip").build(), view(deleted));
        assertEquals(expected().link(kAr, kIp, "access-request-ip").build(), view(updated));
        assertEquals("alice", Ifmapj.metadataElements(deleted).get(0).getAttribute("ifmap-publisher-id"));
        assertEquals(before, Ifmapj.metadataElements(deleted).get(0).getAttribute("ifmap-timestamp"));
        assertEquals("bob", Ifmapj.metadataElements(updated).get(0).getAttribute("ifmap-publisher-id"));
        assertEquals(List.of("access-request-ip"), view(search(ip, 1)).get(Ifmapj.link(kAr, kIp)));
    }
}
