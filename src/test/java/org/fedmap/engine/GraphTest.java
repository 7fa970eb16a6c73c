package org.fedmap.engine;

import static org.fedmap.testsupport.Items.accessRequestIp;
import static org.fedmap.testsupport.Items.authenticatedAs;
import static org.fedmap.testsupport.Items.capability;
import static org.fedmap.testsupport.Items.meta;
import static org.fedmap.testsupport.Items.role;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.fedmap.engine.filter.Filter;
import org.fedmap.model.AccessRequest;
import org.fedmap.model.ErrorCode;
import org.fedmap.model.Identifier;
import org.fedmap.model.Identity;
import org.fedmap.model.IfmapException;
import org.fedmap.model.IpAddress;
import org.fedmap.model.Lifetime;
import org.fedmap.model.Link;
import org.fedmap.model.Metadata;
import org.fedmap.model.Namespaces;
import org.fedmap.model.ProtocolVersion;
import org.fedmap.model.Target;
import org.junit.jupiter.api.Test;

class GraphTest {
    private static final ProtocolVersion V2 = ProtocolVersion.IFMAP_2;
    private final Graph graph = new Graph();
    private final AccessRequest ar = new AccessRequest("ar1", "");
    private final IpAddress ip = IpAddress.v4("192.0.2.7");
    private final Identity alice = Identity.of(Identity.Type.USERNAME, "alice");

    private static Filter filter(String expr) {
        return Filter.compile(expr, p -> p.equals("meta") ? Namespaces.META_2 : null);
    }

    private Change update(String publisher, String session, Lifetime lifetime, Target target, Metadata... items) {
        return graph.publish(new PublishBatch(publisher, session, V2,
                List.of(new PublishOperation.Update(target, List.of(items), lifetime))));
    }

    private Change update(Target target, Metadata... items) {
        return update("p1", "s1", Lifetime.FOREVER, target, items);
    }

    private SearchSpec search(Identifier start, int depth) {
        return new SearchSpec(start, depth, Filter.ALL, Filter.ALL, TerminalIdentifiers.NONE, 100_000, V2);
    }

    private static List<String> names(List<Metadata> items) {
        List<String> out = new ArrayList<>();
        for (Metadata m : items) {
            out.add(m.localName() + (m.xml().contains("<name>") ? ":" + m.xml().replaceAll(".*<name>(.*)</name>.*", "$1") : ""));
        }
        return out;
    }

    @Test
    void multiValueAccumulatesAndSingleValueReplacesWhoeverPublishedIt() {
        update(ar, role("a"));
        update("p2", "s2", Lifetime.FOREVER, ar, role("b"));
        assertEquals(List.of("role:a", "role:b"), names(graph.metadataOn(ar)));

        Link link = new Link(ar, ip);
        update(link, accessRequestIp());
        update("p2", "s2", Lifetime.FOREVER, link, accessRequestIp());
        List<Metadata> onLink = graph.metadataOn(link);
        assertEquals(1, onLink.size());
        assertEquals("p2", onLink.get(0).publisherId());
    }

    @Test
    void linksAreUnorderedAndStampedWithPublisherAndTime() {
        update(new Link(ip, ar), accessRequestIp());
        List<Metadata> items = graph.metadataOn(new Link(ar, ip));
        assertEquals(1, items.size());
        assertEquals("p1", items.get(0).publisherId());
        assertTrue(items.get(0).timestamp() > 0);
        assertEquals(Graph.Stats.class, graph.stats().getClass());
        assertEquals(2, graph.stats().identifiers());
        assertEquals(1, graph.stats().links());
    }

    @Test
    void accessRequestsAreCountedAsTheyComeAndGo() {
        update("p1", "s1", Lifetime.SESSION, new Link(ar, ip), accessRequestIp());
        assertEquals(new Graph.Stats(2, 1, 1, graph.stats().sequence(), 1), graph.stats());
        update("p1", "s1", Lifetime.SESSION, ip, role("not-an-access-request"));
        assertEquals(1, graph.stats().accessRequests(), "other identifiers are not counted");
        graph.endSession("s1");
        assertEquals(0, graph.stats().accessRequests(), "the access-request went with its last metadata");
        assertEquals(0, graph.stats().identifiers());
    }

    @Test
    void deleteWithFilterMissingEmptyAndMatching() {
        update(ar, role("a"), capability("c"));
        graph.publish(new PublishBatch("p1", "s1", V2, List.of(new PublishOperation.Delete(ar, Filter.NONE))));
        assertEquals(2, graph.metadataOn(ar).size(), "an empty filter deletes nothing");
        graph.publish(new PublishBatch("p1", "s1", V2, List.of(new PublishOperation.Delete(ar, filter("meta:role")))));
        assertEquals(List.of("capability:c"), names(graph.metadataOn(ar)));
        graph.publish(new PublishBatch("p1", "s1", V2, List.of(new PublishOperation.Delete(ar, Filter.ALL))));
        assertEquals(List.of(), graph.metadataOn(ar));
        assertEquals(0, graph.stats().identifiers(), "an identifier without metadata or links is dropped");
    }

    @Test
    void searchFollowsMatchingLinksToMaxDepthAndReturnsBareIdentifiers() {
        update(new Link(ar, ip), accessRequestIp());
        update(new Link(ar, alice), authenticatedAs());
        update(ar, capability("guest"));

        SearchResult depth0 = graph.search(search(ip, 0));
        assertEquals(List.of(ip), targets(depth0));
        assertEquals(List.of(), depth0.items().get(0).metadata(), "ip has no metadata: returned bare");

        SearchResult depth2 = graph.search(search(ip, 2));
        assertEquals(List.of(ip, new Link(ar, ip), ar, new Link(ar, alice), alice), targets(depth2));

        SearchSpec onlyIpLinks = new SearchSpec(ip, 5, filter("meta:access-request-ip"), Filter.ALL,
                TerminalIdentifiers.NONE, 100_000, V2);
        assertEquals(List.of(ip, new Link(ar, ip), ar), targets(graph.search(onlyIpLinks)));

        SearchSpec noMetadata = new SearchSpec(ip, 5, Filter.ALL, Filter.NONE, TerminalIdentifiers.NONE, 100_000, V2);
        assertTrue(graph.search(noMetadata).items().stream().allMatch(i -> i.metadata().isEmpty()));

        SearchSpec capabilitiesOnly = new SearchSpec(ip, 5, Filter.ALL, filter("meta:capability"),
                TerminalIdentifiers.NONE, 100_000, V2);
        SearchResult r = graph.search(capabilitiesOnly);
        assertEquals(5, r.items().size(), "result-filter hides metadata, not identifiers or links");
        assertEquals(List.of("capability:guest"), names(r.items().get(2).metadata()));

        SearchSpec stopAtAr = new SearchSpec(ip, 5, Filter.ALL, Filter.ALL,
                TerminalIdentifiers.parse("access-request"), 100_000, V2);
        assertEquals(List.of(ip, new Link(ar, ip), ar), targets(graph.search(stopAtAr)));

        assertEquals(List.of(IpAddress.v4("203.0.113.1")), targets(graph.search(search(IpAddress.v4("203.0.113.1"), 3))),
                "an unknown identifier is returned alone, not as an error");
    }

    @Test
    void searchResultsTooBig() {
        update(ar, role("a"), role("b"), role("c"));
        SearchSpec small = new SearchSpec(ar, 0, Filter.ALL, Filter.ALL, TerminalIdentifiers.NONE, 100, V2);
        IfmapException e = assertThrows(IfmapException.class, () -> graph.search(small));
        assertEquals(ErrorCode.SearchResultsTooBig, e.code());
    }

    @Test
    void purgeAndSessionEndRemoveOnlyWhatTheyOwn() {
        update("p1", "s1", Lifetime.SESSION, ar, role("session"));
        update("p1", "s1", Lifetime.FOREVER, ar, role("forever"));
        update("p2", "s2", Lifetime.SESSION, ar, role("other"));
        graph.endSession("s1");
        assertEquals(List.of("role:forever", "role:other"), names(graph.metadataOn(ar)));
        graph.purgePublisher("p1");
        assertEquals(List.of("role:other"), names(graph.metadataOn(ar)));
        assertNull(graph.purgePublisher("nobody"), "nothing to purge: no change committed");
        assertEquals(0, graph.publisherItemCount("p1"));
        assertEquals(1, graph.publisherItemCount("p2"));
    }

    @Test
    void aPublishThatWouldTakeItsPublisherOverItsItemLimitIsRefusedWhole() {
        update(ar, role("a"));
        long sequence = graph.stats().sequence();
        Map<Target, List<Metadata>> before = graph.snapshot();
        PublishBatch tooMuch = new PublishBatch("p1", "s1", V2, List.of(
                new PublishOperation.Delete(ar, Filter.ALL),
                new PublishOperation.Update(ip, List.of(role("b"), role("c")), Lifetime.FOREVER)), 1);
        IfmapException e = assertThrows(IfmapException.class, () -> graph.publish(tooMuch));
        assertEquals(ErrorCode.AccessDenied, e.code());
        assertEquals(before, graph.snapshot(), "the delete before the refused update was undone too");
        assertEquals(sequence, graph.stats().sequence(), "nothing was committed");

        // the same limit lets a batch through that does not grow the count past it
        graph.publish(new PublishBatch("p1", "s1", V2, List.of(new PublishOperation.Delete(ar, Filter.ALL),
                new PublishOperation.Update(ip, List.of(role("b")), Lifetime.FOREVER)), 1));
        assertEquals(List.of("role:b"), names(graph.metadataOn(ip)));
        // a publisher already over a lowered limit may still shrink, but not grow
        assertThrows(IfmapException.class, () -> graph.publish(new PublishBatch("p1", "s1", V2,
                List.of(new PublishOperation.Update(ar, List.of(role("x")), Lifetime.FOREVER)), 0)));
        graph.publish(new PublishBatch("p1", "s1", V2, List.of(new PublishOperation.Delete(ip, Filter.ALL)), 0));
        assertEquals(0, graph.publisherItemCount("p1"));
    }

    @Test
    void aGroupCommitsEachRequestOnItsOwnAndWritesTheDurablePartOnce() {
        List<String> journal = new ArrayList<>();
        Graph durable = new Graph(new ChangeFeed(), () -> 1000L, e ->
                journal.add(e.sequence() + " +" + e.added().stream().map(d -> d.id()).toList() + " -" + e.removed()));
        durable.publish(new PublishBatch("p1", "s1", V2, List.of(
                new PublishOperation.Update(ar, List.of(role("old")), Lifetime.FOREVER))));
        List<Object> outcomes = durable.publishAll(List.of(
                new PublishBatch("p1", "s1", V2, List.of(new PublishOperation.Delete(ar, Filter.ALL),
                        new PublishOperation.Update(ip, List.of(role("a")), Lifetime.FOREVER))),
                new PublishBatch("p2", "s2", V2, List.of(
                        new PublishOperation.Update(ip, List.of(role("b"), role("c")), Lifetime.FOREVER)), 1),
                new PublishBatch("p2", "s2", V2, List.of(
                        new PublishOperation.Update(ip, List.of(role("session")), Lifetime.SESSION))),
                new PublishBatch("p1", "s1", V2, List.of(new PublishOperation.Delete(ip, filter("meta:role[name='a']"))))));
        assertEquals(Change.class, outcomes.get(0).getClass());
        assertEquals(ErrorCode.AccessDenied, ((IfmapException) outcomes.get(1)).code(), "over its cap: refused alone");
        assertEquals(Change.class, outcomes.get(2).getClass());
        assertEquals(Change.class, outcomes.get(3).getClass());
        // a refused request takes no number: the feed stays gap-free
        assertEquals(List.of(2L, 3L, 4L), List.of(((Change) outcomes.get(0)).sequence(),
                ((Change) outcomes.get(2)).sequence(), ((Change) outcomes.get(3)).sequence()));
        // one write for the group: "a" was added and deleted within it, so only the old item's removal is left
        assertEquals(List.of("1 +[0] -[]", "4 +[] -[0]"), journal);
        assertEquals(List.of("role:session"), names(durable.metadataOn(ip)));
    }

    @Test
    void whenTheJournalFailsTheWholeGroupIsUndoneAndRefused() {
        boolean[] failing = {true};
        Graph durable = new Graph(new ChangeFeed(), () -> 1000L, e -> {
            if (failing[0]) {
                throw new IllegalStateException("disk full");
            }
        });
        List<Change> seen = new ArrayList<>();
        durable.feed().addListener(seen::add);
        List<Object> outcomes = durable.publishAll(List.of(
                new PublishBatch("p1", "s1", V2, List.of(new PublishOperation.Update(ar, List.of(role("a")),
                        Lifetime.SESSION))),
                new PublishBatch("p2", "s2", V2, List.of(new PublishOperation.Update(ar, List.of(role("b")),
                        Lifetime.FOREVER)))));
        for (Object o : outcomes) {
            assertEquals(ErrorCode.SystemError, ((IfmapException) o).code());
        }
        assertEquals(0, durable.stats().identifiers());
        assertEquals(0, durable.stats().sequence());
        assertEquals(List.of(), seen, "nothing reached the change feed");
        failing[0] = false;
        durable.publish(new PublishBatch("p2", "s2", V2, List.of(new PublishOperation.Update(ar, List.of(role("b")),
                Lifetime.FOREVER))));
        assertEquals(1, durable.stats().sequence());
    }

    @Test
    void aRestoredGraphHoldsTheItemsInOrderAndGoesOnNumbering() {
        Metadata second = role("second").stamped("p1", 5L, Lifetime.FOREVER, null);
        Metadata first = role("first").stamped("p2", 4L, Lifetime.FOREVER, null);
        Graph restored = new Graph();
        restored.restore(List.of(new org.fedmap.model.DurableItem(7, ar, second),
                new org.fedmap.model.DurableItem(3, ar, first)), 41);
        assertEquals(List.of("role:first", "role:second"), names(restored.metadataOn(ar)));
        assertEquals(1, restored.publisherItemCount("p1"));
        Change next = restored.publish(new PublishBatch("p1", "s1", V2,
                List.of(new PublishOperation.Update(ar, List.of(role("third")), Lifetime.FOREVER))));
        assertEquals(42, next.sequence());
        assertEquals(List.of("role:first", "role:second", "role:third"), names(restored.metadataOn(ar)));
    }

    @Test
    void everyCommitGetsTheNextSequenceNumber() {
        List<Long> seen = new ArrayList<>();
        graph.feed().addListener(c -> seen.add(c.sequence()));
        update(ar, role("a"));
        update(ip, meta("<meta:event ifmap-cardinality=\"multiValue\"><name>x</name></meta:event>"));
        graph.purgePublisher("p1");
        assertEquals(List.of(1L, 2L, 3L), seen);
        assertEquals(3, graph.stats().sequence());
    }

    @Test
    void subscriptionGetsFullResultFirstThenDeltas() {
        AtomicInteger wakes = new AtomicInteger();
        Subscriber sub = graph.newSubscriber(V2, 5_000_000, wakes::incrementAndGet);
        update(ar, capability("guest"));
        graph.subscribe(sub, "s", search(ip, 1));
        assertEquals(1, wakes.get());

        PollResult first = graph.poll(sub);
        assertEquals(1, first.entries().size());
        assertEquals(PollEntry.Kind.SEARCH, first.entries().get(0).kind());
        assertEquals(List.of(ip), first.entries().get(0).items().stream().map(ResultItem::target).toList());
        assertNull(graph.poll(sub), "nothing new");

        // a new link makes ar reachable: its existing metadata arrives as an update
        update(new Link(ar, ip), accessRequestIp());
        PollResult second = graph.poll(sub);
        assertEquals(1, second.entries().size());
        PollEntry upd = second.entries().get(0);
        assertEquals(PollEntry.Kind.UPDATE, upd.kind());
        Map<Target, List<String>> byTarget = new java.util.HashMap<>();
        for (ResultItem i : upd.items()) {
            byTarget.put(i.target(), names(i.metadata()));
        }
        assertEquals(Map.of(new Link(ar, ip), List.of("access-request-ip"), ar, List.of("capability:guest")), byTarget);

        // metadata on a reached identifier changes: update then delete deltas
        update(ar, role("r"));
        assertEquals(PollEntry.Kind.UPDATE, graph.poll(sub).entries().get(0).kind());

        // the link goes: ar is out of reach, so its metadata and the link's are deleted for the subscriber
        graph.publish(new PublishBatch("p1", "s1", V2, List.of(new PublishOperation.Delete(new Link(ar, ip), Filter.ALL))));
        PollResult third = graph.poll(sub);
        assertEquals(1, third.entries().size());
        PollEntry del = third.entries().get(0);
        assertEquals(PollEntry.Kind.DELETE, del.kind());
        List<Target> deletedTargets = del.items().stream().map(ResultItem::target).toList();
        assertTrue(deletedTargets.contains(ar) && deletedTargets.contains(new Link(ar, ip)), deletedTargets.toString());

        // changes outside the subscription's reach are not delivered
        update(alice, role("x"));
        assertNull(graph.poll(sub));
    }

    @Test
    void notifyReachesSubscribersButIsNeverStored() {
        Subscriber sub = graph.newSubscriber(V2, 5_000_000, () -> { });
        graph.subscribe(sub, "s", search(ip, 0));
        graph.poll(sub);
        Metadata event = meta("<meta:event ifmap-cardinality=\"multiValue\"><name>scan</name></meta:event>");
        graph.publish(new PublishBatch("p1", "s1", V2, List.of(new PublishOperation.Notify(ip, List.of(event)))));
        PollResult r = graph.poll(sub);
        assertEquals(PollEntry.Kind.NOTIFY, r.entries().get(0).kind());
        assertEquals("p1", r.entries().get(0).items().get(0).metadata().get(0).publisherId());
        assertEquals(List.of(), graph.metadataOn(ip));
    }

    @Test
    void pollResultsTooBigDropsAllSubscriptions() {
        Subscriber sub = graph.newSubscriber(V2, 600, () -> { });
        graph.subscribe(sub, "s", search(ip, 0));
        graph.poll(sub);
        for (int i = 0; i < 10; i++) {
            update(ip, meta("<meta:event ifmap-cardinality=\"multiValue\"><name>event number " + i + "</name></meta:event>"));
        }
        IfmapException e = assertThrows(IfmapException.class, () -> graph.poll(sub));
        assertEquals(ErrorCode.PollResultsTooBig, e.code());
        assertEquals(0, sub.subscriptionCount());
        update(ip, role("after"));
        assertNull(graph.poll(sub), "no subscription is left to report changes");
    }

    @Test
    void subscriptionOutgrowingMaxSizeGetsANamedErrorAndErrorsInvalidateAllSubscriptions() {
        Subscriber sub = graph.newSubscriber(V2, 5_000_000, () -> { });
        graph.subscribe(sub, "small", new SearchSpec(ip, 0, Filter.ALL, Filter.ALL, TerminalIdentifiers.NONE, 400, V2));
        graph.subscribe(sub, "other", search(alice, 0));
        graph.poll(sub);
        for (int i = 0; i < 5; i++) {
            update(ip, role("role-with-a-long-name-" + i));
        }
        PollResult r = graph.poll(sub);
        PollEntry last = r.entries().get(r.entries().size() - 1);
        assertEquals(PollEntry.Kind.ERROR, last.kind());
        assertEquals("small", last.subscription());
        assertEquals(ErrorCode.SearchResultsTooBig, last.errorCode());
        assertEquals(0, sub.subscriptionCount(), "an errorResult invalidates all of the client's subscriptions");
    }

    @Test
    void replacingASubscriptionDropsWhatWasQueuedForIt() {
        Subscriber sub = graph.newSubscriber(V2, 5_000_000, () -> { });
        graph.subscribe(sub, "s", search(ip, 0));
        graph.subscribe(sub, "s", search(alice, 0));
        PollResult r = graph.poll(sub);
        assertEquals(1, r.entries().size());
        assertEquals(alice, r.entries().get(0).items().get(0).target());
        graph.unsubscribe(sub, "s");
        update(alice, role("x"));
        assertNull(graph.poll(sub));
    }

    @Test
    void readersOfIfmap11GetCompleteResultsInsteadOfDeltas() {
        Subscriber sub = graph.newSubscriber(ProtocolVersion.IFMAP_1_1, 5_000_000, () -> { });
        SearchSpec spec = new SearchSpec(ar, 0, Filter.ALL, Filter.ALL, TerminalIdentifiers.NONE, 100_000,
                ProtocolVersion.IFMAP_1_1);
        graph.subscribe(sub, "s", spec);
        graph.poll(sub);
        update(ar, role("a"));
        update(ar, role("b"));
        PollResult r = graph.poll(sub);
        assertEquals(1, r.entries().size(), "one complete result per changed subscription");
        assertEquals(PollEntry.Kind.SEARCH, r.entries().get(0).kind());
        assertEquals(List.of("role:a", "role:b"), names(r.entries().get(0).items().get(0).metadata()));
    }

    private static List<Target> targets(SearchResult r) {
        return r.items().stream().map(ResultItem::target).toList();
    }
}
