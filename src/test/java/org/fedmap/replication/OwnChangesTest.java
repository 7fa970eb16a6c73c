package org.fedmap.replication;

import static org.fedmap.testsupport.Items.capability;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.fedmap.engine.Change;
import org.fedmap.engine.ChangeFeed;
import org.fedmap.engine.Graph;
import org.fedmap.engine.PublishBatch;
import org.fedmap.engine.PublishOperation;
import org.fedmap.model.AccessRequest;
import org.fedmap.model.Lifetime;
import org.fedmap.model.Metadata;
import org.fedmap.model.ProtocolVersion;
import org.junit.jupiter.api.Test;

/** What a replica pulling from this server gets: own changes from a bounded window, or snapshot parts. */
class OwnChangesTest {
    private final Graph graph = new Graph(new ChangeFeed(), () -> 1000L, null);

    private void publish(String ar, String capability) {
        graph.publish(new PublishBatch("gw1", "s", ProtocolVersion.IFMAP_2, List.of(new PublishOperation.Update(
                new AccessRequest(ar, ""), List.of(capability(capability)), Lifetime.FOREVER))));
    }

    private static List<String> names(ReplicationMessages.Batch b) {
        List<String> out = new ArrayList<>();
        for (Change.PlaceChange p : b.places()) {
            for (Metadata m : p.added()) {
                out.add("+" + ((AccessRequest) p.target()).name());
            }
            for (Metadata m : p.removed()) {
                out.add("-" + ((AccessRequest) p.target()).name());
            }
        }
        return out;
    }

    private static ReplicationMessages.Pull after(long sequence, int max) {
        return new ReplicationMessages.Pull("london", sequence, 0, max, 0);
    }

    @Test
    void aReplicaGetsTheChangesAfterWhatItAppliedInPartsOfBoundedSize() throws Exception {
        OwnChanges own = new OwnChanges(graph, "boston", 1000);
        publish("a", "x");
        publish("b", "x");
        publish("c", "x");
        ReplicationMessages.Batch all = own.answer(after(0, 100));
        assertFalse(all.snapshot());
        assertEquals(List.of("+a", "+b", "+c"), names(all));
        assertEquals(3, all.upTo());

        ReplicationMessages.Batch firstTwo = own.answer(after(0, 2));
        assertEquals(List.of("+a", "+b"), names(firstTwo));
        assertEquals(2, firstTwo.upTo());
        assertEquals(List.of("+c"), names(own.answer(after(firstTwo.upTo(), 2))));

        ReplicationMessages.Batch none = own.answer(after(3, 100));
        assertEquals(List.of(), names(none));
        assertEquals(3, none.upTo());
    }

    @Test
    void aReplicasItemsAreNeverSentOn() throws Exception {
        OwnChanges own = new OwnChanges(graph, "boston", 1000);
        graph.applyReplicated("london", "boston", List.of(new Change.PlaceChange(new AccessRequest("from-london", ""),
                List.of(capability("y").stamped("gw9", 5L, Lifetime.FOREVER, null)), List.of(), List.of())));
        publish("a", "x");
        ReplicationMessages.Batch b = own.answer(after(0, 100));
        assertEquals(List.of("+a"), names(b));
        assertEquals(2, b.upTo(), "the replica's change moves the position on all the same");
        ReplicationMessages.Batch snap = own.answer(new ReplicationMessages.Pull("tokyo", -1, 0, 100, 0));
        assertTrue(snap.snapshot());
        assertEquals(List.of("+a"), names(snap));
    }

    @Test
    void aReplicaBehindTheWindowCatchesUpFromSnapshotParts() throws Exception {
        OwnChanges own = new OwnChanges(graph, "boston", 2);
        for (String ar : List.of("a", "b", "c", "d", "e")) {
            publish(ar, "x");
        }
        ReplicationMessages.Batch first = own.answer(after(0, 2));
        assertTrue(first.snapshot(), "its position fell out of the window");
        assertEquals(List.of("+a", "+b"), names(first));
        assertTrue(first.more());
        assertEquals(5, first.upTo(), "where the feed goes on after the snapshot");
        ReplicationMessages.Batch second = own.answer(new ReplicationMessages.Pull("london", -1, first.cursor(), 2, 0));
        assertEquals(List.of("+c", "+d"), names(second));
        ReplicationMessages.Batch last = own.answer(new ReplicationMessages.Pull("london", -1, second.cursor(), 2, 0));
        assertEquals(List.of("+e"), names(last));
        assertFalse(last.more());
        assertFalse(own.answer(after(first.upTo(), 2)).snapshot(), "from there the window serves it");
    }

    @Test
    void withNoReplicaConfiguredNothingIsKeptAndALaterReplicaStartsFromASnapshot() throws Exception {
        OwnChanges own = new OwnChanges(graph, "boston", 1000);
        own.keep(false);
        publish("a", "x");
        own.keep(true);
        publish("b", "x");
        ReplicationMessages.Batch b = own.answer(after(0, 100));
        assertTrue(b.snapshot(), "change 1 was not kept");
        assertEquals(List.of("+a", "+b"), names(b));
        assertEquals(List.of("+b"), names(own.answer(after(1, 100))), "change 2 was");
    }

    @Test
    void aPullWithNothingNewWaitsForTheNextChange() throws Exception {
        OwnChanges own = new OwnChanges(graph, "boston", 1000);
        Thread later = new Thread(() -> {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                return;
            }
            publish("late", "x");
        });
        later.start();
        ReplicationMessages.Batch b = own.answer(new ReplicationMessages.Pull("london", 0, 0, 100, 30_000));
        assertEquals(List.of("+late"), names(b));
        later.join();
    }
}
