package org.fedmap.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.fedmap.model.AccessRequest;
import org.fedmap.model.Cardinality;
import org.fedmap.model.Device;
import org.fedmap.model.DurableItem;
import org.fedmap.model.Identity;
import org.fedmap.model.IpAddress;
import org.fedmap.model.Lifetime;
import org.fedmap.model.Link;
import org.fedmap.model.MacAddress;
import org.fedmap.model.Metadata;
import org.fedmap.model.Target;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetadataStoreTest {
    private static final String XML = "<meta:role xmlns:meta=\"urn:x\"><name>nurse: \"a\" &amp; b\n</name></meta:role>";

    @TempDir
    Path dir;

    private static Metadata item(String publisher, long time) {
        return new Metadata("urn:x", "role", Cardinality.MULTI_VALUE, Lifetime.FOREVER, publisher, time, null, XML,
                XML.indexOf('>'), null);
    }

    private static final List<Target> TARGETS = List.of(
            new AccessRequest("ar1", ""),
            new AccessRequest("ar:2|with-5:odd", "domain 7"),
            new Device(Device.Kind.AIK_NAME, "aik"),
            Identity.of(Identity.Type.USERNAME, "jdoe"),
            new Identity(Identity.Type.OTHER,
                    "<network xmlns=\"urn:ext\" administrative-domain=\"\" name=\"n\">&#10;1|2:3</network>", "",
                    Identity.EXTENDED),
            IpAddress.v4("192.0.2.7"),
            new MacAddress("00:11:22:33:44:55", "ad"),
            new Link(new AccessRequest("ar1", ""), IpAddress.v4("192.0.2.7")));

    @Test
    void everyKindOfTargetReadsBackAsWritten() {
        for (Target t : TARGETS) {
            assertEquals(t, TargetText.decode(TargetText.encode(t)), TargetText.encode(t));
        }
    }

    @Test
    void aWriteOfExactlyWholeBatchesIsStored() {
        // 1000 items are two whole batches of the insert: no empty batch may be sent after them
        List<DurableItem> items = new java.util.ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            items.add(new DurableItem(i + 1, TARGETS.get(0), item("p", i)));
        }
        List<Long> ids = items.stream().map(DurableItem::id).toList();
        try (Database db = Database.openForTool(dir.resolve("data"))) {
            MetadataStore store = new MetadataStore(db);
            store.write(1, items, List.of());
            assertEquals(1000, store.load().items().size());
            store.write(2, List.of(), ids);
            assertEquals(0, store.load().items().size());
        }
    }

    @Test
    void aReplicasItemReadsBackWithItsOrigin() {
        Metadata fromLondon = item("gw1", 1_700_000_000_000L).replicatedFrom("london");
        try (Database db = Database.openForTool(dir.resolve("data"))) {
            MetadataStore store = new MetadataStore(db);
            store.write(2, List.of(new DurableItem(1, TARGETS.get(0), item("gw1", 5L)),
                    new DurableItem(2, TARGETS.get(1), fromLondon)), List.of());
        }
        try (Database db = Database.openForTool(dir.resolve("data"))) {
            List<DurableItem> items = new MetadataStore(db).load().items();
            assertEquals(null, items.get(0).metadata().origin(), "published here");
            assertEquals(fromLondon, items.get(1).metadata());
            assertEquals("london", items.get(1).metadata().origin());
        }
    }

    @Test
    void writesAreReadBackInIdOrderWithTheLastSequence() {
        try (Database db = Database.openForTool(dir.resolve("data"))) {
            MetadataStore store = new MetadataStore(db);
            assertEquals(new MetadataStore.Contents(List.of(), List.of(), 0), store.load());
            List<DurableItem> first = new java.util.ArrayList<>();
            for (int i = 0; i < TARGETS.size(); i++) {
                first.add(new DurableItem(10 + i, TARGETS.get(i), item("p" + i, 1_700_000_000_000L + i)));
            }
            store.write(5, first, List.of());
            store.write(9, List.of(new DurableItem(3, TARGETS.get(0), item("early", 1L))), List.of(11L, 12L));
            MetadataStore.Contents c = store.load();
            assertEquals(9, c.lastSequence());
            List<Long> ids = c.items().stream().map(DurableItem::id).toList();
            assertEquals(List.of(3L, 10L, 13L, 14L, 15L, 16L, 17L), ids);
            assertEquals(first.get(0), c.items().get(1), "an item reads back equal, XML and all");
        }
        // and it is all still there after the files were closed and opened again
        try (Database db = Database.openForTool(dir.resolve("data"))) {
            assertEquals(7, new MetadataStore(db).load().items().size());
        }
    }

    @Test
    void deactivatedIdentifiersAreKeptWithTheItemsUntilShownAgain() {
        AccessRequest odd = (AccessRequest) TARGETS.get(1);
        AccessRequest plain = (AccessRequest) TARGETS.get(0);
        try (Database db = Database.openForTool(dir.resolve("data"))) {
            MetadataStore store = new MetadataStore(db);
            store.write(1, List.of(), List.of(), List.of(odd, plain), List.of());
            // hiding again is harmless; showing one and removing its item happen in one write
            store.write(2, List.of(new DurableItem(1, plain, item("p", 1L))), List.of(), List.of(odd), List.of());
            store.write(3, List.of(), List.of(1L), List.of(), List.of(plain));
        }
        try (Database db = Database.openForTool(dir.resolve("data"))) {
            assertEquals(new MetadataStore.Contents(List.of(), List.of(odd), 3), new MetadataStore(db).load());
        }
    }

    @Test
    void aDamagedRowIsReportedNotSkipped() {
        try (Database db = Database.openForTool(dir.resolve("data"))) {
            MetadataStore store = new MetadataStore(db);
            store.write(1, List.of(new DurableItem(1, TARGETS.get(0), item("p", 1L))), List.of());
            db.transaction(c -> c.createStatement().executeUpdate("UPDATE metadata_item SET target = '2:ip5:IPV41:x0:'"));
            StoreException e = assertThrows(StoreException.class, store::load);
            assertTrue(e.getMessage().contains("metadata item 1") && e.getMessage().contains("damaged"), e.getMessage());
        }
    }
}
