package org.fedmap.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * The configured replica servers. Every change bumps the same change counter as client changes, in
 * the same transaction, so a running server notices a replica added or removed by the command line
 * the way it notices a client.
 *
 * <p>The store keeps a basic replica's password only in the sealed (encrypted) form the caller gives
 * it; sealing and opening it is the replication package's business, with a key kept outside the
 * database (see {@code org.fedmap.replication.ReplicaKey}).
 */
public final class ReplicaStore {
    private final Database db;
    private final NamedRows<ReplicaRecord> rows;

    public ReplicaStore(Database db) {
        this.db = db;
        this.rows = new NamedRows<>(db, "replica", SELECT, ReplicaStore::read, true);
    }

    /**
     * Configures a replica.
     *
     * @throws IllegalArgumentException if the name is taken (names that differ only in case count as
     *     taken, so operators cannot confuse two replicas)
     */
    public ReplicaRecord add(ReplicaRecord given) {
        // Millisecond precision is what the column keeps; the returned record equals what find() reads.
        ReplicaRecord record = new ReplicaRecord(given.name(), given.url(), given.hostname(), given.allowedSources(),
                given.authMethod(), given.user(), given.sealedPassword(), given.caCertificates(),
                given.restrictions(), given.createdAt().truncatedTo(ChronoUnit.MILLIS));
        return db.transaction(c -> {
            try (PreparedStatement q = c.prepareStatement("SELECT name FROM replica WHERE LOWER(name) = LOWER(?)")) {
                q.setString(1, record.name());
                try (ResultSet rs = q.executeQuery()) {
                    if (rs.next()) {
                        throw taken(record.name(), rs.getString(1));
                    }
                }
            }
            try (PreparedStatement ins = c.prepareStatement("INSERT INTO replica (" + COLUMNS + ")"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                ins.setString(1, record.name());
                ins.setString(2, record.url());
                ins.setString(3, record.hostname());
                ins.setString(4, String.join("\n", record.allowedSources()));
                ins.setString(5, record.authMethod().name());
                ins.setString(6, record.user());
                ins.setString(7, record.sealedPassword());
                ins.setString(8, record.caCertificates());
                ins.setString(9, String.join("\n", record.restrictions()));
                ins.setObject(10, OffsetDateTime.ofInstant(record.createdAt(), ZoneOffset.UTC));
                ins.executeUpdate();
            } catch (SQLIntegrityConstraintViolationException e) {
                // lost a race with another process adding the same replica
                throw taken(record.name(), record.name());
            }
            ClientStore.bump(c);
            return record;
        });
    }

    private static IllegalArgumentException taken(String wanted, String existing) {
        return new IllegalArgumentException(wanted.equals(existing)
                ? "a replica named '" + wanted + "' already exists"
                : "replica name '" + wanted + "' is taken: it differs from the existing replica '" + existing
                        + "' only in case");
    }

    public Optional<ReplicaRecord> find(String name) {
        return rows.find(name);
    }

    /** All replicas, sorted by name. */
    public List<ReplicaRecord> list() {
        return rows.list();
    }

    /** Removes a replica's configuration; false if there was none of that name. */
    public boolean remove(String name) {
        return rows.remove(name);
    }

    /** The store's change counter (shared with clients and settings); compare it to notice changes. */
    public long version() {
        return new ClientStore(db).version();
    }

    private static final String COLUMNS = "name, url, hostname, allowed_sources, auth_method, user_name,"
            + " sealed_password, ca_certificates, restrictions, created_at";
    private static final String SELECT = "SELECT " + COLUMNS + " FROM replica";

    private static List<String> lines(String text) {
        return text == null || text.isEmpty() ? List.of() : List.of(text.split("\n"));
    }

    private static ReplicaRecord read(ResultSet rs) throws SQLException {
        String method = rs.getString(5);
        AuthMethod auth;
        try {
            auth = AuthMethod.valueOf(method);
        } catch (IllegalArgumentException e) {
            throw new SQLException("replica '" + rs.getString(1) + "' has an unknown authentication method '"
                    + method + "' (written by a newer fedmap?)", e);
        }
        return new ReplicaRecord(rs.getString(1), rs.getString(2), rs.getString(3), lines(rs.getString(4)), auth,
                rs.getString(6), rs.getString(7), rs.getString(8), lines(rs.getString(9)),
                rs.getObject(10, OffsetDateTime.class).toInstant());
    }
}
