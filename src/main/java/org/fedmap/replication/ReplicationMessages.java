package org.fedmap.replication;

import java.util.ArrayList;
import java.util.List;
import org.fedmap.engine.Change;
import org.fedmap.model.Cardinality;
import org.fedmap.model.Lifetime;
import org.fedmap.model.Metadata;
import org.fedmap.model.Target;
import org.fedmap.store.TargetText;
import org.fedmap.xml.XmlElement;
import org.fedmap.xml.XmlWriter;

/**
 * The replication protocol's two messages, in fedmap's own namespace, carried over the IF-MAP HTTPS
 * endpoint: a replica's {@link Pull} asks for what changed in this server's own data after a sequence
 * number (or for a snapshot of it), and the {@link Batch} answers it. Items travel with everything the
 * receiver needs to hold them exactly as the origin does: qualified name, cardinality, lifetime,
 * publisher-id, timestamp and the element's XML.
 */
public final class ReplicationMessages {
    public static final String NAMESPACE = "urn:fedmap:replication:1";
    private static final String P = "repl:";

    private ReplicationMessages() {
    }

    /**
     * A replica asking for this server's own changes.
     *
     * @param serverId   the asking server's id
     * @param after      the last sequence number it applied; negative to ask for a snapshot instead
     * @param cursor     for a snapshot: where the part starts, as the last part's answer said (0 to start)
     * @param maxItems   at most about this many items in the answer
     * @param waitMillis how long the answer may wait for a change when there is none yet
     */
    public record Pull(String serverId, long after, long cursor, int maxItems, long waitMillis) {
        public Pull {
            checkServerId(serverId);
            if (maxItems <= 0 || waitMillis < 0 || cursor < 0) {
                throw new IllegalArgumentException("max-items must be positive, wait-ms and cursor not negative");
            }
        }

        public boolean wantsSnapshot() {
            return after < 0;
        }
    }

    /**
     * What changed in the answering server's own data, or a part of a snapshot of it.
     *
     * @param serverId the answering (origin) server's id
     * @param snapshot whether {@code places} are a snapshot part (all items added) rather than changes
     * @param upTo     a feed: the sequence number the places bring the receiver to; a snapshot: the
     *                 sequence its first part was taken at, where the feed goes on afterwards
     * @param cursor   a snapshot: where the next part starts, for the next pull
     * @param more     a snapshot: whether more parts follow
     * @param places   per identifier or link, in the origin's order
     */
    public record Batch(String serverId, boolean snapshot, long upTo, long cursor, boolean more,
                        List<Change.PlaceChange> places) {
        public Batch {
            checkServerId(serverId);
            places = List.copyOf(places);
        }
    }

    private static void checkServerId(String serverId) {
        if (!ServerId.isValid(serverId)) {
            throw new IllegalArgumentException("server-id '" + serverId + "' is not one: " + ServerId.rule());
        }
    }

    public static String encode(Pull p) {
        return new XmlWriter(256).start(P + "pull").namespace("repl", NAMESPACE)
                .attribute("server-id", p.serverId()).attribute("after", Long.toString(p.after()))
                .attribute("cursor", Long.toString(p.cursor())).attribute("max-items", Integer.toString(p.maxItems()))
                .attribute("wait-ms", Long.toString(p.waitMillis())).end(P + "pull").toString();
    }

    public static String encode(Batch b) {
        XmlWriter w = new XmlWriter(4096).start(P + "batch").namespace("repl", NAMESPACE)
                .attribute("server-id", b.serverId()).attribute("kind", b.snapshot() ? "snapshot" : "feed")
                .attribute("up-to", Long.toString(b.upTo())).attribute("cursor", Long.toString(b.cursor()))
                .attribute("more", Boolean.toString(b.more()));
        for (Change.PlaceChange pc : b.places()) {
            w.start(P + "place").attribute("target", TargetText.encode(pc.target()));
            items(w, "added", pc.added());
            items(w, "removed", pc.removed());
            items(w, "notified", pc.notified());
            w.end(P + "place");
        }
        return w.end(P + "batch").toString();
    }

    private static void items(XmlWriter w, String kind, List<Metadata> items) {
        for (Metadata m : items) {
            w.start(P + kind).attribute("ns", m.namespace()).attribute("name", m.localName())
                    .attribute("cardinality", m.cardinality().xmlValue()).attribute("lifetime", m.lifetime().name())
                    .optionalAttribute("publisher", m.publisherId()).attribute("time", Long.toString(m.timestamp()))
                    .attribute("attributes-end", Integer.toString(m.attributesEnd())).text(m.xml())
                    .end(P + kind);
        }
    }

    /** Whether a request or answer document is one of these messages (by its root's namespace). */
    public static boolean isReplication(XmlElement root) {
        return NAMESPACE.equals(root.namespace());
    }

    /** @throws IllegalArgumentException when {@code root} is not a well-formed pull */
    public static Pull decodePull(XmlElement root) {
        expect(root, "pull");
        return new Pull(required(root, "server-id"), number(root, "after"), number(root, "cursor"),
                (int) Math.min(Integer.MAX_VALUE, number(root, "max-items")), number(root, "wait-ms"));
    }

    /** @throws IllegalArgumentException when {@code root} is not a well-formed batch */
    public static Batch decodeBatch(XmlElement root) {
        expect(root, "batch");
        String kind = required(root, "kind");
        if (!kind.equals("feed") && !kind.equals("snapshot")) {
            throw new IllegalArgumentException("batch kind must be feed or snapshot, not '" + kind + "'");
        }
        List<Change.PlaceChange> places = new ArrayList<>();
        for (XmlElement place : root.elements()) {
            expect(place, "place");
            Target target = TargetText.decode(required(place, "target"));
            List<Metadata> added = new ArrayList<>();
            List<Metadata> removed = new ArrayList<>();
            List<Metadata> notified = new ArrayList<>();
            for (XmlElement item : place.elements()) {
                if (!NAMESPACE.equals(item.namespace())) {
                    throw new IllegalArgumentException("unexpected element " + item.qualifiedName() + " in a place");
                }
                List<Metadata> into = switch (item.localName()) {
                    case "added" -> added;
                    case "removed" -> removed;
                    case "notified" -> notified;
                    default -> throw new IllegalArgumentException("unexpected element " + item.localName()
                            + " in a place");
                };
                into.add(item(item));
            }
            places.add(new Change.PlaceChange(target, added, removed, notified));
        }
        return new Batch(required(root, "server-id"), kind.equals("snapshot"), number(root, "up-to"),
                number(root, "cursor"), Boolean.parseBoolean(required(root, "more")), places);
    }

    private static Metadata item(XmlElement e) {
        Cardinality cardinality = Cardinality.fromXml(required(e, "cardinality"));
        if (cardinality == null) {
            throw new IllegalArgumentException("unknown cardinality '" + e.attribute("cardinality") + "'");
        }
        Lifetime lifetime;
        try {
            lifetime = Lifetime.valueOf(required(e, "lifetime"));
        } catch (IllegalArgumentException bad) {
            throw new IllegalArgumentException("unknown lifetime '" + e.attribute("lifetime") + "'");
        }
        return new Metadata(required(e, "ns"), required(e, "name"), cardinality, lifetime, e.attribute("publisher"),
                number(e, "time"), null, e.textContent(), (int) number(e, "attributes-end"), null);
    }

    private static void expect(XmlElement e, String localName) {
        if (!NAMESPACE.equals(e.namespace()) || !e.localName().equals(localName)) {
            throw new IllegalArgumentException("expected repl:" + localName + ", found " + e.qualifiedName());
        }
    }

    private static String required(XmlElement e, String attribute) {
        String v = e.attribute(attribute);
        if (v == null) {
            throw new IllegalArgumentException(e.localName() + " has no " + attribute);
        }
        return v;
    }

    private static long number(XmlElement e, String attribute) {
        String v = required(e, attribute);
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException bad) {
            throw new IllegalArgumentException(e.localName() + " " + attribute + " '" + v + "' is not a number");
        }
    }
}
