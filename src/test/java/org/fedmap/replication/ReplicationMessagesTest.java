package org.fedmap.replication;

import static org.fedmap.testsupport.Items.capability;
import static org.fedmap.testsupport.Items.meta;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.fedmap.engine.Change;
import org.fedmap.model.AccessRequest;
import org.fedmap.model.Identity;
import org.fedmap.model.IpAddress;
import org.fedmap.model.Lifetime;
import org.fedmap.model.Link;
import org.fedmap.model.Metadata;
import org.fedmap.xml.SafeXmlReader;
import org.junit.jupiter.api.Test;

/** The replication messages read back exactly as written, items byte for byte, and bad ones are refused. */
class ReplicationMessagesTest {
    private static final SafeXmlReader READER = new SafeXmlReader();

    @Test
    void aPullReadsBackAsWritten() throws Exception {
        ReplicationMessages.Pull p = new ReplicationMessages.Pull("london-1", 1234, 0, 5000, 20_000);
        String xml = ReplicationMessages.encode(p);
        assertTrue(ReplicationMessages.isReplication(READER.parse(xml)));
        assertEquals(p, ReplicationMessages.decodePull(READER.parse(xml)));
        assertTrue(new ReplicationMessages.Pull("x", -1, 77, 1, 0).wantsSnapshot());
    }

    @Test
    void aBatchCarriesItemsExactlyWithEveryOperationalFact() throws Exception {
        Metadata odd = meta("<meta:event ifmap-cardinality=\"multiValue\"><name>a &amp; b\r\n\t&lt;c&gt; \"q\"</name>"
                + "</meta:event>").stamped("gw1", 1_700_000_000_123L, Lifetime.SESSION, "sess-1");
        Metadata cap = capability("engineering").stamped("gw2", 5L, Lifetime.FOREVER, null);
        AccessRequest ar = new AccessRequest("gw1:sid1", "east");
        List<Change.PlaceChange> places = List.of(
                new Change.PlaceChange(ar, List.of(cap), List.of(), List.of()),
                new Change.PlaceChange(new Link(ar, Identity.of(Identity.Type.USERNAME, "alice")), List.of(odd),
                        List.of(cap), List.of(odd)),
                new Change.PlaceChange(IpAddress.v4("192.0.2.7"), List.of(), List.of(cap), List.of()));
        ReplicationMessages.Batch b = new ReplicationMessages.Batch("boston", false, 99, 0, false, places);
        ReplicationMessages.Batch back = ReplicationMessages.decodeBatch(READER.parse(ReplicationMessages.encode(b)));
        assertEquals("boston", back.serverId());
        assertEquals(99, back.upTo());
        assertEquals(3, back.places().size());
        assertEquals(ar, back.places().get(0).target());
        // the session-id stays at the origin: a replica's items belong to no session of the receiver
        Metadata oddBack = back.places().get(1).added().get(0);
        assertEquals(new Metadata(odd.namespace(), odd.localName(), odd.cardinality(), odd.lifetime(), odd.publisherId(),
                odd.timestamp(), null, odd.xml(), odd.attributesEnd(), null), oddBack);
        assertEquals(cap, back.places().get(1).removed().get(0));
        assertEquals(oddBack, back.places().get(1).notified().get(0));
        assertEquals(b.places().get(2).target(), back.places().get(2).target());
    }

    @Test
    void damagedMessagesAreRefusedWithTheReason() throws Exception {
        String ns = "xmlns:repl=\"" + ReplicationMessages.NAMESPACE + "\"";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ReplicationMessages.decodePull(
                READER.parse("<repl:pull " + ns + " server-id=\"b\" after=\"x\" cursor=\"0\" max-items=\"1\" wait-ms=\"0\"/>")));
        assertEquals("pull after 'x' is not a number", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ReplicationMessages.decodePull(
                READER.parse("<repl:pull " + ns + " server-id=\"no spaces\" after=\"1\" cursor=\"0\" max-items=\"1\""
                        + " wait-ms=\"0\"/>")));
        assertTrue(e.getMessage().startsWith("server-id 'no spaces' is not one"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ReplicationMessages.decodeBatch(
                READER.parse("<repl:batch " + ns + " server-id=\"b\" kind=\"feed\" up-to=\"1\" cursor=\"0\" more=\"false\">"
                        + "<repl:place target=\"broken\"/></repl:batch>")));
        e = assertThrows(IllegalArgumentException.class, () -> ReplicationMessages.decodePull(
                READER.parse("<pull server-id=\"b\"/>")));
        assertEquals("expected repl:pull, found pull", e.getMessage());
    }
}
