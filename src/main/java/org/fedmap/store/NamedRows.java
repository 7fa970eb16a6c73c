package org.fedmap.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The reads and the delete that every table of records keyed by a {@code name} column shares
 * (clients, replicas, admin accounts): one look-up, the whole list in name order, removal. Each runs
 * in its own transaction.
 *
 * @param <T> the record a row is read into
 */
final class NamedRows<T> {
    /** Reads the current row of a result set made by the table's select. */
    @FunctionalInterface
    interface RowReader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private final Database db;
    private final String table;
    private final String select;
    private final RowReader<T> reader;
    private final boolean countsChanges;

    /**
     * @param select        {@code SELECT <columns> FROM <table>}, in the column order {@code reader} expects
     * @param countsChanges whether a removal moves the change counter a running server watches
     */
    NamedRows(Database db, String table, String select, RowReader<T> reader, boolean countsChanges) {
        this.db = db;
        this.table = table;
        this.select = select;
        this.reader = reader;
        this.countsChanges = countsChanges;
    }

    Optional<T> find(String name) {
        return db.transaction(c -> {
            try (PreparedStatement q = c.prepareStatement(select + " WHERE name = ?")) {
                q.setString(1, name);
                try (ResultSet rs = q.executeQuery()) {
                    return rs.next() ? Optional.of(reader.read(rs)) : Optional.empty();
                }
            }
        });
    }

    /** Every row, sorted by name. */
    List<T> list() {
        return db.transaction(c -> {
            List<T> all = new ArrayList<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(select + " ORDER BY name")) {
                while (rs.next()) {
                    all.add(reader.read(rs));
                }
            }
            return List.copyOf(all);
        });
    }

    /** Removes the named row; false if there was none. */
    boolean remove(String name) {
        return db.transaction(c -> {
            int n;
            try (PreparedStatement del = c.prepareStatement("DELETE FROM " + table + " WHERE name = ?")) {
                del.setString(1, name);
                n = del.executeUpdate();
            }
            if (n > 0 && countsChanges) {
                ClientStore.bump(c);
            }
            return n > 0;
        });
    }
}
