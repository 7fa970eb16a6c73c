package org.fedmap.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.fedmap.model.Cardinality;
import org.fedmap.model.DurableItem;
import org.fedmap.model.Identifier;
import org.fedmap.model.Lifetime;
import org.fedmap.model.Metadata;

/**
 * The durable metadata: every {@code lifetime="forever"} item the graph holds, one row each, the
 * identifiers an administrator deactivated, and the sequence number of the last change written. A write is one transaction, and the database
 * syncs its log to disk when a transaction commits, so a write that returned survives a crash.
 */
public final class MetadataStore {
    private static final int BATCH = 500;

    /** What the store held when read: the items in id order, the hidden identifiers and the last sequence number written. */
    public record Contents(List<DurableItem> items, List<Identifier> hidden, long lastSequence) {
        public Contents {
            items = List.copyOf(items);
            hidden = List.copyOf(hidden);
        }
    }

    private final Database db;

    public MetadataStore(Database db) {
        this.db = db;
    }

    /** Writes one group of changes: added items, removed items (by id) and the new sequence number. */
    public void write(long lastSequence, List<DurableItem> added, List<Long> removed) {
        write(lastSequence, added, removed, List.of(), List.of());
    }

    /**
     * Writes one group of changes in one transaction: added items, removed items (by id), identifiers
     * hidden and shown again, and the new sequence number.
     */
    public void write(long lastSequence, List<DurableItem> added, List<Long> removed, List<Identifier> hidden,
                      List<Identifier> shown) {
        db.transaction(c -> {
            if (!hidden.isEmpty() || !shown.isEmpty()) {
                try (PreparedStatement del = c.prepareStatement("DELETE FROM hidden_identifier WHERE target = ?");
                     PreparedStatement ins = c.prepareStatement("INSERT INTO hidden_identifier (target) VALUES (?)")) {
                    for (Identifier id : shown) {
                        del.setString(1, TargetText.encode(id));
                        del.executeUpdate();
                    }
                    for (Identifier id : hidden) {
                        // delete first: hiding what is hidden already must not fail on the key
                        del.setString(1, TargetText.encode(id));
                        del.executeUpdate();
                        ins.setString(1, TargetText.encode(id));
                        ins.executeUpdate();
                    }
                }
            }
            if (!removed.isEmpty()) {
                try (PreparedStatement del = c.prepareStatement("DELETE FROM metadata_item WHERE id = ?")) {
                    int n = 0;
                    for (long id : removed) {
                        del.setLong(1, id);
                        del.addBatch();
                        if (++n % BATCH == 0) {
                            del.executeBatch();
                        }
                    }
                    if (n % BATCH != 0) {
                        del.executeBatch(); // HSQLDB refuses to run an empty batch
                    }
                }
            }
            if (!added.isEmpty()) {
                try (PreparedStatement ins = c.prepareStatement("INSERT INTO metadata_item (id, target, namespace,"
                        + " local_name, cardinality, publisher_id, published_at, attributes_end, xml, origin)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                    int n = 0;
                    for (DurableItem d : added) {
                        Metadata m = d.metadata();
                        ins.setLong(1, d.id());
                        ins.setString(2, TargetText.encode(d.target()));
                        ins.setString(3, m.namespace());
                        ins.setString(4, m.localName());
                        ins.setString(5, m.cardinality().name());
                        ins.setString(6, m.publisherId());
                        ins.setLong(7, m.timestamp());
                        ins.setInt(8, m.attributesEnd());
                        ins.setString(9, m.xml());
                        ins.setString(10, m.origin());
                        ins.addBatch();
                        if (++n % BATCH == 0) {
                            ins.executeBatch();
                        }
                    }
                    if (n % BATCH != 0) {
                        ins.executeBatch(); // HSQLDB refuses to run an empty batch
                    }
                }
            }
            try (PreparedStatement seq = c.prepareStatement("UPDATE graph_state SET last_sequence = ? WHERE id = 1")) {
                seq.setLong(1, lastSequence);
                seq.executeUpdate();
            }
            return null;
        });
    }

    /**
     * Reads everything back, for rebuilding the graph at start.
     *
     * @throws StoreException when a row cannot be read back as what was written (the store is damaged)
     */
    public Contents load() {
        return db.transaction(c -> {
            long last;
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT last_sequence FROM graph_state WHERE id = 1")) {
                if (!rs.next()) {
                    throw new SQLException("the graph state row is missing");
                }
                last = rs.getLong(1);
            }
            List<DurableItem> items = new ArrayList<>();
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT id, target, namespace, local_name, cardinality, publisher_id,"
                         + " published_at, attributes_end, xml, origin FROM metadata_item ORDER BY id")) {
                while (rs.next()) {
                    items.add(read(rs));
                }
            }
            List<Identifier> hidden = new ArrayList<>();
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT target FROM hidden_identifier ORDER BY target")) {
                while (rs.next()) {
                    hidden.add(readHidden(rs.getString(1)));
                }
            }
            return new Contents(items, hidden, last);
        });
    }

    private Identifier readHidden(String text) {
        try {
            if (TargetText.decode(text) instanceof Identifier id) {
                return id;
            }
            throw new IllegalArgumentException("a link, not an identifier");
        } catch (RuntimeException e) {
            throw new StoreException("deactivated identifier '" + text + "' in " + db.directory()
                    + " cannot be read back (" + e.getMessage() + "); the store is damaged", e);
        }
    }

    private DurableItem read(ResultSet rs) throws SQLException {
        long id = rs.getLong(1);
        try {
            Metadata m = new Metadata(rs.getString(3), rs.getString(4), Cardinality.valueOf(rs.getString(5)),
                    Lifetime.FOREVER, rs.getString(6), rs.getLong(7), null, rs.getString(9), rs.getInt(8),
                    rs.getString(10));
            return new DurableItem(id, TargetText.decode(rs.getString(2)), m);
        } catch (RuntimeException e) {
            throw new StoreException("metadata item " + id + " in " + db.directory() + " cannot be read back ("
                    + e.getMessage() + "); the store is damaged", e);
        }
    }
}
