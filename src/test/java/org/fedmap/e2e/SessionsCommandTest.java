package org.fedmap.e2e;

import static org.fedmap.e2e.Ifmapj.MD;
import static org.fedmap.e2e.Ifmapj.expected;
import static org.fedmap.e2e.Ifmapj.kinds;
import static org.fedmap.e2e.Ifmapj.only;
import static org.fedmap.e2e.Ifmapj.view;
import static org.fedmap.testsupport.Gateway11.id;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import de.hshannover.f4.trust.ifmapj.channel.ARC;
import de.hshannover.f4.trust.ifmapj.channel.SSRC;
import de.hshannover.f4.trust.ifmapj.identifier.AccessRequest;
import de.hshannover.f4.trust.ifmapj.identifier.Identifiers;
import de.hshannover.f4.trust.ifmapj.identifier.Identity;
import de.hshannover.f4.trust.ifmapj.identifier.IdentityType;
import de.hshannover.f4.trust.ifmapj.identifier.IpAddress;
import de.hshannover.f4.trust.ifmapj.identifier.MacAddress;
import de.hshannover.f4.trust.ifmapj.messages.MetadataLifetime;
import de.hshannover.f4.trust.ifmapj.messages.PollResult;
import de.hshannover.f4.trust.ifmapj.messages.Requests;
import de.hshannover.f4.trust.ifmapj.messages.SearchResult;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import org.fedmap.model.Namespaces;
import org.fedmap.ops.AdminAccess;
import org.fedmap.ops.FederatedSession;
import org.fedmap.ops.FederatedSession.State;
import org.fedmap.ops.FederatedSession.User;
import org.fedmap.ops.FederatedSessionText;
import org.fedmap.ops.Json;
import org.fedmap.ops.SessionAction;
import org.fedmap.testsupport.Cli;
import org.fedmap.testsupport.Gateway11;
import org.fedmap.testsupport.LogCapture;
import org.fedmap.testsupport.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xmlunit.builder.Input;
import org.xmlunit.xpath.JAXPXPathEngine;

/**
 * {@code fedmap sessions} and {@code fedmap dump} as an administrator runs them against the real server
 * over HTTPS: gateways sign users in with ifmapj (IF-MAP 2) and raw IF-MAP 1.1, the command lists who is
 * signed in where through which gateway, and a subscribed ifmapj client sees the session go, come back and
 * go for good as the administrator deactivates, activates and removes it from the command line.
 */
class SessionsCommandTest {
    private static final String AR11 = "<access-request name=\"ic1:sid9c1e77d0\"/>";
    private static final String ENDPOINT11 = "<ip-address value=\"192.0.2.9\" type=\"IPv4\"/>";
    private static final String JDOE = "access-request:alice:sid-77";
    private static final String SMITH = "access-request:ic1:sid9c1e77d0";

    private final AccessRequest ar = Identifiers.createAr("alice:sid-77");
    private final IpAddress ip = Identifiers.createIp4("198.51.100.30");
    private final MacAddress mac = Identifiers.createMac("02:00:5e:00:53:30");
    private final Identity user = Identifiers.createIdentity(IdentityType.userName, "jdoe");
    private final String kAr = Ifmapj.key(ar);
    private final String kIp = Ifmapj.key(ip);
    private final String kMac = Ifmapj.key(mac);
    private final String kUser = Ifmapj.key(user);

    @TempDir
    Path tmp;

    private TestServer server;
    private String data;
    private SSRC alice;
    private SSRC bob;
    private ARC bobArc;

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start();
        server.addClient("ic1", TestServer.PASSWORD);
        data = server.dataDir().toString();
        alice = Ifmapj.ssrc(server, "alice");
        bob = Ifmapj.ssrc(server, "bob");
        alice.newSession();
        bob.newSession();
        bobArc = bob.getArc();
    }

    @AfterEach
    void stop() {
        Ifmapj.close(bobArc, bob, alice);
        server.close();
    }

    /** What an IF-MAP 2 gateway ("alice") publishes when jdoe signs in. */
    private void publishLogin() throws Exception {
        MetadataLifetime session = MetadataLifetime.session;
        alice.publish(Requests.createPublishReq(List.of(
                Requests.createPublishUpdate(ar, ip, MD.createArIp(), session),
                Requests.createPublishUpdate(ar, mac, MD.createArMac(), session),
                Requests.createPublishUpdate(ar, user, MD.createAuthAs(), session),
                Requests.createPublishUpdate(ar, user, MD.createRole("Employees"), session),
                Requests.createPublishUpdate(ar, MD.createCapability("vpn-full"), session))));
    }

    /** What a Juniper/Ivanti gateway ("ic1") publishes in IF-MAP 1.1 when alice.smith signs in. */
    private void publishLogin11() {
        try (Gateway11 ic1 = Gateway11.start(server, "ic1")) {
            ic1.publish("<update>" + Gateway11.link(id(AR11), id(ENDPOINT11))
                    + "<metadata><meta:access-request-ip/></metadata></update>"
                    + "<update>" + Gateway11.link(id(AR11), Gateway11.mac("00:1b:21:3a:4f:0d"))
                    + "<metadata><meta:access-request-mac/></metadata></update>"
                    + "<update>" + Gateway11.link(id(AR11), Gateway11.ip("10.0.1.21"))
                    + "<metadata><meta:authenticated-by/></metadata></update>"
                    + "<update>" + Gateway11.link(id(AR11), id("<identity name=\"alice.smith\" type=\"username\"/>"))
                    + "<metadata><meta:authenticated-as/><meta:role><name>Contractors</name></meta:role></metadata>"
                    + "</update>"
                    + "<update>" + id(AR11) + "<metadata><meta:capability><name>engineering</name></meta:capability>"
                    + "</metadata></update>");
        }
    }

    /** {@code fedmap ARGS --data DIR}. */
    private Cli.Run fedmap(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--data");
        all.add(data);
        return Cli.fedmap("", all.toArray(String[]::new));
    }

    /** A command that must succeed. */
    private String ok(String... args) {
        Cli.Run run = fedmap(args);
        assertEquals(0, run.code(), String.join(" ", args) + ": " + run.err());
        assertEquals("", run.err());
        return run.out();
    }

    /** A command that must fail with one line on standard error, which is returned. */
    private String fails(String... args) {
        Cli.Run run = fedmap(args);
        assertEquals(1, run.code(), String.join(" ", args) + " printed " + run.out());
        assertEquals("", run.out());
        assertEquals(1, run.err().lines().count(), run.err());
        return run.err().strip();
    }

    private List<FederatedSession> listed(String... args) {
        List<String> all = new ArrayList<>(List.of("sessions"));
        all.addAll(List.of(args));
        all.add("--json");
        return Json.readList(ok(all.toArray(String[]::new)), FederatedSession.class);
    }

    private static List<String> ids(List<FederatedSession> sessions) {
        return sessions.stream().map(FederatedSession::id).toList();
    }

    private Map<String, List<String>> search(de.hshannover.f4.trust.ifmapj.identifier.Identifier start)
            throws Exception {
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
                .build();
    }

    /** The session's items as a subscriber to its endpoint sees them arrive or go (no identifier alone). */
    private Map<String, List<String>> sessionItems() {
        Map<String, List<String>> items = wholeSession();
        items.remove(kIp);
        items.remove(kMac);
        items.remove(kUser);
        return items;
    }

    @Test
    void sessionsListsGatewaySessionsOfBothVersionsWithUserRolesAddressesAndGateway() throws Exception {
        publishLogin();
        publishLogin11();

        List<FederatedSession> all = listed();
        assertEquals(List.of(JDOE, SMITH), ids(all), "oldest first");
        FederatedSession jdoe = all.get(0);
        FederatedSession smith = all.get(1);
        assertEquals(new FederatedSession(JDOE, "alice:sid-77", "", List.of(new User("jdoe", "username", "")),
                List.of("Employees"), List.of("vpn-full"), List.of(), List.of("198.51.100.30"),
                List.of("02:00:5e:00:53:30"), List.of(), List.of("alice"), jdoe.since(), State.ACTIVE), jdoe);
        assertEquals(new FederatedSession(SMITH, "ic1:sid9c1e77d0", "",
                List.of(new User("alice.smith", "username", "")), List.of("Contractors"), List.of("engineering"),
                List.of(), List.of("192.0.2.9"), List.of("00:1b:21:3a:4f:0d"), List.of(), List.of("ic1"),
                smith.since(), State.ACTIVE), smith, "the 1.1 gateway's own address is not the endpoint's");
        Instant.parse(jdoe.since());

        // the table an administrator reads
        List<List<String>> rows = ok("sessions").lines().map(l -> List.of(l.split(" {2,}"))).toList();
        assertEquals(List.of(
                List.of("STATE", "USER", "IP", "MAC", "GATEWAY", "SINCE", "ROLES", "SESSION"),
                List.of("active", "jdoe", "198.51.100.30", "02:00:5e:00:53:30", "alice", jdoe.since(), "Employees", JDOE),
                List.of("active", "alice.smith", "192.0.2.9", "00:1b:21:3a:4f:0d", "ic1", smith.since(), "Contractors",
                        SMITH),
                List.of("2 sessions")), rows);

        assertEquals(List.of(jdoe), listed("--user", "jdoe"));
        assertEquals(List.of(smith), listed("--user", "alice*"), "a user's name, not the gateway alice");
        assertEquals(List.of(smith), listed("--gateway", "ic1"));
        assertEquals(List.of(jdoe), listed("--ip", "198.51.100.*"));
        assertEquals(List.of(), listed("--ip", "10.0.1.21"), "the gateway's address is no endpoint");
        assertEquals(List.of(jdoe), listed("--limit", "1"), "the oldest");
        assertEquals(List.of(smith), listed("--user", "alice.smith", "--state", "active"));
        assertEquals("no federated sessions\n", ok("sessions", "--state", "deactivated"));

        assertEquals(FederatedSessionText.describe(smith), ok("sessions", "show", SMITH));
        assertEquals(smith, Json.read(ok("sessions", "show", "ar:ic1:sid9c1e77d0", "--json"), FederatedSession.class),
                "the short type name works too");
        assertEquals(FederatedSessionText.describe(jdoe), Cli.fedmap("", "sessions", "--data", data, "show", JDOE).out(),
                "the connection's options may come before the subcommand");
    }

    @Test
    void deactivateActivateAndRemoveFromTheCommandLineReachASubscribedClient() throws Exception {
        publishLogin();
        bob.subscribe(Requests.createSubscribeReq(Requests.createSubscribeUpdate("endpoint", null, 2, null, null, null, ip)));
        assertEquals(wholeSession(), view(only(Ifmapj.poll(bobArc), SearchResult.Type.searchResult, "endpoint")));

        try (LogCapture logs = new LogCapture()) {
            Future<PollResult> waiting = Ifmapj.pollInBackground(bobArc);
            Ifmapj.awaitPendingPolls(server, 1);
            assertEquals("deactivated " + JDOE + " (user jdoe, ip 198.51.100.30, gateway alice): hidden from searches"
                    + " and subscriptions until activated\n", ok("sessions", "deactivate", JDOE));
            PollResult gone = Ifmapj.await(waiting, bobArc);
            assertEquals(List.of("deleteResult endpoint"), kinds(gone));
            assertEquals(sessionItems(), view(only(gone, SearchResult.Type.deleteResult, "endpoint")));
            assertTrue(logs.contains("admin 'local' from 127.0.0.1: POST /api/sessions/deactivate 'id=" + JDOE
                    + "' answered 200"), logs.messages().toString());
            assertTrue(logs.contains("federated session '" + JDOE + "' (user 'jdoe', ip 198.51.100.30, gateway"
                    + " 'alice') deactivated"), logs.messages().toString());
        }
        assertEquals(expected().id(kIp).build(), search(ip), "a search no longer finds it");
        assertEquals(expected().id(kUser).build(), search(user), "nor from the user's side");
        assertEquals(List.of(State.DEACTIVATED), listed("--user", "jdoe").stream().map(FederatedSession::state).toList());
        assertEquals(JDOE + " (user jdoe, ip 198.51.100.30, gateway alice) was deactivated already\n",
                ok("sessions", "deactivate", JDOE));

        Future<PollResult> waiting = Ifmapj.pollInBackground(bobArc);
        Ifmapj.awaitPendingPolls(server, 1);
        SessionAction activated = Json.read(ok("sessions", "activate", JDOE, "--json"), SessionAction.class);
        assertEquals("activate", activated.action());
        assertTrue(activated.changed());
        assertEquals(State.ACTIVE, activated.session().state());
        PollResult back = Ifmapj.await(waiting, bobArc);
        assertEquals(List.of("updateResult endpoint"), kinds(back));
        assertEquals(sessionItems(), view(only(back, SearchResult.Type.updateResult, "endpoint")));
        assertEquals(wholeSession(), search(ip), "found again");

        waiting = Ifmapj.pollInBackground(bobArc);
        Ifmapj.awaitPendingPolls(server, 1);
        assertEquals("removed " + JDOE + " (user jdoe, ip 198.51.100.30, gateway alice): its metadata is deleted\n",
                ok("sessions", "remove", JDOE));
        PollResult removed = Ifmapj.await(waiting, bobArc);
        assertEquals(List.of("deleteResult endpoint"), kinds(removed));
        assertEquals(sessionItems(), view(only(removed, SearchResult.Type.deleteResult, "endpoint")));
        assertEquals(expected().id(kIp).build(), search(ip));
        assertEquals("no federated sessions\n", ok("sessions"));

        String again = fails("sessions", "remove", JDOE);
        assertTrue(again.contains("HTTP 404") && again.endsWith("no federated session " + JDOE), again);
    }

    @Test
    void aSessionThatIsNotThereOrAnIdThatIsNoSessionIsOneLineAndExitCode1() {
        publishLogin11();
        for (String action : List.of("show", "deactivate", "activate", "remove")) {
            String missing = fails("sessions", action, "access-request:ic1:no-such-session");
            assertTrue(missing.contains("HTTP 404") && missing.endsWith("no federated session"
                    + " access-request:ic1:no-such-session"), action + ": " + missing);
            String notAr = fails("sessions", action, "ip-address:192.0.2.9");
            assertTrue(notAr.contains("HTTP 400") && notAr.contains("access-request"), action + ": " + notAr);
            String noType = fails("sessions", action, "sid9c1e77d0");
            assertTrue(noType.contains("HTTP 400") && noType.contains("has no type"), action + ": " + noType);
        }
        assertTrue(fails("sessions", "--state", "asleep").contains("state is active or deactivated"));
        assertTrue(fails("sessions", "--limit", "-1").contains("limit is a whole number"));
        assertTrue(fails("dump", "--depth", "2").contains("depth goes with around"));
        assertTrue(fails("dump", "--around", "ip-address:192.0.2.09").contains("HTTP 400"), "not canonical");
        assertEquals(List.of(SMITH), ids(listed()), "nothing was changed by any of it");
        assertEquals(State.ACTIVE, listed().get(0).state());
    }

    @Test
    void anAdminAccountActsByUrlAndTheLogNamesIt() throws Exception {
        publishLogin();
        assertEquals(0, Cli.fedmap("ops-password-1\n", "admin", "add", "ops1", "--password-stdin", "--data", data).code());
        String url = AdminAccess.read(server.dataDir()).orElseThrow().url();
        String pem = server.dataDir().resolve("tls").resolve("server.pem").toString();
        String[] byUrl = {"--admin", url, "--admin-user", "ops1", "--password-stdin", "--trust-pem", pem};

        Cli.Run list = Cli.fedmap("ops-password-1\n", concat(new String[] {"sessions", "--user", "jdoe", "--json"},
                byUrl));
        assertEquals(0, list.code(), list.err());
        assertEquals(List.of(JDOE), ids(Json.readList(list.out(), FederatedSession.class)));

        try (LogCapture logs = new LogCapture()) {
            Cli.Run deactivate = Cli.fedmap("ops-password-1\n", concat(new String[] {"sessions", "deactivate", JDOE},
                    byUrl));
            assertEquals(0, deactivate.code(), deactivate.err());
            assertTrue(deactivate.out().startsWith("deactivated " + JDOE), deactivate.out());
            assertTrue(logs.contains("admin 'ops1' from 127.0.0.1: POST /api/sessions/deactivate 'id=" + JDOE
                    + "' answered 200"), logs.messages().toString());
        }
        assertEquals(State.DEACTIVATED, server.server().federatedSessions().session(JDOE).orElseThrow().state());

        Cli.Run wrong = Cli.fedmap("not-the-password\n", concat(new String[] {"sessions", "activate", JDOE}, byUrl));
        assertEquals(1, wrong.code());
        assertTrue(wrong.err().contains("refused the credentials"), wrong.err());
        assertEquals(State.DEACTIVATED, server.server().federatedSessions().session(JDOE).orElseThrow().state());

        Cli.Run userMeansTheSignedInUser = Cli.fedmap("", "sessions", "--data", data, "--user", "ops1");
        assertEquals(0, userMeansTheSignedInUser.code(), userMeansTheSignedInUser.err());
        assertEquals("no federated sessions\n", userMeansTheSignedInUser.out());
        Cli.Run accountWithoutUrl = Cli.fedmap("", "sessions", "--data", data, "--admin-user", "ops1");
        assertEquals("--admin-user, --password-stdin and --trust-pem go with --admin URL\n", accountWithoutUrl.err());
    }

    private static String[] concat(String[] a, String[] b) {
        List<String> all = new ArrayList<>(List.of(a));
        all.addAll(List.of(b));
        return all.toArray(String[]::new);
    }

    @Test
    void theSessionRoutesRefuseRequestsWithoutAdminCredentials() throws Exception {
        publishLogin();
        AdminAccess local = AdminAccess.read(server.dataDir()).orElseThrow();
        HttpClient http = HttpClient.newBuilder().sslContext(server.sslContext()).version(HttpClient.Version.HTTP_1_1)
                .build();
        String ifmapClient = basic("alice", TestServer.PASSWORD);
        String admin = basic(local.user(), local.password());
        String q = "?id=" + JDOE;
        List<String> gets = List.of("/api/sessions", "/api/sessions" + q, "/api/dump", "/api/dump?around=ip:198.51.100.30");
        List<String> posts = List.of("/api/sessions/deactivate" + q, "/api/sessions/activate" + q,
                "/api/sessions/remove" + q);
        for (String path : gets) {
            assertEquals(401, send(http, "GET", local.url() + path, null).statusCode(), path);
        }
        for (String path : posts) {
            assertEquals(401, send(http, "POST", local.url() + path, null).statusCode(), path);
        }
        // wrong credentials count as failed logins, and a sixth in a row would be slowed down: four
        for (String authorization : new String[] {ifmapClient, basic(local.user(), "not-the-password")}) {
            assertEquals(401, send(http, "GET", local.url() + gets.get(1), authorization).statusCode());
            assertEquals(401, send(http, "POST", local.url() + posts.get(2), authorization).statusCode());
        }
        assertEquals(State.ACTIVE, server.server().federatedSessions().session(JDOE).orElseThrow().state());
        assertEquals(1, server.server().federatedSessions().sessions(
                org.fedmap.ops.FederatedSessions.Filter.ALL).size(), "nothing was removed");

        // with credentials: the routes' own rules
        assertEquals(405, send(http, "GET", local.url() + posts.get(2), admin).statusCode(), "an action is a POST");
        HttpResponse<String> typo = send(http, "GET", local.url() + "/api/sessions?usr=jdoe", admin);
        assertEquals(400, typo.statusCode());
        assertTrue(typo.body().contains("unknown parameter(s) usr"), typo.body());
        assertEquals(400, send(http, "GET", local.url() + "/api/sessions" + q + "&user=jdoe", admin).statusCode());
        assertEquals(400, send(http, "POST", local.url() + "/api/sessions/remove", admin).statusCode(), "no id");
        HttpResponse<String> one = send(http, "GET", local.url() + "/api/sessions" + q, admin);
        assertEquals(200, one.statusCode());
        assertEquals(JDOE, Json.read(one.body(), FederatedSession.class).id());
        HttpResponse<String> dump = send(http, "GET", local.url() + "/api/dump", admin);
        assertEquals(200, dump.statusCode());
        assertTrue(dump.headers().firstValue("Content-Type").orElse("").startsWith("application/xml"));
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static HttpResponse<String> send(HttpClient http, String method, String url, String authorization)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).method(method, HttpRequest.BodyPublishers.noBody());
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JAXPXPathEngine xpath() {
        JAXPXPathEngine e = new JAXPXPathEngine();
        e.setNamespaceContext(Map.of("fedmap", "urn:x-fedmap:dump:1", "meta", Namespaces.META_2));
        return e;
    }

    private static String xpath(byte[] xml, String expression) {
        return xpath().evaluate(expression, Input.fromByteArray(xml).build());
    }

    private static int count(byte[] xml, String expression) {
        return (int) Double.parseDouble(xpath(xml, "count(" + expression + ")"));
    }

    @Test
    void dumpAroundTheEndpointIsXmlHoldingTheSessionsIdentifiers() throws Exception {
        publishLogin();
        publishLogin11();

        byte[] near = ok("dump", "--around", "ip-address:198.51.100.30").getBytes(StandardCharsets.UTF_8);
        assertEquals("ip-address:198.51.100.30", xpath(near, "/fedmap:dump/@around"));
        assertEquals("1", xpath(near, "/fedmap:dump/@depth"));
        assertEquals("alice:sid-77", xpath(near, "/fedmap:dump/resultItem[ip-address]/access-request/@name"));
        assertEquals("alice", xpath(near, "//resultItem[access-request and ip-address]/metadata"
                + "/meta:access-request-ip/@ifmap-publisher-id"));
        assertEquals(0, count(near, "//identity"), "the user is two links from the endpoint");
        assertEquals(0, count(near, "//access-request[@name='ic1:sid9c1e77d0']"), "nor another user's session");

        byte[] two = ok("dump", "--around", "ip:198.51.100.30", "--depth", "2").getBytes(StandardCharsets.UTF_8);
        assertEquals("jdoe", xpath(two, "//resultItem[access-request]/identity/@name"));
        assertEquals("02:00:5e:00:53:30", xpath(two, "//resultItem[access-request]/mac-address/@value"));
        assertEquals("Employees", xpath(two, "//resultItem[identity]/metadata/meta:role/name"));
        assertEquals("vpn-full", xpath(two, "//resultItem[access-request][count(*) = 2]/metadata/meta:capability/name"));

        // the whole graph to a file, a deactivated session in it and marked
        assertTrue(server.server().federatedSessions().deactivate(JDOE));
        Path file = tmp.resolve("graph.xml");
        String said = ok("dump", "--out", file.toString());
        assertTrue(said.startsWith("wrote ") && said.contains(file.toString()), said);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        byte[] whole = Files.readAllBytes(file);
        assertEquals("", xpath(whole, "/fedmap:dump/@around"));
        assertEquals(count(whole, "/fedmap:dump/resultItem"),
                Integer.parseInt(xpath(whole, "/fedmap:dump/@identifiers"))
                        + Integer.parseInt(xpath(whole, "/fedmap:dump/@links")));
        int jdoeItems = count(whole, "//resultItem[access-request/@name='alice:sid-77']");
        assertEquals(4, jdoeItems, "its capability, and its links to ip, mac and user");
        assertEquals(jdoeItems, count(whole, "//resultItem[@deactivated='true']"), "only the deactivated session's");
        assertEquals(5, count(whole, "//resultItem[access-request/@name='ic1:sid9c1e77d0']"),
                "its capability, and its links to the endpoint, its mac, the gateway and the user");
        String role11 = "//resultItem[identity/@name='alice.smith']/metadata/*[local-name()='role']";
        assertEquals("Contractors", xpath(whole, role11 + "/name"));
        assertEquals(Namespaces.META_1, xpath(whole, "namespace-uri(" + role11 + ")"), "as the 1.1 gateway published it");
        assertEquals("ic1", xpath(whole, role11 + "/@ifmap-publisher-id"));
    }
}
