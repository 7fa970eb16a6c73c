package org.fedmap.engine;

import static org.fedmap.testsupport.Items.accessRequestIp;
import static org.fedmap.testsupport.Items.authenticatedAs;
import static org.fedmap.testsupport.Items.capability;
import static org.fedmap.testsupport.Items.meta;
import static org.fedmap.testsupport.Items.role;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.fedmap.engine.filter.Filter;
import org.fedmap.model.AccessRequest;
import org.fedmap.model.DurableItem;
import org.fedmap.model.ErrorCode;
import org.fedmap.model.Identifier;
import org.fedmap.model.Identity;
import org.fedmap.model.IfmapException;
import org.fedmap.model.IpAddress;
import org.fedmap.model.Lifetime;
import org.fedmap.model.Link;
import org.fedmap.model.MacAddress;
import org.fedmap.model.Metadata;
import org.fedmap.model.ProtocolVersion;
import org.fedmap.model.Target;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Deactivating, activating and removing a federated session (its access-request) in the engine:
 * what searches find, what subscribers are told, what the journal and the change feed record.
 */
class GraphDeactivationTest {
    private static final ProtocolVersion V2 = ProtocolVersion.IFMAP_2;

    private final List<Journal.Entry> journal = new ArrayList<>();
    private final List<Change> feed = new ArrayList<>();
    private final Graph graph = new Graph(new ChangeFeed(), () -> 1000L, journal::add);
    private final AccessRequest ar = new AccessRequest("gw1:sid1", "");
    private final IpAddress ip = IpAddress.v4("192.0.2.7");
    private final MacAddress mac = new MacAddress("00:16:3e:00:00:07", "");
    private final Identity alice = Identity.of(Identity.Type.USERNAME, "alice");
    private final IpAddress other = IpAddress.v4("192.0.2.99");

    @BeforeEach
    void publishASession() {
        graph.feed().addListener(feed::add);
        update("gw1", new Link(ar, ip), accessRequestIp());
        update("gw1", new Link(ar, alice), authenticatedAs(), role("Employees"));
        update("gw1", ar, capability("guest"));
        // the neighbours' own metadata is not the session's
        update("ids", ip, meta("<meta:event ifmap-cardinality=\"multiValue\"><name>scan</name></meta:event>"));
        // a session nobody touches
        update("gw1", new Link(new AccessRequest("gw1:sid2", ""), other), accessRequestIp());
        journal.clear();
        feed.clear();
    }

    private void update(String publisher, Target target, Metadata... items) {
        graph.publish(new PublishBatch(publisher, "s-" + publisher, V2,
                List.of(new PublishOperation.Update(target, List.of(items), Lifetime.FOREVER))));
    }

    private static SearchSpec everything(Identifier start, int depth, ProtocolVersion reader) {
        return new SearchSpec(start, depth, Filter.ALL, Filter.ALL, TerminalIdentifiers.NONE, 1_000_000, reader);
    }

    /** Target → local names of its metadata (with the name child's text), sorted: one result at a glance. */
    private static Map<Target, List<String>> view(List<ResultItem> items) {
        Map<Target, List<String>> out = new LinkedHashMap<>();
        for (ResultItem i : items) {
            List<String> names = out.computeIfAbsent(i.target(), t -> new ArrayList<>());
            for (Metadata m : i.metadata()) {
                names.add(m.localName() + (m.xml().contains("<name>")
                        ? "=" + m.xml().replaceAll(".*<name>(.*)</name>.*", "$1") : ""));
            }
            names.sort(null);
        }
        return out;
    }

    private Map<Target, List<String>> search(Identifier start, int depth) {
        return view(graph.search(everything(start, depth, V2)).items());
    }

    private static Map<String, Map<Target, List<String>>> kinds(PollResult r) {
        Map<String, Map<Target, List<String>>> out = new TreeMap<>();
        for (PollEntry e : r.entries()) {
            out.put(e.kind() + " " + e.subscription(), view(e.items()));
        }
        return out;
    }

    private final Map<Target, List<String>> wholeSession = Map.of(
            ip, List.of("event=scan"),
            new Link(ar, ip), List.of("access-request-ip"),
            ar, List.of("capability=guest"),
            new Link(ar, alice), List.of("authenticated-as", "role=Employees"),
            alice, List.of());

    @Test
    void searchesTreatADeactivatedAccessRequestItsMetadataAndItsLinksAsAbsent() {
        assertEquals(wholeSession, search(ip, 2));

        assertEquals(6, graph.hide(ar).sequence(), "a deactivation is the next numbered change");
        assertEquals(Map.of(ip, List.of("event=scan")), search(ip, 2), "the link to it is not followed");
        assertEquals(Map.of(ar, List.of()), search(ar, 2), "started from, it is there but bare and leads nowhere");
        assertEquals(Map.of(alice, List.of()), search(alice, 2));
        assertEquals(3, search(other, 1).size(), "other sessions are untouched");

        assertEquals(Change.Cause.ACTIVATE, graph.show(ar).cause());
        assertEquals(wholeSession, search(ip, 2));
    }

    @Test
    void aSubscriberIsToldOfADeactivationAsDeletesAndOfTheActivationAsUpdates() {
        Subscriber sub = graph.newSubscriber(V2, 5_000_000, () -> { });
        graph.subscribe(sub, "ip", everything(ip, 2, V2));
        graph.subscribe(sub, "ar", everything(ar, 0, V2));
        graph.subscribe(sub, "elsewhere", everything(other, 0, V2));
        graph.poll(sub);

        graph.hide(ar);
        assertEquals(Map.of(
                "DELETE ip", Map.of(new Link(ar, ip), List.of("access-request-ip"), ar, List.of("capability=guest"),
                        new Link(ar, alice), List.of("authenticated-as", "role=Employees")),
                "DELETE ar", Map.of(ar, List.of("capability=guest"))), kinds(graph.poll(sub)));

        // the gateway does not know: what it publishes is stored, and shown to nobody
        update("gw1", ar, role("Late"));
        update("gw1", new Link(ar, mac), meta("<meta:access-request-mac ifmap-cardinality=\"singleValue\"/>"));
        graph.publish(new PublishBatch("gw1", "s-gw1", V2, List.of(new PublishOperation.Notify(new Link(ar, ip),
                List.of(meta("<meta:event ifmap-cardinality=\"multiValue\"><name>n</name></meta:event>"))))));
        assertNull(graph.poll(sub), "nothing of a deactivated session reaches subscribers");
        assertEquals(List.of("capability=guest", "role=Late"),
                view(List.of(new ResultItem(ar, graph.metadataOn(ar)))).get(ar));
        assertNull(graph.hide(ar), "deactivating twice changes nothing");

        graph.show(ar);
        assertEquals(Map.of(
                "UPDATE ip", Map.of(new Link(ar, ip), List.of("access-request-ip"),
                        ar, List.of("capability=guest", "role=Late"),
                        new Link(ar, alice), List.of("authenticated-as", "role=Employees"),
                        new Link(ar, mac), List.of("access-request-mac")),
                "UPDATE ar", Map.of(ar, List.of("capability=guest", "role=Late"))), kinds(graph.poll(sub)));

        // and the subscription follows it again
        update("gw1", ar, role("Again"));
        assertEquals(Map.of("UPDATE ar", Map.of(ar, List.of("role=Again")), "UPDATE ip", Map.of(ar, List.of("role=Again"))),
                kinds(graph.poll(sub)));
    }

    @Test
    void anIfmap11SubscriberGetsItsCompleteResultWithoutAndWithTheSession() {
        Subscriber sub = graph.newSubscriber(ProtocolVersion.IFMAP_1_1, 5_000_000, () -> { });
        graph.subscribe(sub, "ip", everything(ip, 2, ProtocolVersion.IFMAP_1_1));
        graph.poll(sub);

        graph.hide(ar);
        assertEquals(Map.of("SEARCH ip", Map.of(ip, List.of("event=scan"))), kinds(graph.poll(sub)));
        graph.show(ar);
        assertEquals(Map.of("SEARCH ip", wholeSession), kinds(graph.poll(sub)));
    }

    @Test
    void deactivationAndActivationAreJournaledAndNumberedAndAFailedWriteChangesNothing() {
        graph.hide(ar);
        graph.show(ar);
        assertEquals(List.of(new Journal.Entry(6, List.of(), List.of(), List.of(ar), List.of()),
                new Journal.Entry(7, List.of(), List.of(), List.of(), List.of(ar))), journal);
        assertEquals(List.of(Change.Cause.DEACTIVATE, Change.Cause.ACTIVATE), feed.stream().map(Change::cause).toList());
        assertEquals(List.of(ar), feed.get(0).places().stream().map(Change.PlaceChange::target).toList());

        Graph failing = new Graph(new ChangeFeed(), () -> 1000L, e -> {
            if (!e.hidden().isEmpty()) {
                throw new IllegalStateException("disk full");
            }
        });
        failing.publish(new PublishBatch("gw1", "s", V2, List.of(new PublishOperation.Update(new Link(ar, ip),
                List.of(accessRequestIp()), Lifetime.FOREVER))));
        Subscriber sub = failing.newSubscriber(V2, 5_000_000, () -> { });
        failing.subscribe(sub, "ip", everything(ip, 1, V2));
        failing.poll(sub);
        IfmapException e = assertThrows(IfmapException.class, () -> failing.hide(ar));
        assertEquals(ErrorCode.SystemError, e.code());
        assertEquals(1, failing.stats().sequence());
        assertFalse(failing.star(ar).hidden());
        assertNull(failing.poll(sub), "subscribers were told nothing");
        assertEquals(3, failing.search(everything(ip, 1, V2)).items().size());
    }

    @Test
    void removeDeletesTheSessionsMetadataFromEveryPublisherInOneCommit() {
        update("other-gateway", new Link(ar, ip), accessRequestIp()); // singleValue: replaces gw1's
        update("other-gateway", ar, role("Imported"));
        journal.clear();
        feed.clear();
        Subscriber sub = graph.newSubscriber(V2, 5_000_000, () -> { });
        graph.subscribe(sub, "ip", everything(ip, 2, V2));
        graph.poll(sub);

        Change removed = graph.removeAround(ar);
        assertEquals(Change.Cause.REMOVE, removed.cause());
        assertEquals(List.of(removed), feed, "one change for the whole session");
        assertEquals(1, journal.size(), "one durable write");
        assertEquals(5, journal.get(0).removed().size(), "ip link, two on the access-request, two on alice's link");
        assertEquals(Map.of("DELETE ip", Map.of(new Link(ar, ip), List.of("access-request-ip"),
                ar, List.of("capability=guest", "role=Imported"),
                new Link(ar, alice), List.of("authenticated-as", "role=Employees"))), kinds(graph.poll(sub)));
        assertEquals(Map.of(ip, List.of("event=scan")), search(ip, 2), "the endpoint's own metadata stays");
        assertNull(graph.star(ar), "nothing is left of it");
        assertNull(graph.star(alice), "an identity held only by the session's link goes with it");
        assertNull(graph.removeAround(ar), "nothing left to remove");
        assertEquals(1, feed.size());
    }

    @Test
    void removingADeactivatedSessionTellsSubscribersNothingNewAndEndsTheMark() {
        Subscriber sub = graph.newSubscriber(V2, 5_000_000, () -> { });
        graph.subscribe(sub, "ip", everything(ip, 2, V2));
        graph.poll(sub);
        graph.hide(ar);
        graph.poll(sub);
        journal.clear();

        graph.removeAround(ar);
        assertNull(graph.poll(sub), "it was gone for them already");
        assertEquals(List.of(), journal.get(0).hidden());
        assertEquals(List.of(ar), journal.get(0).shown(), "the mark ends in the same write");
        assertNull(graph.star(ar));

        // a session published again under the same name is a new one, and visible
        update("gw1", new Link(ar, ip), accessRequestIp());
        assertEquals(Map.of("UPDATE ip", Map.of(new Link(ar, ip), List.of("access-request-ip"))), kinds(graph.poll(sub)));
    }

    @Test
    void theMarkOutlivesTheSessionsMetadataUntilActivatedOrRemoved() {
        graph.hide(ar);
        for (Target t : List.of(ar, new Link(ar, ip), new Link(ar, alice))) {
            graph.publish(new PublishBatch("gw1", "s-gw1", V2, List.of(new PublishOperation.Delete(t, Filter.ALL))));
        }
        Graph.Star empty = graph.star(ar);
        assertTrue(empty.hidden() && empty.metadata().isEmpty() && empty.links().isEmpty());
        assertTrue(graph.accessRequests().contains(empty), "listed, so an operator can clear it");
        update("gw1", new Link(ar, ip), accessRequestIp());
        assertEquals(Map.of(ip, List.of("event=scan")), search(ip, 1), "published again, still hidden");
        assertTrue(graph.removeAround(ar) != null);
        assertFalse(graph.accessRequests().stream().anyMatch(s -> s.centre().equals(ar)));
    }

    @Test
    void theViewsShowEveryAccessRequestWithItsLinksAndTheDumpShowsHiddenOnesToo() {
        graph.hide(ar);
        List<Graph.Star> stars = graph.accessRequests();
        assertEquals(2, stars.size());
        Graph.Star star = graph.star(ar);
        assertTrue(stars.contains(star));
        assertTrue(star.hidden());
        assertEquals(List.of("capability"), star.metadata().stream().map(Metadata::localName).toList());
        assertEquals(Set.of(new Link(ar, ip), new Link(ar, alice)),
                Set.copyOf(star.links().stream().map(ResultItem::target).toList()));

        Graph.Dump around = graph.dump(ip, 1);
        assertEquals(Map.of(ip, List.of("event=scan"), new Link(ar, ip), List.of("access-request-ip"),
                ar, List.of("capability=guest")), view(around.items()));
        assertEquals(Set.of(ar), around.hidden());
        Graph.Dump all = graph.dump(null, 0);
        assertEquals(graph.snapshot().keySet(), Set.copyOf(all.items().stream().map(ResultItem::target).toList()));
        assertEquals(5, all.items().size(), "ip, ar and three links; the others hold nothing of their own");
    }

    @Test
    void aRestoredGraphKeepsTheDeactivation() {
        Graph restored = new Graph();
        restored.restore(List.of(new DurableItem(1, new Link(ar, ip),
                accessRequestIp().stamped("gw1", 5L, Lifetime.FOREVER, null))), List.of(ar), 9);
        assertEquals(1, restored.search(everything(ip, 2, V2)).items().size());
        assertTrue(restored.star(ar).hidden());
        assertEquals(10, restored.show(ar).sequence());
        assertEquals(3, restored.search(everything(ip, 2, V2)).items().size());
    }
}
