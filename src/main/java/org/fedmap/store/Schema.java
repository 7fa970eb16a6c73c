package org.fedmap.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The database layout and how to get there from any earlier one. Steps are applied in order and
 * recorded in {@code schema_version}; each statement may be run again safely, because HSQLDB commits
 * DDL at once and a crash can leave a step half done.
 */
final class Schema {
    private static final List<List<String>> STEPS = List.of(
            // 1: clients, the change counter and server settings
            List.of(
                    // Readers (the server authenticating) should not wait for a writer (the CLI).
                    "SET DATABASE TRANSACTION CONTROL MVCC",
                    "CREATE TABLE IF NOT EXISTS client ("
                            + " name VARCHAR(64) NOT NULL PRIMARY KEY,"
                            + " publisher_id VARCHAR(64) NOT NULL,"
                            + " auth_method VARCHAR(32) NOT NULL,"
                            + " password_hash VARCHAR(512),"
                            + " created_at TIMESTAMP(3) WITH TIME ZONE NOT NULL,"
                            + " CONSTRAINT client_publisher_id_unique UNIQUE (publisher_id))",
                    "CREATE TABLE IF NOT EXISTS store_version (id INTEGER NOT NULL PRIMARY KEY, counter BIGINT NOT NULL)",
                    "MERGE INTO store_version USING (VALUES (1)) AS v(id) ON store_version.id = v.id"
                            + " WHEN NOT MATCHED THEN INSERT VALUES (1, 0)",
                    "CREATE TABLE IF NOT EXISTS setting ("
                            + " name VARCHAR(128) NOT NULL PRIMARY KEY,"
                            + " content VARCHAR(4000) NOT NULL)"),
            // 2: certificate clients, source-address rules, permissions, expiry, caps, enabled
            List.of(
                    "ALTER TABLE client ADD COLUMN IF NOT EXISTS ca_certificates VARCHAR(262144)",
                    "ALTER TABLE client ADD COLUMN IF NOT EXISTS cert_subjects VARCHAR(16384) DEFAULT '' NOT NULL",
                    "ALTER TABLE client ADD COLUMN IF NOT EXISTS allowed_sources VARCHAR(16384) DEFAULT '' NOT NULL",
                    "ALTER TABLE client ADD COLUMN IF NOT EXISTS read_only BOOLEAN DEFAULT FALSE NOT NULL",
                    "ALTER TABLE client ADD COLUMN IF NOT EXISTS purge_others BOOLEAN DEFAULT FALSE NOT NULL",
                    "ALTER TABLE client ADD COLUMN IF NOT EXISTS expires DATE",
                    "ALTER TABLE client ADD COLUMN IF NOT EXISTS max_sessions INTEGER",
                    "ALTER TABLE client ADD COLUMN IF NOT EXISTS max_metadata BIGINT",
                    "ALTER TABLE client ADD COLUMN IF NOT EXISTS enabled BOOLEAN DEFAULT TRUE NOT NULL",
                    "ALTER TABLE client ADD COLUMN IF NOT EXISTS description VARCHAR(1000) DEFAULT '' NOT NULL"),
            // 3: durable metadata (lifetime forever) and where the change feed's numbering stands.
            // CACHED: the rows live on disk, not a second time in memory beside the graph.
            List.of(
                    "CREATE CACHED TABLE IF NOT EXISTS metadata_item ("
                            + " id BIGINT NOT NULL PRIMARY KEY,"
                            + " target VARCHAR(1048576) NOT NULL,"
                            + " namespace VARCHAR(4096) NOT NULL,"
                            + " local_name VARCHAR(1024) NOT NULL,"
                            + " cardinality VARCHAR(16) NOT NULL,"
                            + " publisher_id VARCHAR(256),"
                            + " published_at BIGINT NOT NULL,"
                            + " attributes_end INTEGER NOT NULL,"
                            + " xml VARCHAR(16777216) NOT NULL)",
                    "CREATE TABLE IF NOT EXISTS graph_state (id INTEGER NOT NULL PRIMARY KEY,"
                            + " last_sequence BIGINT NOT NULL)",
                    "MERGE INTO graph_state USING (VALUES (1)) AS v(id) ON graph_state.id = v.id"
                            + " WHEN NOT MATCHED THEN INSERT VALUES (1, 0)"),
            // 4: accounts of the admin API, apart from IF-MAP clients
            List.of(
                    "CREATE TABLE IF NOT EXISTS admin_account ("
                            + " name VARCHAR(64) NOT NULL PRIMARY KEY,"
                            + " password_hash VARCHAR(512) NOT NULL,"
                            + " created_at TIMESTAMP(3) WITH TIME ZONE NOT NULL)"),
            // 5: identifiers an administrator deactivated (federated sessions hidden from clients); few
            // rows, so a memory table
            List.of(
                    "CREATE TABLE IF NOT EXISTS hidden_identifier (target VARCHAR(1048576) NOT NULL PRIMARY KEY)"),
            // 6: replica IF-MAP servers this one is configured to replicate with
            List.of(
                    "CREATE TABLE IF NOT EXISTS replica ("
                            + " name VARCHAR(64) NOT NULL PRIMARY KEY,"
                            + " url VARCHAR(2048) NOT NULL,"
                            + " hostname VARCHAR(253) NOT NULL,"
                            + " allowed_sources VARCHAR(16384) NOT NULL,"
                            + " auth_method VARCHAR(32) NOT NULL,"
                            + " user_name VARCHAR(64),"
                            + " sealed_password VARCHAR(1024),"
                            + " ca_certificates VARCHAR(262144),"
                            + " restrictions VARCHAR(16384) DEFAULT '' NOT NULL,"
                            + " created_at TIMESTAMP(3) WITH TIME ZONE NOT NULL)"),
            // 7: the replica server a durable item was published at (null: this server), so that a replica's
            // data can be told apart, purged and resynced after a restart
            List.of(
                    "ALTER TABLE metadata_item ADD COLUMN IF NOT EXISTS origin VARCHAR(64)"));

    /** The layout this build writes. */
    static final int CURRENT = STEPS.size();

    private Schema() {
    }

    /** Brings the database to {@link #CURRENT}; refuses a layout written by a newer build. */
    static void upgrade(Connection c, String where) throws SQLException {
        int found = version(c);
        checkNotNewer(found, where);
        c.setAutoCommit(true);
        try (Statement s = c.createStatement()) {
            for (int step = found + 1; step <= CURRENT; step++) {
                for (String sql : STEPS.get(step - 1)) {
                    s.execute(sql);
                }
                s.execute("INSERT INTO schema_version (version) VALUES (" + step + ")");
            }
        }
    }

    /**
     * Checks the layout of a database that a running server owns. A tool must not restructure it
     * underneath the server, so an older layout is an error here rather than a reason to upgrade.
     */
    static void check(Connection c, String where) throws SQLException {
        int found = version(c);
        checkNotNewer(found, where);
        if (found < CURRENT) {
            throw new StoreException("the fedmap server running on " + where + " uses an older database layout"
                    + " (version " + found + ", this build needs " + CURRENT + "); stop it and run this command again");
        }
    }

    private static void checkNotNewer(int found, String where) {
        if (found > CURRENT) {
            throw new StoreException("database in " + where + " was written by a newer fedmap (layout version "
                    + found + ", this build knows up to " + CURRENT + ")");
        }
    }

    private static int version(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL PRIMARY KEY)");
            try (ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(version), 0) FROM schema_version")) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
