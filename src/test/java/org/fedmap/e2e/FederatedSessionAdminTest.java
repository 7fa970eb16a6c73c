package org.fedmap.e2e;

import static org.fedmap.e2e.Ifmapj.MD;
import static org.fedmap.e2e.Ifmapj.expected;
import static org.fedmap.e2e.Ifmapj.kinds;
import static org.fedmap.e2e.Ifmapj.only;
import static org.fedmap.e2e.Ifmapj.view;
import static org.fedmap.testsupport.Gateway11.count;
import static org.fedmap.testsupport.Gateway11.id;
import static org.fedmap.testsupport.Gateway11.xpath;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import de.hshannover.f4.trust.ifmapj.channel.ARC;
import de.hshannover.f4.trust.ifmapj.channel.SSRC;
import de.hshannover.f4.trust.ifmapj.identifier.AccessRequest;
import de.hshannover.f4.trust.ifmapj.identifier.Device;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Future;
import org.fedmap.ops.FederatedSession;
import org.fedmap.ops.FederatedSession.State;
import org.fedmap.ops.FederatedSession.User;
import org.fedmap.ops.FederatedSessions;
import org.fedmap.ops.FederatedSessions.Filter;
import org.fedmap.testsupport.Files2;
import org.fedmap.testsupport.Gateway11;
import org.fedmap.testsupport.LogCapture;
import org.fedmap.testsupport.SoapConnection.HttpResponse;
import org.fedmap.testsupport.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The administrator's federated-session view and actions against the real server over HTTPS: gateways
 * sign users in with ifmapj (IF-MAP 2) and with raw IF-MAP 1.1 SOAP, the view shows who is signed in
 * where through which gateway, and subscribers (bob with ifmapj, ic2 as a 1.1 gateway) see a session
 * go when it is deactivated, come back when it is activated, and go for good when it is removed, also
 * across a restart.
 */
class FederatedSessionAdminTest {
    private static final String AR11 = "<access-request name=\"ic1:sid4f3a1c9e2b7d6a5f\"/>";
    private static final String ENDPOINT11 = "<ip-address value=\"192.0.2.7\" type=\"IPv4\"/>";

    private final AccessRequest ar = Identifiers.createAr("alice:sid-0001");
    private final IpAddress ip = Identifiers.createIp4("198.51.100.20");
    private final MacAddress mac = Identifiers.createMac("02:00:5e:00:53:20");
    private final Identity user = Identifiers.createIdentity(IdentityType.userName, "jdoe");
    private final Device device = Identifiers.createDev("laptop-0042");
    private final String kAr = Ifmapj.key(ar);
    private final String kIp = Ifmapj.key(ip);
    private final String kMac = Ifmapj.key(mac);
    private final String kUser = Ifmapj.key(user);
    private final String kDevice = Ifmapj.key(device);

    private TestServer server;
    private Path dataDir;
    private SSRC alice;
    private SSRC bob;
    private ARC bobArc;

    @AfterEach
    void stop() {
        Ifmapj.close(bobArc, bob, alice);
        if (server != null) {
            server.close();
        }
        if (dataDir != null) {
            Files2.deleteTree(dataDir);
        }
    }

    private void start() throws Exception {
        server = TestServer.start();
        openClients();
    }

    private void openClients() throws Exception {
        alice = Ifmapj.ssrc(server, "alice");
        bob = Ifmapj.ssrc(server, "bob");
        alice.newSession();
        bob.newSession();
        bobArc = bob.getArc();
    }

    private FederatedSessions admin() {
        return server.server().federatedSessions();
    }

    private static void publish(SSRC client, PublishElement... elements) throws Exception {
        client.publish(Requests.createPublishReq(List.of(elements)));
    }

    /** What an IF-MAP 2 gateway publishes when jdoe signs in from his laptop, in the schema's places. */
    private void publishLogin(MetadataLifetime lifetime) throws Exception {
        publish(alice,
                Requests.createPublishUpdate(ar, ip, MD.createArIp(), lifetime),
                Requests.createPublishUpdate(ar, mac, MD.createArMac(), lifetime),
                Requests.createPublishUpdate(ar, user, MD.createAuthAs(), lifetime),
                Requests.createPublishUpdate(ar, user, MD.createRole("Employees"), lifetime),
                Requests.createPublishUpdate(ar, device, MD.createArDev(), lifetime),
                Requests.createPublishUpdate(ar, device, MD.createDevAttr("AV-up-to-date"), lifetime),
                Requests.createPublishUpdate(ar, MD.createCapability("vpn-full"), lifetime));
    }

    /** What a Juniper/Ivanti gateway publishes in IF-MAP 1.1 when alice.smith signs in. */
    private static void publishLogin11(Gateway11 ic1) {
        ic1.publish("<update>" + Gateway11.link(id(AR11), id(ENDPOINT11)) + "<metadata><meta:access-request-ip/>"
                + "</metadata></update>"
                + "<update>" + Gateway11.link(id(AR11), Gateway11.mac("00:1b:21:3a:4f:0c")) + "<metadata>"
                + "<meta:access-request-mac/></metadata></update>"
                + "<update>" + Gateway11.link(id(AR11), Gateway11.ip("10.0.1.21")) + "<metadata><meta:authenticated-by/>"
                + "</metadata></update>"
                + "<update>" + Gateway11.link(id(AR11), id("<identity name=\"alice.smith\" type=\"username\"/>"))
                + "<metadata><meta:authenticated-as/><meta:role><name>Contractors</name></meta:role></metadata></update>"
                + "<update>" + id(AR11) + "<metadata><meta:capability><name>engineering</name></meta:capability>"
                + "<meta:device-attribute><name>HC-Antivirus-OK</name></meta:device-attribute></metadata></update>");
    }

    /** Bob subscribes to the endpoint's address, two links deep, and takes the first (complete) result. */
    private SearchResult subscribeToIp() throws Exception {
        bob.subscribe(Requests.createSubscribeReq(Requests.createSubscribeUpdate("endpoint", null, 2, null, null, null, ip)));
        PollResult first = Ifmapj.poll(bobArc);
        assertEquals(List.of("searchResult endpoint"), kinds(first));
        return only(first, SearchResult.Type.searchResult, "endpoint");
    }

    private Map<String, List<String>> search(Identifier start) throws Exception {
        return view(bob.search(Requests.createSearchReq(null, 2, null, null, null, start)));
    }

    private Map<String, List<String>> wholeSession() {
        return expected()
                .id(kIp)
                .link(kAr, kIp, "access-request-ip")
                .id(kAr, "capability=vpn-full")
                .link(kAr, kMac, "access-request-mac")
                .id(kMac)
                .link(kAr, kUser, "authenticated-as", "role=Employees")
                .id(kUser)
                .link(kAr, kDevice, "access-request-device", "device-attribute=AV-up-to-date")
                .id(kDevice)
                .build();
    }

    @Test
    void gatewaySessionsOfBothVersionsAppearInTheViewWithUserRolesAddressesAndGateway() throws Exception {
        start();
        server.addClient("ic1", TestServer.PASSWORD);
        publishLogin(MetadataLifetime.session);
        try (Gateway11 ic1 = Gateway11.start(server, "ic1")) {
            publishLogin11(ic1);
        }

        List<FederatedSession> all = admin().sessions(Filter.ALL);
        assertEquals(2, all.size(), all.toString());
        FederatedSession jdoe = admin().sessions(new Filter("jdoe", null, null, null, 0)).get(0);
        assertEquals(new FederatedSession("access-request:alice:sid-0001", "alice:sid-0001", "",
                List.of(new User("jdoe", "username", "")), List.of("Employees"), List.of("vpn-full"),
                List.of("AV-up-to-date"), List.of("198.51.100.20"), List.of("02:00:5e:00:53:20"), List.of("laptop-0042"),
                List.of("alice"), jdoe.since(), State.ACTIVE), jdoe);
        assertNotNull(jdoe.since());

        FederatedSession smith = admin().sessions(new Filter(null, "192.0.2.*", null, null, 0)).get(0);
        assertEquals(new FederatedSession("access-request:ic1:sid4f3a1c9e2b7d6a5f", "ic1:sid4f3a1c9e2b7d6a5f", "",
                List.of(new User("alice.smith", "username", "")), List.of("Contractors"), List.of("engineering"),
                List.of("HC-Antivirus-OK"), List.of("192.0.2.7"), List.of("00:1b:21:3a:4f:0c"), List.of(),
                List.of("ic1"), smith.since(), State.ACTIVE), smith, "the gateway's own address is not the endpoint's");
        assertEquals(List.of(smith), admin().sessions(new Filter(null, null, "ic1", null, 0)));
        assertEquals(List.of(), admin().sessions(new Filter(null, "10.0.1.21", null, null, 0)));
    }

    @Test
    void aSubscriberSeesTheSessionGoWhenDeactivatedComeBackWhenActivatedAndGoWhenRemoved() throws Exception {
        start();
        publishLogin(MetadataLifetime.session);
        assertEquals(wholeSession(), view(subscribeToIp()));
        String id = "access-request:alice:sid-0001";

        try (LogCapture logs = new LogCapture()) {
            Future<PollResult> waiting = Ifmapj.pollInBackground(bobArc);
            Ifmapj.awaitPendingPolls(server, 1);
            assertTrue(admin().deactivate(id));
            PollResult gone = Ifmapj.await(waiting, bobArc);
            assertEquals(List.of("deleteResult endpoint"), kinds(gone));
            assertEquals(expected()
                    .link(kAr, kIp, "access-request-ip")
                    .id(kAr, "capability=vpn-full")
                    .link(kAr, kMac, "access-request-mac")
                    .link(kAr, kUser, "authenticated-as", "role=Employees")
                    .link(kAr, kDevice, "access-request-device", "device-attribute=AV-up-to-date")
                    .build(), view(only(gone, SearchResult.Type.deleteResult, "endpoint")));
            assertTrue(logs.contains("federated session 'access-request:alice:sid-0001' (user 'jdoe', ip 198.51.100.20,"
                    + " gateway 'alice') deactivated"), logs.messages().toString());
        }
        assertEquals(expected().id(kIp).build(), search(ip), "a search does not find it");
        assertEquals(expected().id(kUser).build(), search(user), "not from the user's side either");
        assertEquals(expected().id(kAr).build(), search(ar), "nor from the session itself");
        assertEquals(State.DEACTIVATED, admin().session(id).orElseThrow().state());

        // the gateway does not know: its publish is stored, and nobody sees it
        Future<PollResult> waiting = Ifmapj.pollInBackground(bobArc);
        Ifmapj.awaitPendingPolls(server, 1);
        publish(alice, Requests.createPublishUpdate(ar, MD.createCapability("printing"), MetadataLifetime.session));
        assertTrue(Ifmapj.stillWaiting(waiting, 300), "a publish to a deactivated session reached a subscriber");

        assertTrue(admin().activate(id));
        PollResult back = Ifmapj.await(waiting, bobArc);
        assertEquals(List.of("updateResult endpoint"), kinds(back));
        Map<String, List<String>> withPrinting = wholeSession();
        withPrinting.put(kAr, List.of("capability=printing", "capability=vpn-full"));
        withPrinting.remove(kIp);
        withPrinting.remove(kMac);
        withPrinting.remove(kUser);
        withPrinting.remove(kDevice);
        assertEquals(withPrinting, view(only(back, SearchResult.Type.updateResult, "endpoint")),
                "everything it shows again, with what was published meanwhile");
        Map<String, List<String>> whole = wholeSession();
        whole.put(kAr, List.of("capability=printing", "capability=vpn-full"));
        assertEquals(whole, search(ip));

        assertTrue(admin().remove(id));
        PollResult removed = Ifmapj.poll(bobArc);
        assertEquals(List.of("deleteResult endpoint"), kinds(removed));
        assertEquals(withPrinting, view(only(removed, SearchResult.Type.deleteResult, "endpoint")));
        assertEquals(expected().id(kIp).build(), search(ip));
        assertEquals(Optional.empty(), admin().session(id));
        assertFalse(admin().remove(id), "nothing left to remove");

        // the gateway's next publish for that user is a session of its own, seen again
        publishLogin(MetadataLifetime.session);
        assertEquals(List.of("updateResult endpoint"), kinds(Ifmapj.poll(bobArc)));
    }

    @Test
    void anIfmap11GatewaySubscribedToTheEndpointGetsItsCompleteResultWithoutAndWithTheSession() throws Exception {
        server = TestServer.start();
        server.addClient("ic1", TestServer.PASSWORD);
        server.addClient("ic2", TestServer.PASSWORD);
        try (Gateway11 ic1 = Gateway11.start(server, "ic1"); Gateway11 ic2 = Gateway11.start(server, "ic2")) {
            publishLogin11(ic1);
            ic2.ok("<ifmap:subscribe validation=\"None\"><update name=\"endpoint\" max-depth=\"1\" validation=\"None\">"
                    + id(ENDPOINT11) + "</update></ifmap:subscribe>");
            ic2.attach();
            assertEquals(2, count(ic2.poll().body(), "//searchResult/identifierResult"), "endpoint and session");

            assertTrue(admin().deactivate("ar:ic1:sid4f3a1c9e2b7d6a5f"));
            HttpResponse without = ic2.poll();
            assertEquals(1, count(without.body(), "//searchResult[@name='endpoint']/identifierResult"));
            assertEquals(0, count(without.body(), "//searchResult/linkResult"));
            assertEquals("192.0.2.7", xpath(without.body(), "//searchResult/identifierResult/identifier/ip-address/@value"));

            assertTrue(admin().activate("ar:ic1:sid4f3a1c9e2b7d6a5f"));
            HttpResponse with = ic2.poll();
            assertEquals(2, count(with.body(), "//searchResult[@name='endpoint']/identifierResult"));
            assertEquals("engineering", xpath(with.body(), "//identifierResult/metadata/meta:capability/name"));
        }
    }

    @Test
    void aDeactivationAndARemovalOutlastARestartOfTheServer() throws Exception {
        dataDir = Files.createTempDirectory("fedmap-fedsess");
        server = TestServer.start(Map.of(), dataDir, false);
        server.addClient("alice", TestServer.PASSWORD);
        server.addClient("bob", TestServer.PASSWORD);
        openClients();
        publishLogin(MetadataLifetime.forever);
        AccessRequest second = Identifiers.createAr("alice:sid-0002");
        IpAddress secondIp = Identifiers.createIp4("198.51.100.21");
        publish(alice, Requests.createPublishUpdate(second, secondIp, MD.createArIp(), MetadataLifetime.forever),
                Requests.createPublishUpdate(second, MD.createCapability("vpn-limited"), MetadataLifetime.forever));
        assertTrue(admin().deactivate("access-request:alice:sid-0001"));
        assertTrue(admin().remove("access-request:alice:sid-0002"));

        Ifmapj.close(bobArc, bob, alice);
        server.close();
        server = TestServer.start(Map.of(), dataDir, false);
        openClients();

        assertEquals(List.of("access-request:alice:sid-0001"),
                admin().sessions(Filter.ALL).stream().map(FederatedSession::id).toList(), "the removed session stayed removed");
        assertEquals(State.DEACTIVATED, admin().sessions(Filter.ALL).get(0).state());
        assertEquals(expected().id(kIp).build(), search(ip), "still hidden after the restart");
        assertEquals(expected().id(Ifmapj.key(secondIp)).build(), search(secondIp));

        assertTrue(admin().activate("access-request:alice:sid-0001"));
        assertEquals(wholeSession(), search(ip), "its forever metadata was kept all along");
    }
}
