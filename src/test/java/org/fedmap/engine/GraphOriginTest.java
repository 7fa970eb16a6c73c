package org.fedmap.engine;

import static org.fedmap.testsupport.Items.capability;
import static org.fedmap.testsupport.Items.role;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import org.fedmap.model.AccessRequest;
import org.fedmap.model.DurableItem;
import org.fedmap.model.Identity;
import org.fedmap.model.Lifetime;
import org.fedmap.model.Link;
import org.fedmap.model.Metadata;
import org.fedmap.model.ProtocolVersion;
import org.junit.jupiter.api.Test;

/**
 * Items published at a replica server keep their origin in the graph: purging that origin removes
 * them (and only them) in one change, and a local purgePublisher never reaches a replica's publisher of
 * the same name.
 */
class GraphOriginTest {
    private final List<Journal.Entry> journal = new ArrayList<>();
    private final List<Change> feed = new ArrayList<>();
    private final Graph graph = new Graph(new ChangeFeed(), () -> 1000L, journal::add);
    private final AccessRequest here = new AccessRequest("gw1:sid-here", "");
    private final AccessRequest london = new AccessRequest("gw1:sid-london", "");
    private final Identity alice = Identity.of(Identity.Type.USERNAME, "alice");

    /** A local publish by gw1, and gw1 and gw2 of the replica "london" restored from the store. */
    private void threePublishers() {
        Metadata fromLondon = capability("engineering").stamped("gw1", 900L, Lifetime.FOREVER, null)
                .replicatedFrom("london");
        Metadata fromLondonGw2 = role("staff").stamped("gw2", 950L, Lifetime.FOREVER, null).replicatedFrom("london");
        graph.restore(List.of(new DurableItem(1, london, fromLondon),
                new DurableItem(2, new Link(london, alice), fromLondonGw2)), 2);
        graph.feed().addListener(feed::add);
        graph.publish(new PublishBatch("gw1", "s1", ProtocolVersion.IFMAP_2,
                List.of(new PublishOperation.Update(here, List.of(capability("guest")), Lifetime.FOREVER))));
        journal.clear();
        feed.clear();
    }

    @Test
    void purgingAnOriginRemovesItsItemsOnlyInOneDurableChange() {
        threePublishers();
        Change c = graph.purgeOrigin("london");
        assertEquals(Change.Cause.ORIGIN_PURGE, c.cause());
        assertEquals(2, c.places().stream().mapToInt(p -> p.removed().size()).sum());
        assertEquals(List.of(c), feed);
        assertEquals(List.of(), graph.metadataOn(london));
        assertEquals(List.of(), graph.metadataOn(new Link(london, alice)));
        assertEquals(1, graph.metadataOn(here).size(), "what was published here stays");
        assertEquals(1, journal.size());
        assertEquals(2, journal.get(0).removed().size(), "the store forgets them too");
        assertNull(graph.purgeOrigin("london"), "nothing of that origin is left");
        assertNull(graph.purgeOrigin("tokyo"));
    }

    @Test
    void aLocalPurgePublisherLeavesTheReplicasSameNamedPublisherAlone() {
        threePublishers();
        Change c = graph.purgePublisher("gw1");
        assertEquals(1, c.places().stream().mapToInt(p -> p.removed().size()).sum());
        assertEquals(List.of(), graph.metadataOn(here));
        Metadata kept = graph.metadataOn(london).get(0);
        assertEquals("gw1", kept.publisherId());
        assertEquals("london", kept.origin());
        assertEquals(900L, kept.timestamp(), "a replica's item keeps the time it was published there");
    }
}
