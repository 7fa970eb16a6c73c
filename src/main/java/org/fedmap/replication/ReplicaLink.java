package org.fedmap.replication;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import javax.net.ssl.SSLSocketFactory;
import org.fedmap.engine.Graph;
import org.fedmap.mapclient.WireConnection;
import org.fedmap.store.AuthMethod;
import org.fedmap.store.ReplicaRecord;
import org.fedmap.xml.SafeXmlReader;
import org.fedmap.xml.XmlException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This server's pulling side towards one replica: a thread that asks the replica for what changed in
 * its own data and applies it here, starting with a snapshot (which replaces whatever of that replica
 * this server held), then following its feed. When the replica has been out of contact for the
 * fail-secure timeout, {@link #failSecureCheck} purges its data here; the next contact starts with a
 * snapshot again.
 */
final class ReplicaLink implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ReplicaLink.class);
    /** Items in one feed answer at most. */
    private static final int MAX_ITEMS = 5_000;
    /**
     * Items in one snapshot part at most: each part walks the replica's own items once, so fewer, larger
     * parts resync a large graph faster, while memory stays bounded by the part.
     */
    private static final int SNAPSHOT_PART_ITEMS = 20_000;
    /** The longest a pull asks the replica to wait for a change; shorter with a short fail-secure timeout. */
    private static final long MAX_WAIT_MILLIS = 20_000;

    /** What {@code status} shows of a link. */
    enum State { CONNECTING, SNAPSHOT, SYNCED, UNREACHABLE, PURGED }

    private final ReplicaRecord replica;
    private final String ownServerId;
    private final char[] password;
    private final SSLSocketFactory tls;
    private final Graph graph;
    private final Duration failsecureTimeout;
    private final Clock clock;
    private final String sourceAddress;
    /**
     * How long a pull may wait for a change: well within the fail-secure timeout, since an answer (even
     * an empty one) is what tells this server the replica is still there.
     */
    private final long waitMillis;
    private final Thread thread;
    private volatile boolean closed;
    private volatile WireConnection connection;

    // guarded by this
    private String origin;
    private State state = State.CONNECTING;
    private Instant lastContact;
    private long after = -1;
    private long snapshotCursor = 0;
    private long feedFrom = -1;
    private String lastError = "";
    private boolean holdsData;
    private long lagMillis = -1;

    /**
     * @param sourceAddress the address to connect from (this server's listening address, which is what the
     *                      replica admits it from); null to let the system choose
     */
    ReplicaLink(ReplicaRecord replica, String ownServerId, char[] password, SSLSocketFactory tls, Graph graph,
                Duration failsecureTimeout, Clock clock, String sourceAddress) {
        this.sourceAddress = sourceAddress;
        this.replica = replica;
        this.ownServerId = ownServerId;
        this.password = password;
        this.tls = tls;
        this.graph = graph;
        this.failsecureTimeout = failsecureTimeout;
        this.clock = clock;
        this.waitMillis = Math.max(100, Math.min(MAX_WAIT_MILLIS, failsecureTimeout.toMillis() / 3));
        this.lastContact = clock.instant();
        this.thread = new Thread(this::run, "fedmap-replica-" + replica.name());
        this.thread.setDaemon(true);
    }

    ReplicaRecord replica() {
        return replica;
    }

    void start() {
        thread.start();
    }

    synchronized ReplicaStatus status() {
        return new ReplicaStatus(replica.name(), origin, state.name(), lastContact, after, lagMillis, lastError);
    }

    private void run() {
        long backoff = 500;
        while (!closed) {
            try {
                pullOnce();
                backoff = 500;
            } catch (IOException | RefusedException | RuntimeException e) {
                if (closed) {
                    break;
                }
                dropConnection();
                String message = e.getMessage() == null ? e.toString() : e.getMessage();
                boolean first;
                synchronized (this) {
                    first = !message.equals(lastError);
                    lastError = message;
                    if (state != State.PURGED) {
                        state = State.UNREACHABLE;
                    }
                }
                if (first) {
                    log.warn("replica '{}' ({}): {}; trying again", replica.name(), replica.url(), message);
                }
                sleep(backoff);
                backoff = Math.min(backoff * 2, 5_000);
            }
        }
    }

    private void pullOnce() throws IOException, RefusedException {
        ReplicationMessages.Pull pull;
        synchronized (this) {
            pull = after < 0
                    ? new ReplicationMessages.Pull(ownServerId, -1, snapshotCursor, SNAPSHOT_PART_ITEMS, 0)
                    : new ReplicationMessages.Pull(ownServerId, after, 0, MAX_ITEMS, waitMillis);
        }
        WireConnection.Answer a = connection().post(ReplicationMessages.encode(pull));
        if (a.status() == 401 || a.status() == 403) {
            throw new RefusedException("refused our credentials (HTTP " + a.status() + "): " + a.body().strip());
        }
        if (a.status() != 200) {
            throw new RefusedException("answered HTTP " + a.status() + ": " + a.body().strip());
        }
        ReplicationMessages.Batch batch;
        try {
            batch = ReplicationMessages.decodeBatch(new SafeXmlReader().parse(a.body()));
        } catch (XmlException | IllegalArgumentException e) {
            throw new RefusedException("sent a batch that cannot be read: " + e.getMessage());
        }
        apply(batch);
    }

    private synchronized void apply(ReplicationMessages.Batch batch) {
        lastContact = clock.instant();
        if (origin != null && !origin.equals(batch.serverId())) {
            // another server answers at that address now: what the old one published is not vouched for
            log.warn("replica '{}' now answers as server id {} (was {}): its data here is replaced", replica.name(),
                    batch.serverId(), origin);
            graph.purgeOrigin(origin);
        }
        if (batch.serverId().equals(ownServerId)) {
            throw new IllegalStateException("replica '" + replica.name() + "' answers with this server's own id "
                    + ownServerId + "; every server of a mesh needs its own server.id");
        }
        origin = batch.serverId();
        if (batch.snapshot()) {
            if (after >= 0 || snapshotCursor == 0) {
                // a snapshot starts: it replaces all this server holds of that replica
                graph.purgeOrigin(origin);
                feedFrom = batch.upTo();
                after = -1;
                state = State.SNAPSHOT;
                log.info("replica '{}' (server id {}): snapshot from sequence {}", replica.name(), origin, feedFrom);
            }
            graph.applyReplicated(origin, ownServerId, batch.places());
            holdsData = true;
            if (batch.more()) {
                snapshotCursor = batch.cursor();
            } else {
                snapshotCursor = 0;
                after = feedFrom;
                state = State.SYNCED;
                log.info("replica '{}' (server id {}): in step, following its changes", replica.name(), origin);
            }
        } else {
            graph.applyReplicated(origin, ownServerId, batch.places());
            holdsData = true;
            after = batch.upTo();
            // items a snapshot brings may be old, and removals keep their publication time: only new
            // items of the feed say how long a change took to arrive
            long newest = batch.places().stream().flatMap(p -> p.added().stream())
                    .mapToLong(m -> m.timestamp()).max().orElse(0);
            if (newest > 0) {
                lagMillis = Math.max(0, clock.millis() - newest);
            }
            state = State.SYNCED;
        }
        lastError = "";
    }

    /** Purges the replica's data here when it has been out of contact for the fail-secure timeout. */
    synchronized void failSecureCheck() {
        if (!holdsData || origin == null) {
            return;
        }
        Duration silent = Duration.between(lastContact, clock.instant());
        if (silent.compareTo(failsecureTimeout) < 0) {
            return;
        }
        var change = graph.purgeOrigin(origin);
        int removed = change == null ? 0 : change.places().stream().mapToInt(p -> p.removed().size()).sum();
        log.warn("fail-secure: replica '{}' (server id {}) out of contact for {} s: its {} item(s) purged here;"
                + " a snapshot brings them back when it returns", replica.name(), origin, silent.toSeconds(), removed);
        holdsData = false;
        after = -1;
        snapshotCursor = 0;
        state = State.PURGED;
        dropConnection(); // a half-open connection must not keep the thread waiting
    }

    private WireConnection connection() throws IOException {
        WireConnection c = connection;
        if (c == null) {
            WireConnection.Target target = WireConnection.Target.parse(replica.url());
            String user = replica.authMethod() == AuthMethod.BASIC ? replica.user() : null; // else: the certificate
            c = new WireConnection(target, replica.hostname(), tls, ReplicationServlet.CONTENT_TYPE, sourceAddress, user,
                    new String(password), (int) Math.max(10_000, waitMillis * 2), true);
            connection = c;
        }
        return c;
    }

    private void dropConnection() {
        WireConnection c = connection;
        connection = null;
        if (c != null) {
            c.close();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closed = true;
        dropConnection();
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        java.util.Arrays.fill(password, '\0');
    }

    /** The replica answered, but not with data: wrong credentials, a bad batch. */
    private static final class RefusedException extends Exception {
        private static final long serialVersionUID = 1L;

        RefusedException(String message) {
            super(message);
        }
    }
}
