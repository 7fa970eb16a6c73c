package org.fedmap.engine;

import static org.fedmap.testsupport.Items.accessRequestIp;
import static org.fedmap.testsupport.Items.capability;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.fedmap.model.AccessRequest;
import org.fedmap.model.IpAddress;
import org.fedmap.model.Lifetime;
import org.fedmap.model.Link;
import org.fedmap.model.Metadata;
import org.fedmap.model.ProtocolVersion;
import org.fedmap.model.Target;
import org.junit.jupiter.api.Test;

/**
 * Two graphs standing for two servers of a mesh, "boston" and "london": each ships the changes of
 * its own data to the other (what the replication protocol carries), and both end with the same items
 * whatever the order, including a singleValue item published at both at once.
 */
class GraphReplicationTest {
    private final AccessRequest ar = new AccessRequest("gw1:sid1", "");
    private final Link arIp = new Link(ar, IpAddress.v4("192.0.2.7"));
    private final Link arOtherIp = new Link(ar, IpAddress.v4("192.0.2.8"));

    /** A server: its graph, its id, and the changes of its own data it would ship. */
    private static final class Server {
        final String id;
        final List<Change> shipped = new ArrayList<>();
        final Graph graph;
        long now;

        Server(String id, long start) {
            this.id = id;
            this.now = start;
            this.graph = new Graph(new ChangeFeed(), () -> now, null);
            graph.feed().addListener(c -> {
                if (c.cause() != Change.Cause.REPLICATION) {
                    shipped.add(c);
                }
            });
        }

        Change publish(String publisher, Target target, Metadata item) {
            return graph.publish(new PublishBatch(publisher, "s", ProtocolVersion.IFMAP_2,
                    List.of(new PublishOperation.Update(target, List.of(item), Lifetime.FOREVER))));
        }

        /** Sends what this server shipped so far to {@code to}, as only its own items. */
        void shipTo(Server to) {
            for (Change c : shipped) {
                List<Change.PlaceChange> own = new ArrayList<>();
                for (Change.PlaceChange p : c.places()) {
                    own.add(new Change.PlaceChange(p.target(), local(p.added()), local(p.removed()), local(p.notified())));
                }
                to.graph.applyReplicated(id, to.id, own);
            }
            shipped.clear();
        }

        private static List<Metadata> local(List<Metadata> items) {
            return items.stream().filter(m -> m.origin() == null).toList();
        }
    }

    private static List<String> view(Graph g, Target t) {
        return g.metadataOn(t).stream().map(m -> m.localName() + "@" + m.publisherId() + "/" + m.timestamp()).toList();
    }

    @Test
    void aSingleValueItemPublishedAtBothServersAtOnceSettlesTheSameWayOnBoth() {
        Server boston = new Server("boston", 1_000);
        Server london = new Server("london", 2_000);
        boston.publish("gw1", arIp, accessRequestIp()); // at 1000
        london.publish("gw9", arIp, accessRequestIp()); // at 2000: later, wins
        boston.shipTo(london);
        london.shipTo(boston);
        assertEquals(List.of("access-request-ip@gw9/2000"), view(boston.graph, arIp));
        assertEquals(view(boston.graph, arIp), view(london.graph, arIp));
        assertEquals("london", boston.graph.metadataOn(arIp).get(0).origin());
        assertNull(london.graph.metadataOn(arIp).get(0).origin(), "london's own item, published there");
    }

    @Test
    void aTieInTimeGoesToTheGreaterServerIdOnBothServers() {
        Server boston = new Server("boston", 5_000);
        Server london = new Server("london", 5_000);
        boston.publish("gw1", arIp, accessRequestIp());
        london.publish("gw9", arIp, accessRequestIp());
        london.shipTo(boston);
        boston.shipTo(london);
        assertEquals(List.of("access-request-ip@gw9/5000"), view(boston.graph, arIp));
        assertEquals(view(boston.graph, arIp), view(london.graph, arIp));
    }

    @Test
    void additionsAndRemovalsReachTheReplicaAndItsSubscribers() {
        Server boston = new Server("boston", 1_000);
        Server london = new Server("london", 1_000);
        List<Change> seenAtLondon = new ArrayList<>();
        london.graph.feed().addListener(seenAtLondon::add);
        boston.publish("gw1", ar, capability("engineering"));
        boston.publish("gw1", arOtherIp, accessRequestIp());
        boston.shipTo(london);
        assertEquals(List.of("capability@gw1/1000"), view(london.graph, ar));
        assertEquals(2, seenAtLondon.size());
        assertTrue(seenAtLondon.stream().allMatch(c -> c.cause() == Change.Cause.REPLICATION));

        boston.now = 1_500;
        boston.graph.purgePublisher("gw1");
        boston.shipTo(london);
        assertEquals(List.of(), view(london.graph, ar));
        assertEquals(List.of(), view(london.graph, arOtherIp));
        assertEquals(0, london.graph.stats().metadata());
        assertEquals(0, london.graph.stats().identifiers(), "nothing is left to hold the identifiers");
    }

    @Test
    void changesSentAgainAreAppliedOnce() {
        Server boston = new Server("boston", 1_000);
        Server london = new Server("london", 1_000);
        boston.publish("gw1", ar, capability("engineering"));
        List<Change> sent = List.copyOf(boston.shipped);
        boston.shipTo(london);
        boston.shipped.addAll(sent); // a resumed feed sends them once more
        boston.shipTo(london);
        assertEquals(List.of("capability@gw1/1000"), view(london.graph, ar));
    }

    @Test
    void aReplicaDoesNotShipBackWhatItReceived() {
        Server boston = new Server("boston", 1_000);
        Server london = new Server("london", 1_000);
        boston.publish("gw1", ar, capability("engineering"));
        boston.shipTo(london);
        assertEquals(List.of(), london.shipped, "london applied boston's change and has nothing of its own to send");
        assertNull(london.graph.applyReplicated("boston", "london", List.of(new Change.PlaceChange(ar, List.of(),
                List.of(capability("gone").stamped("gw1", 1, Lifetime.FOREVER, null)), List.of()))),
                "removing what is not there changes nothing");
    }
}
