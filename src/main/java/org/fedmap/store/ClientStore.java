package org.fedmap.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The registered clients and a few server settings. Every change also bumps a counter in the same
 * transaction, so a running server learns that something changed by reading one number.
 */
public final class ClientStore {
    private static final int MAX_SETTING_KEY = 128;
    private static final int MAX_SETTING_VALUE = 4000;

    private final Database db;
    private final NamedRows<ClientRecord> rows;

    public ClientStore(Database db) {
        this.db = db;
        this.rows = new NamedRows<>(db, "client", SELECT, ClientStore::read, true);
    }

    /**
     * Registers a client using basic authentication, with no restrictions; its publisher-id is its name.
     *
     * @throws IllegalArgumentException if the name is invalid or already taken
     */
    public ClientRecord add(String name, String passwordHash) {
        // Millisecond precision is what the column keeps; the returned record equals what find() reads.
        return add(ClientRecord.basic(name, passwordHash, Instant.now().truncatedTo(ChronoUnit.MILLIS)));
    }

    /**
     * Registers a client.
     *
     * @throws IllegalArgumentException if the name is already taken (names that differ only in case
     *     count as taken, so operators cannot confuse two clients)
     */
    public ClientRecord add(ClientRecord given) {
        ClientRecord record = given.createdAt().equals(given.createdAt().truncatedTo(ChronoUnit.MILLIS)) ? given
                : new ClientRecord(given.name(), given.publisherId(), given.authMethod(), given.passwordHash(),
                        given.caCertificates(), given.certSubjects(), given.allowedSources(), given.readOnly(),
                        given.purgeOthers(), given.expires(), given.maxSessions(), given.maxMetadata(),
                        given.enabled(), given.description(), given.createdAt().truncatedTo(ChronoUnit.MILLIS));
        return db.transaction(c -> {
            try (PreparedStatement q = c.prepareStatement(
                    "SELECT name FROM client WHERE LOWER(name) = LOWER(?) OR LOWER(publisher_id) = LOWER(?)")) {
                q.setString(1, record.name());
                q.setString(2, record.publisherId());
                try (ResultSet rs = q.executeQuery()) {
                    if (rs.next()) {
                        throw taken(record.name(), rs.getString(1));
                    }
                }
            }
            try (PreparedStatement ins = c.prepareStatement("INSERT INTO client (" + COLUMNS + ")"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                bind(ins, record);
                ins.executeUpdate();
            } catch (SQLIntegrityConstraintViolationException e) {
                // Lost a race with another process adding the same client.
                throw taken(record.name(), record.name());
            }
            bump(c);
            return record;
        });
    }

    /**
     * Replaces a client's record with what {@code change} makes of it, in one transaction.
     *
     * @return the record as stored now
     * @throws IllegalArgumentException if there is no such client, or the change is invalid
     */
    public ClientRecord update(String name, UnaryOperator<ClientRecord> change) {
        return db.transaction(c -> {
            ClientRecord before;
            try (PreparedStatement q = c.prepareStatement(SELECT + " WHERE name = ? FOR UPDATE")) {
                q.setString(1, name);
                try (ResultSet rs = q.executeQuery()) {
                    if (!rs.next()) {
                        throw new IllegalArgumentException("no client named '" + name + "'");
                    }
                    before = read(rs);
                }
            }
            ClientRecord after = change.apply(before);
            if (!after.name().equals(before.name()) || !after.publisherId().equals(before.publisherId())
                    || !after.createdAt().equals(before.createdAt())) {
                throw new IllegalArgumentException("a client's name, publisher-id and creation time cannot change");
            }
            if (after.equals(before)) {
                return before;
            }
            try (PreparedStatement del = c.prepareStatement("DELETE FROM client WHERE name = ?")) {
                del.setString(1, name);
                del.executeUpdate();
            }
            try (PreparedStatement ins = c.prepareStatement("INSERT INTO client (" + COLUMNS + ")"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                bind(ins, after);
                ins.executeUpdate();
            }
            bump(c);
            return after;
        });
    }

    private static IllegalArgumentException taken(String wanted, String existing) {
        return new IllegalArgumentException(wanted.equals(existing)
                ? "a client named '" + wanted + "' already exists"
                : "client name '" + wanted + "' is taken: it differs from the existing client '" + existing
                        + "' only in case");
    }

    public Optional<ClientRecord> find(String name) {
        return rows.find(name);
    }

    /** All clients, sorted by name. */
    public List<ClientRecord> list() {
        return rows.list();
    }

    /** Removes a client; false if there was none of that name. */
    public boolean remove(String name) {
        return rows.remove(name);
    }

    public boolean isEmpty() {
        return db.transaction(c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM client")) {
                rs.next();
                return rs.getLong(1) == 0;
            }
        });
    }

    /** A number that changes whenever clients or settings change; compare it to notice changes. */
    public long version() {
        return db.transaction(c -> {
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT counter FROM store_version WHERE id = 1")) {
                if (!rs.next()) {
                    throw new SQLException("the change counter is missing");
                }
                return rs.getLong(1);
            }
        });
    }

    public Optional<String> setting(String key) {
        checkKey(key);
        return db.transaction(c -> {
            try (PreparedStatement q = c.prepareStatement("SELECT content FROM setting WHERE name = ?")) {
                q.setString(1, key);
                try (ResultSet rs = q.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
                }
            }
        });
    }

    public void putSetting(String key, String value) {
        checkKey(key);
        if (value == null || value.length() > MAX_SETTING_VALUE) {
            throw new IllegalArgumentException("setting '" + key + "' needs a value of at most "
                    + MAX_SETTING_VALUE + " characters");
        }
        db.transaction(c -> {
            try (PreparedStatement m = c.prepareStatement("MERGE INTO setting USING (VALUES (CAST(? AS VARCHAR("
                    + MAX_SETTING_KEY + ")), CAST(? AS VARCHAR(" + MAX_SETTING_VALUE + ")))) AS v(name, content)"
                    + " ON setting.name = v.name"
                    + " WHEN MATCHED THEN UPDATE SET setting.content = v.content"
                    + " WHEN NOT MATCHED THEN INSERT VALUES (v.name, v.content)")) {
                m.setString(1, key);
                m.setString(2, value);
                m.executeUpdate();
            }
            bump(c);
            return null;
        });
    }

    private static void checkKey(String key) {
        if (key == null || key.isBlank() || key.length() > MAX_SETTING_KEY) {
            throw new IllegalArgumentException("setting names must be 1 to " + MAX_SETTING_KEY + " characters");
        }
    }

    private static final String COLUMNS = "name, publisher_id, auth_method, password_hash, created_at,"
            + " ca_certificates, cert_subjects, allowed_sources, read_only, purge_others, expires, max_sessions,"
            + " max_metadata, enabled, description";
    private static final String SELECT = "SELECT " + COLUMNS + " FROM client";

    private static void bind(PreparedStatement ins, ClientRecord r) throws SQLException {
        ins.setString(1, r.name());
        ins.setString(2, r.publisherId());
        ins.setString(3, r.authMethod().name());
        ins.setString(4, r.passwordHash());
        ins.setObject(5, OffsetDateTime.ofInstant(r.createdAt(), ZoneOffset.UTC));
        ins.setString(6, r.caCertificates());
        ins.setString(7, String.join("\n", r.certSubjects()));
        ins.setString(8, String.join("\n", r.allowedSources()));
        ins.setBoolean(9, r.readOnly());
        ins.setBoolean(10, r.purgeOthers());
        ins.setObject(11, r.expires());
        ins.setObject(12, r.maxSessions());
        ins.setObject(13, r.maxMetadata());
        ins.setBoolean(14, r.enabled());
        ins.setString(15, r.description());
    }

    private static List<String> lines(String text) {
        return text == null || text.isEmpty() ? List.of() : List.of(text.split("\n"));
    }

    private static ClientRecord read(ResultSet rs) throws SQLException {
        String method = rs.getString(3);
        AuthMethod auth;
        try {
            auth = AuthMethod.valueOf(method);
        } catch (IllegalArgumentException e) {
            throw new SQLException("client '" + rs.getString(1) + "' has an unknown authentication method '"
                    + method + "' (written by a newer fedmap?)", e);
        }
        long maxMetadata = rs.getLong(13);
        Long maxMetadataOrNull = rs.wasNull() ? null : maxMetadata;
        int maxSessions = rs.getInt(12);
        Integer maxSessionsOrNull = rs.wasNull() ? null : maxSessions;
        return new ClientRecord(rs.getString(1), rs.getString(2), auth, rs.getString(4), rs.getString(6),
                lines(rs.getString(7)), lines(rs.getString(8)), rs.getBoolean(9), rs.getBoolean(10),
                rs.getObject(11, LocalDate.class), maxSessionsOrNull, maxMetadataOrNull, rs.getBoolean(14),
                rs.getString(15), rs.getObject(5, OffsetDateTime.class).toInstant());
    }

    /** Moves the change counter on; every change to what the store holds calls it in its own transaction. */
    static void bump(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE store_version SET counter = counter + 1 WHERE id = 1");
        }
    }
}
