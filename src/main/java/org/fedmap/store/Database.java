package org.fedmap.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.fedmap.files.PrivateFiles;
import org.hsqldb.server.Server;
import org.hsqldb.server.ServerConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HSQLDB file database in {@code <data>/db/} (files {@code fedmap.*}).
 *
 * <p>HSQLDB lets one process at a time open the files. The server therefore opens them itself and
 * also listens on 127.0.0.1 for command-line tools, telling them how to reach it in
 * {@code access.properties}; a tool that finds no server answering opens the files directly. Either
 * way, {@code fedmap client add} works whether or not a server is running.
 *
 * <p>{@code owner.properties} holds the database's own account, made when the database is created,
 * for whichever process opens the files. The tools' account is given a fresh password each time a
 * server starts and dropped when it stops. Both files are readable by their owner only.
 */
public final class Database implements AutoCloseable {

    /** Work done inside one transaction. */
    @FunctionalInterface
    public interface SqlWork<T> {
        T run(Connection connection) throws SQLException;
    }

    /** Sub-directory of the data directory that holds the database. */
    public static final String DIRECTORY = "db";
    /** Written by a running server; tells tools where and as whom to connect. */
    public static final String ACCESS_FILE = "access.properties";
    /** The database owner's account, used by the process that opens the files. */
    public static final String OWNER_FILE = "owner.properties";

    private static final Logger log = LoggerFactory.getLogger(Database.class);
    private static final String FILE_NAME = "fedmap";
    private static final String OWNER_USER = "FEDMAP";
    private static final String TOOL_USER = "FEDMAP_TOOL";
    private static final String LISTEN_ADDRESS = "127.0.0.1";
    private static final String SERVER_URL_PREFIX = "jdbc:hsqldb:hsql://" + LISTEN_ADDRESS + ":";
    private static final long CONNECT_TIMEOUT_MILLIS = 3000;
    private static final long STOP_TIMEOUT_MILLIS = 5000;
    // HSQLDB's error code when another live process holds the lock file (it waits about ten seconds first).
    private static final int LOCK_HELD = -451;
    private static final int BAD_LOGIN = -4001;
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Below this much free disk, a commit may fail at any moment. */
    private static final long MIN_FREE_BYTES = 1 << 20;

    private final Path dbDir;
    private final String url;
    private final Properties login;
    /** Open in this process: holds the files open until {@link #close()} shuts them down. */
    private final Connection keeper;
    /** Connected to a running server instead; tools are single-threaded, so one connection will do. */
    private final Connection remote;
    private Server listener;
    private boolean closed;

    private Database(Path dbDir, String url, Properties login, Connection keeper, Connection remote) {
        this.dbDir = dbDir;
        this.url = url;
        this.login = login;
        this.keeper = keeper;
        this.remote = remote;
    }

    /**
     * Opens the database for the server: creates it if needed, brings the schema up to date and
     * starts the listener for command-line tools. Only one process can do this for a data directory.
     */
    public static Database openForServer(Path dataDir) {
        Path dbDir = prepare(dataDir);
        refuseIfAServerRuns(dbDir);
        Database db = openFiles(dbDir);
        try {
            try (Statement s = db.keeper.createStatement()) {
                // Stored in the database, but said again in case the files came from elsewhere.
                s.execute("SET FILES WRITE DELAY FALSE");
            }
            db.startListener();
            return db;
        } catch (SQLException e) {
            db.closeQuietly();
            throw new StoreException("cannot prepare the database in " + dbDir + ": " + oneLine(e), e);
        } catch (RuntimeException e) {
            db.closeQuietly();
            throw e;
        }
    }

    /**
     * Opens the database for a command-line tool: through the running server if one answers, else
     * by opening the files directly (creating the data directory and database if needed).
     */
    public static Database openForTool(Path dataDir) {
        Path dbDir = absolute(dataDir).resolve(DIRECTORY);
        Path access = dbDir.resolve(ACCESS_FILE);
        if (Files.isRegularFile(access)) {
            Database viaServer = connectToServer(dbDir, access);
            if (viaServer != null) {
                return viaServer;
            }
        }
        prepare(dataDir);
        Database db = openFiles(dbDir);
        try {
            // We hold the files' lock, so no server is running: the file is left over from a crash.
            Files.deleteIfExists(access);
        } catch (IOException e) {
            // Harmless: the next tool tries it, finds nobody and comes here again.
        }
        return db;
    }

    /**
     * Writes a consistent copy of the database files ({@code fedmap.properties}, {@code .script},
     * {@code .data}) into {@code dir}, by whichever process has the files open. The database checkpoints
     * and holds writes while it copies (HSQLDB's BLOCKING backup), so the copy is one committed state.
     */
    public void backupTo(Path dir) {
        String target = dir.toAbsolutePath().normalize().toString();
        if (target.indexOf('\'') >= 0) {
            throw new StoreException("cannot back up into " + target + ": the path holds a quote");
        }
        transaction(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("BACKUP DATABASE TO '" + target + "/' BLOCKING AS FILES");
            }
            return null;
        });
    }

    /**
     * Why the database could not take a write now, or null when it could: closed, its directory not
     * writable (a file system remounted read-only, say), its disk (nearly) full, or a query failing. It
     * writes nothing itself, so a load balancer probing often costs no disk syncs.
     */
    public String writeProblem() {
        synchronized (this) {
            if (closed) {
                return "the database is closed";
            }
        }
        if (!Files.isWritable(dbDir)) {
            return "database directory " + dbDir + " is not writable";
        }
        try {
            long free = Files.getFileStore(dbDir).getUsableSpace();
            if (free < MIN_FREE_BYTES) {
                return "the disk of " + dbDir + " is full (" + free + " bytes free)";
            }
            transaction(c -> {
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("VALUES (1)")) {
                    return rs.next();
                }
            });
            return null;
        } catch (IOException | RuntimeException e) {
            return "the database does not answer: " + (e.getMessage() == null ? e.toString() : e.getMessage());
        }
    }

    /** Whether this handle reaches the database through a running server rather than the files. */
    public boolean throughServer() {
        return remote != null;
    }

    /** The directory holding the database files. */
    public Path directory() {
        return dbDir;
    }

    /**
     * Runs {@code work} in one transaction: committed if it returns, rolled back if it throws.
     * SQL failures come out as {@link StoreException}; other exceptions pass through unchanged.
     */
    public <T> T transaction(SqlWork<T> work) {
        synchronized (this) {
            if (closed) {
                throw new StoreException("database in " + dbDir + " is closed");
            }
        }
        if (remote != null) {
            synchronized (remote) {
                return run(remote, work);
            }
        }
        Connection c;
        try {
            // ifexists: should the database have been shut down underneath us, fail rather than
            // silently create an empty one.
            c = DriverManager.getConnection(url + ";ifexists=true", login);
        } catch (SQLException e) {
            throw new StoreException("cannot use the database in " + dbDir + ": " + oneLine(e), e);
        }
        try {
            return run(c, work);
        } finally {
            try {
                c.close();
            } catch (SQLException e) {
                log.debug("closing a connection failed: {}", e.toString());
            }
        }
    }

    private <T> T run(Connection c, SqlWork<T> work) {
        try {
            c.setAutoCommit(false);
            T result = work.run(c);
            c.commit();
            return result;
        } catch (SQLException e) {
            rollbackQuietly(c);
            throw new StoreException("database error in " + dbDir + ": " + oneLine(e), e);
        } catch (RuntimeException | Error e) {
            rollbackQuietly(c);
            throw e;
        }
    }

    /**
     * Stops the tools' listener (removing {@code access.properties}) and shuts the database down
     * cleanly, or, for a tool connected to a server, just disconnects.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (listener != null) {
            stopListener();
        }
        if (remote != null) {
            try {
                remote.close();
            } catch (SQLException e) {
                log.debug("disconnecting from the server's database failed: {}", e.toString());
            }
        }
        if (keeper != null) {
            try (Statement s = keeper.createStatement()) {
                s.execute("SHUTDOWN");
            } catch (SQLException e) {
                throw new StoreException("database in " + dbDir + " did not shut down cleanly: " + oneLine(e), e);
            } finally {
                try {
                    keeper.close();
                } catch (SQLException e) {
                    log.debug("closing the database connection failed: {}", e.toString());
                }
            }
        }
    }

    // ---- opening ----------------------------------------------------------------------------

    private static Path absolute(Path dataDir) {
        Path abs = dataDir.toAbsolutePath().normalize();
        if (abs.toString().indexOf(';') >= 0) {
            // ';' separates properties in an HSQLDB URL, so the path could not be passed on intact.
            throw new StoreException("data directory " + abs + " contains ';', which fedmap cannot use in a database path");
        }
        return abs;
    }

    /** Makes sure {@code <data>/db} exists and is usable; returns it. */
    private static Path prepare(Path dataDir) {
        Path abs = absolute(dataDir);
        if (Files.exists(abs) && !Files.isDirectory(abs)) {
            throw new StoreException("data directory " + abs + " is not a directory");
        }
        Path dbDir = abs.resolve(DIRECTORY);
        if (Files.exists(dbDir) && !Files.isDirectory(dbDir)) {
            throw new StoreException("database directory " + dbDir + " is not a directory");
        }
        try {
            PrivateFiles.createDirectories(dbDir);
        } catch (AccessDeniedException e) {
            Path failed = e.getFile() == null ? dbDir : Path.of(e.getFile());
            throw new StoreException(failed.equals(dbDir)
                    ? "data directory " + abs + " is not writable"
                    : "cannot create data directory " + abs + ": " + failed.getParent() + " is not writable", e);
        } catch (IOException e) {
            throw new StoreException("cannot create database directory " + dbDir + ": " + e, e);
        }
        if (!Files.isReadable(dbDir) || !Files.isExecutable(dbDir)) {
            throw new StoreException("database directory " + dbDir + " is not readable");
        }
        if (!Files.isWritable(dbDir)) {
            throw new StoreException(dbDir.getParent().equals(abs) && !Files.isWritable(abs)
                    ? "data directory " + abs + " is not writable"
                    : "database directory " + dbDir + " is not writable");
        }
        return dbDir;
    }

    /** Opens the files in this process and brings the schema up to date. */
    private static Database openFiles(Path dbDir) {
        Properties owner = ownerLogin(dbDir);
        String url = "jdbc:hsqldb:file:" + dbDir.resolve(FILE_NAME) + ";hsqldb.lock_file=true;hsqldb.write_delay=false";
        Connection keeper;
        try {
            keeper = DriverManager.getConnection(url, owner);
        } catch (SQLException e) {
            if (e.getErrorCode() == LOCK_HELD) {
                throw new StoreException("database in " + dbDir + " is locked by another process that does not answer"
                        + " (a fedmap server that is stuck, starting or stopping?); stop it or try again", e);
            }
            if (e.getErrorCode() == BAD_LOGIN) {
                throw new StoreException("database in " + dbDir + " does not accept the account in " + OWNER_FILE, e);
            }
            throw new StoreException("cannot open the database in " + dbDir + " (damaged or unreadable files?): "
                    + oneLine(e), e);
        }
        Database db = new Database(dbDir, url, owner, keeper, null);
        try {
            Schema.upgrade(keeper, dbDir.toString());
        } catch (SQLException e) {
            db.closeQuietly();
            throw new StoreException("cannot set up the database in " + dbDir + ": " + oneLine(e), e);
        } catch (RuntimeException e) {
            db.closeQuietly();
            throw e;
        }
        return db;
    }

    /** Reads the owner account, or invents one for a database that does not exist yet. */
    private static Properties ownerLogin(Path dbDir) {
        Path file = dbDir.resolve(OWNER_FILE);
        if (Files.exists(file)) {
            Properties p = readProperties(file);
            if (p.getProperty("user") == null || p.getProperty("password") == null) {
                throw new StoreException(file + " is damaged: it lacks the user or password");
            }
            return p;
        }
        if (Files.exists(dbDir.resolve(FILE_NAME + ".properties")) || Files.exists(dbDir.resolve(FILE_NAME + ".script"))) {
            throw new StoreException("database in " + dbDir + " has no " + OWNER_FILE + ", so fedmap cannot log in to it");
        }
        Properties p = new Properties();
        p.setProperty("user", OWNER_USER);
        p.setProperty("password", randomSecret());
        writeProperties(file, p, "fedmap database owner account; needed to open the files in this directory");
        return p;
    }

    /**
     * Without this, a second server would wait ten seconds for the files' lock and then blame a
     * process "that does not answer" (or, in the same JVM, share the files and steal the tools' listener).
     */
    private static void refuseIfAServerRuns(Path dbDir) {
        Path access = dbDir.resolve(ACCESS_FILE);
        if (!Files.isRegularFile(access)) {
            return;
        }
        Database running;
        try {
            running = connectToServer(dbDir, access);
        } catch (StoreException e) {
            running = null;
            if (!(e.getCause() instanceof InterruptedException)) {
                // It answered, but something about it is off (an older layout, say): still running.
                throw new StoreException("data directory " + dbDir.getParent() + " is in use by a running fedmap server");
            }
        }
        if (running != null) {
            running.close();
            throw new StoreException("data directory " + dbDir.getParent() + " is in use by a running fedmap server");
        }
    }

    /** Connects to the server named in {@code access.properties}, or returns null if none answers. */
    private static Database connectToServer(Path dbDir, Path access) {
        Properties p;
        try {
            p = readProperties(access);
        } catch (StoreException e) {
            return null; // unreadable: behave as if no server ran, and let the files' lock decide
        }
        String serverUrl = p.getProperty("url", "");
        if (!serverUrl.startsWith(SERVER_URL_PREFIX) || p.getProperty("user") == null || p.getProperty("password") == null) {
            return null;
        }
        Properties login = new Properties();
        login.setProperty("user", p.getProperty("user"));
        login.setProperty("password", p.getProperty("password"));
        // A hung server, or a stranger now holding the port, may accept the connection and then say
        // nothing; HSQLDB's client would wait forever, so connect on a thread we can stop waiting for.
        ExecutorService connector = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "fedmap-db-connect");
            t.setDaemon(true);
            return t;
        });
        Connection c;
        try {
            Future<Connection> f = connector.submit(() -> DriverManager.getConnection(serverUrl, login));
            c = f.get(CONNECT_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            return null; // the usual sign of a server that stopped without tidying up
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while connecting to the database in " + dbDir, e);
        } finally {
            connector.shutdownNow();
        }
        try {
            Schema.check(c, dbDir.toString());
        } catch (SQLException | RuntimeException e) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // already failing
            }
            if (e instanceof StoreException se) {
                throw se;
            }
            throw new StoreException("cannot use the running server's database in " + dbDir + ": " + e.getMessage(), e);
        }
        return new Database(dbDir, serverUrl, login, null, c);
    }

    // ---- the tools' listener -----------------------------------------------------------------

    private void startListener() throws SQLException {
        String password = randomSecret();
        try (Statement s = keeper.createStatement()) {
            // The password is URL-safe base64, so it needs no escaping inside the quotes.
            if (userExists(TOOL_USER)) {
                s.execute("ALTER USER " + TOOL_USER + " SET PASSWORD '" + password + "'");
            } else {
                s.execute("CREATE USER " + TOOL_USER + " PASSWORD '" + password + "' ADMIN");
            }
        }
        Server server = new Server();
        // Writers first: HSQLDB traces the other setters to stdout until they are set.
        server.setLogWriter(null);
        server.setErrWriter(null);
        server.setSilent(true);
        server.setTrace(false);
        server.setNoSystemExit(true);
        server.setRestartOnShutdown(false);
        server.setDaemon(true);
        server.setAddress(LISTEN_ADDRESS);
        server.setPort(0);
        server.setDatabaseName(0, FILE_NAME);
        // The same path as this process's connection, so HSQLDB serves the already open database.
        server.setDatabasePath(0, "file:" + dbDir.resolve(FILE_NAME));
        listener = server;
        server.start();
        if (server.getState() != ServerConstants.SERVER_STATE_ONLINE) {
            Throwable why = server.getServerError();
            throw new StoreException("cannot start the database listener for command-line tools on " + LISTEN_ADDRESS
                    + ": " + (why == null ? server.getStateDescriptor() : why.toString()), why);
        }
        Properties access = new Properties();
        access.setProperty("url", SERVER_URL_PREFIX + server.getLocalPort() + "/" + FILE_NAME);
        access.setProperty("user", TOOL_USER);
        access.setProperty("password", password);
        writeProperties(dbDir.resolve(ACCESS_FILE), access,
                "how fedmap command-line tools reach the running server's database; removed when it stops");
        log.debug("database listener for command-line tools on {}:{}", LISTEN_ADDRESS, server.getLocalPort());
    }

    private boolean userExists(String user) throws SQLException {
        try (PreparedStatement q = keeper.prepareStatement(
                "SELECT COUNT(*) FROM INFORMATION_SCHEMA.SYSTEM_USERS WHERE USER_NAME = ?")) {
            q.setString(1, user);
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getInt(1) > 0;
            }
        }
    }

    private void stopListener() {
        // Remove the directions first: a tool arriving now goes to the files and waits for the lock.
        try {
            Files.deleteIfExists(dbDir.resolve(ACCESS_FILE));
        } catch (IOException e) {
            log.warn("could not delete {}: {}", dbDir.resolve(ACCESS_FILE), e.toString());
        }
        listener.stop();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(STOP_TIMEOUT_MILLIS);
        while (listener.getState() != ServerConstants.SERVER_STATE_SHUTDOWN && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        listener = null;
        try (Statement s = keeper.createStatement()) {
            s.execute("DROP USER " + TOOL_USER);
        } catch (SQLException e) {
            // Harmless: its password is forgotten, and the next start sets a new one.
            log.debug("could not drop the tools' database account: {}", e.toString());
        }
    }

    // ---- helpers ---------------------------------------------------------------------------

    private void closeQuietly() {
        try {
            close();
        } catch (RuntimeException e) {
            log.debug("closing after a failed open: {}", e.toString());
        }
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException e) {
            log.debug("rollback failed: {}", e.toString());
        }
    }

    private static Properties readProperties(Path file) {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        } catch (IOException | IllegalArgumentException e) {
            throw new StoreException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return p;
    }

    private static void writeProperties(Path file, Properties p, String comment) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (OutputStream out = bytes) {
                p.store(out, comment);
            }
            PrivateFiles.write(file, bytes.toByteArray());
        } catch (AccessDeniedException e) {
            throw new StoreException("database directory " + file.getParent() + " is not writable", e);
        } catch (IOException e) {
            throw new StoreException("cannot write " + file + ": " + e, e);
        }
    }

    private static String randomSecret() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String oneLine(SQLException e) {
        String m = e.getMessage() == null ? e.toString() : e.getMessage();
        return m.replaceAll("\\s+", " ").trim();
    }
}
