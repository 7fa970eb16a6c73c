package org.fedmap.ops;

import static org.fedmap.testsupport.Items.meta;
import static org.fedmap.testsupport.XmlAssert.assertSimilar;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.fedmap.engine.ChangeFeed;
import org.fedmap.engine.Graph;
import org.fedmap.engine.PublishBatch;
import org.fedmap.engine.PublishOperation;
import org.fedmap.engine.SearchSpec;
import org.fedmap.engine.TerminalIdentifiers;
import org.fedmap.engine.filter.Filter;
import org.fedmap.model.AccessRequest;
import org.fedmap.model.Device;
import org.fedmap.model.Identity;
import org.fedmap.model.IpAddress;
import org.fedmap.model.Lifetime;
import org.fedmap.model.Link;
import org.fedmap.model.MacAddress;
import org.fedmap.model.Metadata;
import org.fedmap.model.Namespaces;
import org.fedmap.model.ProtocolVersion;
import org.fedmap.model.Target;
import org.fedmap.ops.FederatedSession.State;
import org.fedmap.ops.FederatedSession.User;
import org.fedmap.testsupport.LogCapture;
import org.fedmap.wire.MetadataCapture;
import org.fedmap.xml.SafeXmlReader;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The federated-session view over a real graph: sessions published the way IF-MAP 2 and IF-MAP 1.1
 * gateways publish them, the filters, the administrator's actions and the dump.
 */
class FederatedSessionsTest {
    private static final long T0 = 1_700_000_000_000L;
    private final AtomicLong now = new AtomicLong(T0);
    private final Graph graph = new Graph(new ChangeFeed(), now::get);
    private final FederatedSessions view = new FederatedSessions(graph,
            Clock.fixed(Instant.parse("2025-03-01T12:00:00Z"), ZoneOffset.UTC));

    private final AccessRequest ar2 = new AccessRequest("ic2:ar7", "");
    private final AccessRequest ar11 = new AccessRequest("ic1:sid4f3a", "");

    private static Metadata meta1(String xml) {
        try {
            return new MetadataCapture(64 * 1024).capture(new SafeXmlReader().parse(xml.replaceFirst("(<meta:[a-z-]+)",
                    "$1 xmlns:meta=\"" + Namespaces.META_1 + "\"")), ProtocolVersion.IFMAP_1_1);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void publish(String gateway, ProtocolVersion version, Target target, Metadata... items) {
        graph.publish(new PublishBatch(gateway, "s-" + gateway, version,
                List.of(new PublishOperation.Update(target, List.of(items), Lifetime.FOREVER))));
    }

    /** What the bench's IF-MAP 2 gateway publishes at a login: everything but the links on the access-request. */
    private void publishIfmap2Login(String gateway, AccessRequest ar, String user, String ip, String mac) {
        publish(gateway, ProtocolVersion.IFMAP_2, new Link(ar, IpAddress.v4(ip)),
                meta("<meta:access-request-ip ifmap-cardinality=\"singleValue\"/>"));
        publish(gateway, ProtocolVersion.IFMAP_2, new Link(ar, new MacAddress(mac, "")),
                meta("<meta:access-request-mac ifmap-cardinality=\"singleValue\"/>"));
        publish(gateway, ProtocolVersion.IFMAP_2, new Link(ar, Identity.of(Identity.Type.USERNAME, user)),
                meta("<meta:authenticated-as ifmap-cardinality=\"singleValue\"/>"));
        publish(gateway, ProtocolVersion.IFMAP_2, ar,
                meta("<meta:capability ifmap-cardinality=\"multiValue\"><name>bench-1</name></meta:capability>"),
                meta("<meta:role ifmap-cardinality=\"multiValue\"><name>Users</name>"
                        + "<administrative-domain>corp</administrative-domain></meta:role>"),
                meta("<meta:device-attribute ifmap-cardinality=\"multiValue\"><name>host-checker-passed</name>"
                        + "</meta:device-attribute>"));
    }

    /** What a Juniper/Ivanti gateway publishes in IF-MAP 1.1 (the shape of Ifmap11GatewayTest). */
    private void publishIfmap11Login() {
        ProtocolVersion v = ProtocolVersion.IFMAP_1_1;
        publish("ic1", v, new Link(ar11, IpAddress.v4("192.0.2.7")), meta1("<meta:access-request-ip/>"));
        publish("ic1", v, new Link(ar11, IpAddress.v4("10.0.1.21")), meta1("<meta:authenticated-by/>"));
        publish("ic1", v, new Link(ar11, new Device(Device.Kind.NAME, "ic1:1138")), meta1("<meta:access-request-device/>"));
        publish("ic1", v, new Link(ar11, Identity.of(Identity.Type.USERNAME, "alice.smith")),
                meta1("<meta:authenticated-as/>"), meta1("<meta:role><name>Employees</name></meta:role>"));
        publish("ic1", v, ar11, meta1("<meta:capability><name>engineering</name></meta:capability>"),
                meta1("<meta:device-attribute><name>HC-Antivirus-OK</name></meta:device-attribute>"));
        publish("ic1", v, IpAddress.v4("10.0.1.21"), meta("<jnpr:generation-id xmlns:jnpr=\"" + Namespaces.JUNIPER_2008
                + "\" ifmap-cardinality=\"singleValue\">1699123456</jnpr:generation-id>"));
    }

    @BeforeEach
    void publishTwoSessions() {
        publishIfmap11Login();
        now.set(T0 + 60_000);
        publishIfmap2Login("ic2", ar2, "bob", "10.1.0.2", "02:00:00:00:00:02");
        now.set(T0 + 120_000);
        // a second gateway adds to ic2's session later
        publish("enforcer", ProtocolVersion.IFMAP_2, ar2,
                meta("<meta:capability ifmap-cardinality=\"multiValue\"><name>quarantine-free</name></meta:capability>"));
    }

    private final FederatedSession ifmap11Session = new FederatedSession("access-request:ic1:sid4f3a", "ic1:sid4f3a", "",
            List.of(new User("alice.smith", "username", "")), List.of("Employees"), List.of("engineering"),
            List.of("HC-Antivirus-OK"), List.of("192.0.2.7"), List.of(), List.of("ic1:1138"), List.of("ic1"),
            "2023-11-14T22:13:20Z", State.ACTIVE);

    private final FederatedSession ifmap2Session = new FederatedSession("access-request:ic2:ar7", "ic2:ar7", "",
            List.of(new User("bob", "username", "")), List.of("Users@corp"), List.of("bench-1", "quarantine-free"),
            List.of("host-checker-passed"), List.of("10.1.0.2"), List.of("02:00:00:00:00:02"), List.of(),
            List.of("ic2", "enforcer"), "2023-11-14T22:14:20Z", State.ACTIVE);

    @Test
    void sessionsOfBothVersionsAreListedOldestFirstWithWhatAnAdministratorLooksFor() {
        assertEquals(List.of(ifmap11Session, ifmap2Session), view.sessions(FederatedSessions.Filter.ALL));
        assertEquals(Optional.of(ifmap2Session), view.session("ar:ic2:ar7"));
        assertEquals(Optional.empty(), view.session("access-request:nobody"));
    }

    @Test
    void filtersMatchUserIpAndGatewayExactlyOrByPrefix() {
        assertEquals(List.of(ifmap11Session), sessions("alice.smith", null, null, null, 0));
        assertEquals(List.of(), sessions("alice", null, null, null, 0), "exact unless it ends with *");
        assertEquals(List.of(ifmap11Session), sessions("alice*", null, null, null, 0));
        assertEquals(List.of(ifmap2Session), sessions(null, "10.1.0.2", null, null, 0));
        assertEquals(List.of(), sessions(null, "10.0.1.21", null, null, 0), "the gateway's own address is no endpoint");
        assertEquals(List.of(ifmap2Session), sessions(null, "10.1.*", null, null, 0));
        assertEquals(List.of(ifmap2Session), sessions(null, null, "enforcer", null, 0), "any publisher of the session");
        assertEquals(List.of(ifmap11Session), sessions(null, null, "ic1", null, 0));
        assertEquals(List.of(), sessions("bob", null, "ic1", null, 0), "every given field must match");
        assertEquals(List.of(ifmap11Session), sessions(null, null, "ic*", null, 1), "oldest first, then the limit");
        assertEquals(List.of(), sessions(null, null, null, State.DEACTIVATED, 0));
    }

    private List<FederatedSession> sessions(String user, String ip, String gateway, State state, int limit) {
        return view.sessions(new FederatedSessions.Filter(user, ip, gateway, state, limit));
    }

    private int found(String startIp) {
        SearchSpec spec = new SearchSpec(IpAddress.v4(startIp), 2, Filter.ALL, Filter.ALL, TerminalIdentifiers.NONE,
                1_000_000, ProtocolVersion.IFMAP_2);
        return graph.search(spec).items().size();
    }

    @Test
    void deactivateActivateAndRemoveActOnOneSessionAndAreLogged() {
        try (LogCapture logs = new LogCapture()) {
            assertEquals(7, found("10.1.0.2"));
            assertTrue(view.deactivate("access-request:ic2:ar7"));
            assertEquals(1, found("10.1.0.2"), "searches no longer find it");
            assertTrue(logs.contains("federated session 'access-request:ic2:ar7' (user 'bob', ip 10.1.0.2,"
                    + " gateway 'ic2,enforcer') deactivated"), logs.messages().toString());
            assertEquals(List.of(new FederatedSession(ifmap2Session.id(), "ic2:ar7", "", ifmap2Session.users(),
                    ifmap2Session.roles(), ifmap2Session.capabilities(), ifmap2Session.deviceAttributes(),
                    ifmap2Session.ipAddresses(), ifmap2Session.macAddresses(), List.of(), ifmap2Session.gateways(),
                    ifmap2Session.since(), State.DEACTIVATED)), sessions(null, null, null, State.DEACTIVATED, 0),
                    "the view still shows all of it");
            assertTrue(view.deactivate("access-request:ic2:ar7"), "deactivating twice is no error");
            assertTrue(logs.contains("was deactivated already"));

            assertTrue(view.activate("ar:ic2:ar7"));
            assertEquals(7, found("10.1.0.2"));
            assertTrue(logs.contains("activated: seen by searches and subscriptions again"));

            assertTrue(view.remove("access-request:ic1:sid4f3a"));
            assertTrue(logs.contains("federated session 'access-request:ic1:sid4f3a' (user 'alice.smith', ip 192.0.2.7,"
                    + " gateway 'ic1') removed: 7 metadata item(s) deleted"), logs.messages().toString());
            assertEquals(List.of(ifmap2Session), view.sessions(FederatedSessions.Filter.ALL));
            assertEquals(1, graph.metadataOn(IpAddress.v4("10.0.1.21")).size(), "the gateway's own address keeps its item");

            assertFalse(view.remove("access-request:ic1:sid4f3a"), "gone");
            assertFalse(view.deactivate("access-request:never"));
            assertFalse(view.activate("access-request:never"));
            assertTrue(logs.contains("deactivate federated session 'access-request:never': no such session"));
        }
        IllegalArgumentException notAr = assertThrows(IllegalArgumentException.class, () -> view.remove("ip:10.1.0.2"));
        assertEquals("a federated session is named by its access-request (access-request:NAME), not by ip-address",
                notAr.getMessage());
        assertThrows(IllegalArgumentException.class, () -> view.deactivate("ic2:ar7"), "no type: ic2 is none");
    }

    @Test
    void theDumpShowsANeighbourhoodWithDeactivatedItemsMarked() {
        view.deactivate("access-request:ic2:ar7");
        String xml = view.dump(Optional.of(IdentifierText.parse("ip:10.1.0.2")), 1);
        String m = "xmlns:meta=\"" + Namespaces.META_2 + "\"";
        assertSimilar("<fedmap:dump xmlns:fedmap=\"urn:x-fedmap:dump:1\" created=\"2025-03-01T12:00:00Z\""
                + " around=\"ip-address:10.1.0.2\" depth=\"1\" identifiers=\"2\" links=\"1\" metadata=\"5\">"
                + "<resultItem><ip-address value=\"10.1.0.2\" type=\"IPv4\"/></resultItem>"
                + "<resultItem deactivated=\"true\"><access-request name=\"ic2:ar7\"/><ip-address value=\"10.1.0.2\""
                + " type=\"IPv4\"/><metadata><meta:access-request-ip " + m + " ifmap-publisher-id=\"ic2\""
                + " ifmap-timestamp=\"2023-11-14T22:14:20Z\" ifmap-cardinality=\"singleValue\"/></metadata></resultItem>"
                + "<resultItem deactivated=\"true\"><access-request name=\"ic2:ar7\"/><metadata>"
                + "<meta:capability " + m + " ifmap-publisher-id=\"ic2\" ifmap-timestamp=\"2023-11-14T22:14:20Z\""
                + " ifmap-cardinality=\"multiValue\"><name>bench-1</name></meta:capability>"
                + "<meta:role " + m + " ifmap-publisher-id=\"ic2\" ifmap-timestamp=\"2023-11-14T22:14:20Z\""
                + " ifmap-cardinality=\"multiValue\"><name>Users</name><administrative-domain>corp"
                + "</administrative-domain></meta:role>"
                + "<meta:device-attribute " + m + " ifmap-publisher-id=\"ic2\" ifmap-timestamp=\"2023-11-14T22:14:20Z\""
                + " ifmap-cardinality=\"multiValue\"><name>host-checker-passed</name></meta:device-attribute>"
                + "<meta:capability " + m + " ifmap-publisher-id=\"enforcer\" ifmap-timestamp=\"2023-11-14T22:15:20Z\""
                + " ifmap-cardinality=\"multiValue\"><name>quarantine-free</name></meta:capability>"
                + "</metadata></resultItem></fedmap:dump>", xml.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theWholeGraphDumpListsIdentifiersThenLinksOneALine() throws Exception {
        String xml = view.dump(Optional.empty(), 0);
        List<String> lines = new ArrayList<>(List.of(xml.split("\n")));
        assertTrue(lines.get(0).startsWith("<?xml"), lines.get(0));
        assertEquals(3 + 3 + 7, lines.size(), "declaration, root, 3 identifiers with items, 7 links, end tag:\n" + xml);
        org.w3c.dom.Document doc = org.fedmap.testsupport.Soap.dom(xml.getBytes(StandardCharsets.UTF_8));
        org.w3c.dom.Element root = doc.getDocumentElement();
        assertEquals("3", root.getAttribute("identifiers"));
        assertEquals("7", root.getAttribute("links"));
        assertEquals("", root.getAttribute("around"));
        // identifiers in IF-MAP's order of types (access-request, ..., ip-address), then the links
        List<String> firsts = new ArrayList<>();
        org.w3c.dom.NodeList items = root.getElementsByTagName("resultItem");
        for (int i = 0; i < items.getLength(); i++) {
            org.w3c.dom.Element item = (org.w3c.dom.Element) items.item(i);
            int identifiers = 0;
            for (org.w3c.dom.Node n = item.getFirstChild(); n != null; n = n.getNextSibling()) {
                if (n instanceof org.w3c.dom.Element e && !e.getLocalName().equals("metadata")) {
                    identifiers++;
                }
            }
            firsts.add(((org.w3c.dom.Element) item.getFirstChild()).getLocalName() + "/" + identifiers);
        }
        assertEquals(List.of("access-request/1", "access-request/1", "ip-address/1", "access-request/2",
                "access-request/2", "access-request/2", "access-request/2", "access-request/2", "access-request/2",
                "access-request/2"), firsts);
        assertThrows(IllegalArgumentException.class, () -> view.dump(Optional.empty(), -1));
    }

    @Test
    void sessionsReadWellAsJsonAndBackForTheAdminApiAndCli() throws Exception {
        ObjectMapper json = new ObjectMapper();
        String text = json.writeValueAsString(view.sessions(FederatedSessions.Filter.ALL));
        JsonNode tree = json.readTree(text);
        assertEquals("access-request:ic2:ar7", tree.get(1).get("id").asText());
        assertEquals("bob", tree.get(1).get("users").get(0).get("name").asText());
        assertEquals("ACTIVE", tree.get(1).get("state").asText());
        assertEquals("10.1.0.2", tree.get(1).get("ipAddresses").get(0).asText());
        FederatedSession[] back = json.readValue(text, FederatedSession[].class);
        assertEquals(List.of(ifmap11Session, ifmap2Session), List.of(back));
        assertEquals(new FederatedSessions.Filter("a*", null, "ic1", State.DEACTIVATED, 5), json.readValue(
                "{\"user\":\"a*\",\"gateway\":\"ic1\",\"state\":\"DEACTIVATED\",\"limit\":5}", FederatedSessions.Filter.class));
    }
}
