package org.fedmap.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * The admin API's accounts. Read straight from the database on every check, so an account that the
 * command line adds or removes counts at once, whether or not a server runs.
 */
public final class AdminStore {
    private final Database db;
    private final NamedRows<AdminAccount> rows;

    public AdminStore(Database db) {
        this.db = db;
        this.rows = new NamedRows<>(db, "admin_account", SELECT, AdminStore::read, false);
    }

    /**
     * Adds an account.
     *
     * @throws IllegalArgumentException if the name is invalid or taken (also when it differs only in case)
     */
    public AdminAccount add(String name, String passwordHash) {
        if (!ClientRecord.isValidName(name)) {
            throw new IllegalArgumentException("invalid admin name " + (name == null ? "(none)" : "'" + name + "'")
                    + ": use 1 to " + ClientRecord.MAX_NAME_LENGTH + " letters, digits, '.', '_', '@' or '-',"
                    + " starting with a letter or digit");
        }
        AdminAccount account = new AdminAccount(name, passwordHash, Instant.now().truncatedTo(ChronoUnit.MILLIS));
        return db.transaction(c -> {
            try (PreparedStatement q = c.prepareStatement("SELECT name FROM admin_account WHERE LOWER(name) = LOWER(?)")) {
                q.setString(1, name);
                try (ResultSet rs = q.executeQuery()) {
                    if (rs.next()) {
                        throw taken(name, rs.getString(1));
                    }
                }
            }
            try (PreparedStatement ins = c.prepareStatement(
                    "INSERT INTO admin_account (name, password_hash, created_at) VALUES (?, ?, ?)")) {
                ins.setString(1, account.name());
                ins.setString(2, account.passwordHash());
                ins.setObject(3, OffsetDateTime.ofInstant(account.createdAt(), ZoneOffset.UTC));
                ins.executeUpdate();
            } catch (SQLIntegrityConstraintViolationException e) {
                throw taken(name, name); // lost a race with another process adding it
            }
            return account;
        });
    }

    private static IllegalArgumentException taken(String wanted, String existing) {
        return new IllegalArgumentException(wanted.equals(existing)
                ? "an admin named '" + wanted + "' already exists"
                : "admin name '" + wanted + "' is taken: it differs from the existing admin '" + existing
                        + "' only in case");
    }

    public Optional<AdminAccount> find(String name) {
        return rows.find(name);
    }

    /** All accounts, sorted by name. */
    public List<AdminAccount> list() {
        return rows.list();
    }

    /** Removes an account; false if there was none of that name. */
    public boolean remove(String name) {
        return rows.remove(name);
    }

    private static final String SELECT = "SELECT name, password_hash, created_at FROM admin_account";

    private static AdminAccount read(ResultSet rs) throws SQLException {
        return new AdminAccount(rs.getString(1), rs.getString(2), rs.getObject(3, OffsetDateTime.class).toInstant());
    }
}
