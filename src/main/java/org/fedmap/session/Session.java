package org.fedmap.session;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import org.fedmap.engine.Subscriber;
import org.fedmap.model.ProtocolVersion;
import org.fedmap.security.ClientIdentity;

/**
 * One client's session. Its channel fields, pending poll and timer are guarded by the session's own
 * monitor; the engine's state (subscriptions, queued results) lives in its {@link Subscriber}.
 */
final class Session {
    final String id;
    final ClientIdentity client;
    /** The address the session was opened from; a client holds one session per address. */
    final String sourceAddress;
    final ProtocolVersion version;
    final long maxPollResultSize;
    final long startedAt;
    Subscriber subscriber;

    /** Connection id of the synchronous send-receive channel, or null. */
    String ssrc;
    /** Connection id of the asynchronous receive channel (where polls wait), or null. */
    String arc;
    /** The answer to the poll waiting on the ARC, or null. */
    CompletableFuture<Response> pendingPoll;
    /** Runs when the client has had no connection for the fail-secure timeout. */
    ScheduledFuture<?> expiry;
    boolean ended;
    volatile long lastContact;

    Session(String id, ClientIdentity client, String sourceAddress, ProtocolVersion version, long maxPollResultSize,
            long now) {
        this.id = id;
        this.client = client;
        this.sourceAddress = sourceAddress;
        this.version = version;
        this.maxPollResultSize = maxPollResultSize;
        this.startedAt = now;
        this.lastContact = now;
    }

    boolean hasConnection() {
        return ssrc != null || arc != null;
    }

    @Override
    public String toString() {
        return "session " + id + " of client '" + client.name() + "' (from " + sourceAddress + ")";
    }
}
