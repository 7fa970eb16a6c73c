package org.fedmap.session;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.fedmap.engine.Change;
import org.fedmap.engine.Graph;
import org.fedmap.engine.GroupCommit;
import org.fedmap.engine.PollResult;
import org.fedmap.engine.PublishBatch;
import org.fedmap.model.ErrorCode;
import org.fedmap.model.IfmapException;
import org.fedmap.model.ProtocolVersion;
import org.fedmap.security.ClientIdentity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * All sessions, and the one place where a decoded request meets the engine.
 *
 * <p>Channel rules (IF-MAP 2.x): the connection of a non-poll request becomes the session's SSRC;
 * the connection of a poll becomes its ARC. A poll on the SSRC ends the session and is answered
 * InvalidSessionID. A poll on a new connection while another poll waits on the old ARC ends the
 * session: the old poll gets endSessionResult, the new one InvalidSessionID. A non-poll request on
 * the ARC is refused with Failure and the session stays.
 *
 * <p>Lock order: this registry, then a session's monitor, then the graph. The graph calls back
 * (wake-ups) only after releasing its lock.
 */
public final class Sessions {
    private static final Logger log = LoggerFactory.getLogger(Sessions.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Session settings taken from the configuration. */
    public record Settings(Duration timeout, long defaultMaxPollResultSize, long maxPollResultSizeLimit) {
    }

    private final Graph graph;
    private final GroupCommit commits;
    private final ScheduledExecutorService timers;
    private final Settings settings;
    private final ConcurrentHashMap<String, Session> byId = new ConcurrentHashMap<>();
    /** A client's sessions by the source address that opened them: one per address. */
    private final ConcurrentHashMap<String, ConcurrentHashMap<String, Session>> byClient = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Session> byConnection = new ConcurrentHashMap<>();
    /** The last contact of each client's ended sessions, so operators see when a gateway last talked. */
    private final ConcurrentHashMap<String, Long> lastContactOfEnded = new ConcurrentHashMap<>();
    private volatile java.util.function.Consumer<String> connectionCloser = id -> { };
    private final List<Consumer<SessionChange>> changeListeners = new CopyOnWriteArrayList<>();

    /** @param commits the path publish requests take into {@code graph} (grouped, made durable) */
    public Sessions(Graph graph, GroupCommit commits, ScheduledExecutorService timers, Settings settings) {
        this.graph = graph;
        this.commits = commits;
        this.timers = timers;
        this.settings = settings;
    }

    /** How to close a connection the protocol says must go (an IF-MAP 1.1 ARC replaced by a newer one). */
    public void closeConnectionsWith(java.util.function.Consumer<String> closer) {
        this.connectionCloser = closer;
    }

    /**
     * {@code listener} hears of every change a session commits (publish, purgePublisher, the session
     * metadata its end deletes), on the thread that committed it: it must be quick.
     */
    public void addChangeListener(Consumer<SessionChange> listener) {
        changeListeners.add(listener);
    }

    private void changed(Session s, Request request, String endReason, Change change) {
        if (changeListeners.isEmpty()) {
            return;
        }
        SessionChange c = new SessionChange(s.client.name(), s.id, s.sourceAddress, request, endReason, change);
        for (Consumer<SessionChange> listener : changeListeners) {
            try {
                listener.accept(c);
            } catch (RuntimeException e) {
                log.warn("a session change listener failed on a change of {}: {}", s, e.toString());
            }
        }
    }

    public int count() {
        return byId.size();
    }

    /** Number of polls currently waiting for results. */
    public int pendingPolls() {
        int n = 0;
        for (Session s : byId.values()) {
            synchronized (s) {
                if (s.pendingPoll != null) {
                    n++;
                }
            }
        }
        return n;
    }

    /**
     * Carries out a request. The answer is complete at once for everything except a poll that has
     * to wait; a waiting poll completes when results arrive or the session ends, and completes
     * exceptionally with {@link CancellationException} when its connection closed meanwhile.
     */
    public CompletableFuture<Response> handle(Request request, Caller caller) {
        try {
            if (request instanceof Request.NewSession ns) {
                return done(newSession(ns, caller));
            }
            Session s = lookup(request.sessionId(), caller);
            if (request instanceof Request.Poll) {
                return poll(s, caller);
            }
            if (request instanceof Request.AttachSession) {
                return done(attach(s, caller));
            }
            useAsSsrc(s, caller);
            if (request instanceof Request.Publish p) {
                return publish(s, p, caller.client());
            }
            return done(dispatch(s, request, caller.client()));
        } catch (IfmapException e) {
            return done(new Response.Failed(e.code(), e.getMessage()));
        }
    }

    private static CompletableFuture<Response> done(Response r) {
        return CompletableFuture.completedFuture(r);
    }

    /**
     * A publish completes once its group is committed (and, with durable storage, on disk); the
     * session's thread does not wait for it.
     */
    private CompletableFuture<Response> publish(Session s, Request.Publish p, ClientIdentity rights) {
        if (rights.readOnly()) {
            throw new IfmapException(ErrorCode.AccessDenied, "client '" + rights.name()
                    + "' is registered read-only: it may search, subscribe and poll, not publish");
        }
        return commits.submit(new PublishBatch(s.client.publisherId(), s.id, s.version, p.operations(),
                        rights.maxMetadata()))
                .handle((change, failure) -> {
                    if (failure == null) {
                        changed(s, p, null, change);
                        return new Response.Done(Response.Acknowledgement.PUBLISH_RECEIVED);
                    }
                    Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                            ? failure.getCause() : failure;
                    if (cause instanceof IfmapException e) {
                        return new Response.Failed(e.code(), e.getMessage());
                    }
                    log.error("publish by {} failed", s, cause);
                    return new Response.Failed(ErrorCode.SystemError, "the publish could not be applied");
                });
    }

    /** Carries out a request on a session; {@code rights} are the client's as registered now. */
    private Response dispatch(Session s, Request request, ClientIdentity rights) {
        if (request instanceof Request.Search q) {
            return new Response.Searched(graph.search(q.spec()));
        }
        if (request instanceof Request.Subscribe sub) {
            for (Request.SubscribeOperation op : sub.operations()) {
                if (op instanceof Request.SubscribeOperation.Update u) {
                    graph.subscribe(s.subscriber, u.name(), u.spec());
                } else {
                    graph.unsubscribe(s.subscriber, op.name());
                }
            }
            return new Response.Done(Response.Acknowledgement.SUBSCRIBE_RECEIVED);
        }
        if (request instanceof Request.PurgePublisher pp) {
            String target = pp.publisherId() == null ? s.client.publisherId() : pp.publisherId();
            if (rights.readOnly()) {
                throw new IfmapException(ErrorCode.AccessDenied, "client '" + rights.name()
                        + "' is registered read-only: it may not purge");
            }
            if (!target.equals(s.client.publisherId()) && !rights.purgeOthers()) {
                throw new IfmapException(ErrorCode.AccessDenied, "client '" + s.client.name()
                        + "' may purge only its own publisher-id (" + s.client.publisherId() + "), not '" + target + "'");
            }
            Change purged = graph.purgePublisher(target);
            changed(s, new Request.PurgePublisher(pp.sessionId(), target), null, purged);
            return new Response.Done(Response.Acknowledgement.PURGE_PUBLISHER_RECEIVED);
        }
        if (request instanceof Request.RenewSession) {
            return new Response.Done(Response.Acknowledgement.RENEW_SESSION);
        }
        if (request instanceof Request.EndSession) {
            end(s, "the client ended it");
            return new Response.SessionEnded();
        }
        throw new IfmapException(ErrorCode.SystemError, "no handler for " + request.operation());
    }

    // ---------------------------------------------------------------- session life cycle

    private Response newSession(Request.NewSession ns, Caller caller) {
        // IF-MAP 1.1 has no max-poll-result-size: its sessions get the largest the server allows
        long maxPoll = caller.version() == ProtocolVersion.IFMAP_1_1
                ? settings.maxPollResultSizeLimit() : settings.defaultMaxPollResultSize();
        if (ns.maxPollResultSize() != null) {
            maxPoll = Math.min(Math.max(ns.maxPollResultSize(), 0), settings.maxPollResultSizeLimit());
        }
        Session s;
        String name = caller.client().name();
        synchronized (this) {
            Session old = sessionsOf(name).get(caller.remoteAddress());
            if (old != null) {
                // the old session is gone, and its session metadata deleted, before the new one exists
                end(old, "the client started a new session");
            }
            int held = sessionsOf(name).size();
            if (held >= caller.client().maxSessions()) {
                log.warn("client '{}' from {} refused a new session: it holds {} of at most {} (from {})", name,
                        caller.remoteAddress(), held, caller.client().maxSessions(), sessionsOf(name).keySet());
                throw new IfmapException(ErrorCode.AccessDenied, "client '" + name + "' may hold at most "
                        + caller.client().maxSessions() + " session(s) at once and has " + held
                        + " from other addresses; end one first");
            }
            s = new Session(newSessionId(), caller.client(), caller.remoteAddress(), caller.version(), maxPoll,
                    System.currentTimeMillis());
            Session session = s;
            s.subscriber = graph.newSubscriber(caller.version(), maxPoll, () -> answerPendingPoll(session));
            s.ssrc = caller.connectionId();
            byId.put(s.id, s);
            byClient.computeIfAbsent(name, k -> new ConcurrentHashMap<>()).put(s.sourceAddress, s);
            byConnection.put(s.ssrc, s);
        }
        log.info("client '{}' from {} started session {} (IF-MAP {}, max-poll-result-size {})", caller.client().name(),
                caller.remoteAddress(), s.id, caller.version() == ProtocolVersion.IFMAP_2 ? "2" : "1.1", maxPoll);
        return new Response.SessionStarted(s.id, s.client.publisherId(), maxPoll);
    }

    private Map<String, Session> sessionsOf(String clientName) {
        Map<String, Session> m = byClient.get(clientName);
        return m == null ? Map.of() : m;
    }

    private static String newSessionId() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private Session lookup(String sessionId, Caller caller) {
        Session s = sessionId == null ? null : byId.get(sessionId);
        if (s == null || !s.client.name().equals(caller.client().name()) || s.version != caller.version()) {
            throw new IfmapException(ErrorCode.InvalidSessionID, sessionId == null
                    ? "the request names no session"
                    : "no session " + sessionId + " exists for this client; start one with newSession");
        }
        s.lastContact = System.currentTimeMillis();
        return s;
    }

    /**
     * Ends a session the way endSession does: a waiting poll gets endSessionResult, subscriptions go,
     * and (IF-MAP 2.x) its session-lifetime metadata is deleted.
     */
    private void end(Session s, String why) {
        CompletableFuture<Response> poll;
        String ssrc;
        String arc;
        synchronized (s) {
            if (s.ended) {
                return;
            }
            s.ended = true;
            poll = s.pendingPoll;
            s.pendingPoll = null;
            ssrc = s.ssrc;
            arc = s.arc;
            if (s.expiry != null) {
                s.expiry.cancel(false);
            }
        }
        byId.remove(s.id, s);
        lastContactOfEnded.merge(s.client.name(), s.lastContact, Math::max);
        byClient.computeIfPresent(s.client.name(), (k, m) -> {
            m.remove(s.sourceAddress, s);
            return m.isEmpty() ? null : m;
        });
        if (ssrc != null) {
            byConnection.remove(ssrc, s);
        }
        if (arc != null) {
            byConnection.remove(arc, s);
        }
        if (poll != null) {
            poll.complete(new Response.SessionEnded());
        }
        graph.removeSubscriber(s.subscriber);
        Change removed = graph.endSession(s.id);
        int count = removed == null ? 0 : removed.places().stream().mapToInt(p -> p.removed().size()).sum();
        if (count > 0) {
            changed(s, null, why, removed);
        }
        log.info("{} ended ({}); {} session metadata item(s) deleted", s, why, count);
    }

    /** Ends all sessions of a client (its registration was removed or disabled). */
    public void endClientSessions(String clientName, String why) {
        endClientSessions(clientName, address -> why);
    }

    /**
     * Ends the sessions of a client for which {@code refusal} gives a reason, given the source address
     * the session was opened from (its registration no longer admits the client from there).
     *
     * @return how many sessions ended
     */
    public int endClientSessions(String clientName, Function<String, String> refusal) {
        int n = 0;
        for (Session s : List.copyOf(sessionsOf(clientName).values())) {
            String why = refusal.apply(s.sourceAddress);
            if (why != null) {
                end(s, why);
                n++;
            }
        }
        return n;
    }

    /** The names of the clients that hold sessions now. */
    public Set<String> clientsWithSessions() {
        return Set.copyOf(byClient.keySet());
    }

    // ---------------------------------------------------------------- channels

    private void useAsSsrc(Session s, Caller caller) {
        String conn = caller.connectionId();
        synchronized (s) {
            if (conn.equals(s.arc)) {
                throw new IfmapException(ErrorCode.Failure,
                        "this connection is the session's ARC; send only poll on it and use another connection for "
                                + "other requests");
            }
            if (!conn.equals(s.ssrc)) {
                if (s.ssrc != null) {
                    byConnection.remove(s.ssrc, s);
                }
                s.ssrc = conn;
                byConnection.put(conn, s);
            }
            cancelExpiry(s);
        }
    }

    /** IF-MAP 1.1 attach-session: this connection becomes the ARC; an older ARC is closed. */
    private Response attach(Session s, Caller caller) {
        String conn = caller.connectionId();
        String older = null;
        CompletableFuture<Response> olderPoll = null;
        synchronized (s) {
            if (conn.equals(s.ssrc)) {
                // a client that reuses its SSRC connection for attach-session turns it into the ARC;
                // its next other request, on another connection, becomes the SSRC
                s.ssrc = null;
            }
            if (s.arc != null && !s.arc.equals(conn)) {
                older = s.arc;
                olderPoll = s.pendingPoll;
                s.pendingPoll = null;
                byConnection.remove(older, s);
            }
            s.arc = conn;
            byConnection.put(conn, s);
            cancelExpiry(s);
        }
        if (older != null) {
            log.info("{} attached a new ARC; the older one is closed", s);
            if (olderPoll != null) {
                olderPoll.completeExceptionally(new CancellationException("replaced by a newer ARC"));
            }
            connectionCloser.accept(older);
        }
        return new Response.SessionStarted(s.id, s.client.publisherId(), s.maxPollResultSize);
    }

    private CompletableFuture<Response> poll(Session s, Caller caller) {
        String conn = caller.connectionId();
        boolean doubleArc;
        synchronized (s) {
            if (s.version == ProtocolVersion.IFMAP_2) {
                if (conn.equals(s.ssrc)) {
                    log.warn("{} polled on its SSRC; the session ends", s);
                    end(s, "poll on the SSRC");
                    throw new IfmapException(ErrorCode.InvalidSessionID,
                            "poll was sent on the SSRC; a poll must use its own connection (the ARC). The session has ended");
                }
                doubleArc = s.arc != null && !s.arc.equals(conn) && s.pendingPoll != null;
                if (!doubleArc && !conn.equals(s.arc)) {
                    if (s.arc != null) {
                        byConnection.remove(s.arc, s);
                    }
                    s.arc = conn;
                    byConnection.put(conn, s);
                }
            } else {
                if (!conn.equals(s.arc)) {
                    throw new IfmapException(ErrorCode.InvalidSessionID,
                            "poll is valid only on a connection attached with attach-session");
                }
                doubleArc = false;
            }
        }
        if (doubleArc) {
            log.warn("{} opened a second ARC while a poll was waiting; the session ends", s);
            end(s, "second ARC while a poll was waiting");
            throw new IfmapException(ErrorCode.InvalidSessionID,
                    "a second poll channel was opened while a poll was waiting on the first; the session has ended");
        }
        synchronized (s) {
            cancelExpiry(s);
            PollResult ready = graph.poll(s.subscriber);
            if (ready != null) {
                return done(new Response.Polled(ready));
            }
            CompletableFuture<Response> waiting = new CompletableFuture<>();
            CompletableFuture<Response> previous = s.pendingPoll;
            s.pendingPoll = waiting;
            if (previous != null) {
                previous.completeExceptionally(new CancellationException("superseded by a newer poll"));
            }
            return waiting;
        }
    }

    /** Called by the graph (outside its lock) when results become available for a session. */
    private void answerPendingPoll(Session s) {
        CompletableFuture<Response> waiting;
        Response answer;
        synchronized (s) {
            waiting = s.pendingPoll;
            if (waiting == null || s.ended) {
                return;
            }
            try {
                PollResult r = graph.poll(s.subscriber);
                if (r == null) {
                    return;
                }
                answer = new Response.Polled(r);
            } catch (IfmapException e) {
                answer = new Response.Failed(e.code(), e.getMessage());
            }
            s.pendingPoll = null;
        }
        waiting.complete(answer);
    }

    /**
     * Told by the transport that a connection closed. A session with neither channel open starts its
     * fail-secure timer; a poll that was waiting on the closed connection can no longer be answered.
     */
    public void connectionClosed(String connectionId) {
        Session s = byConnection.remove(connectionId);
        if (s == null) {
            return;
        }
        CompletableFuture<Response> orphan = null;
        synchronized (s) {
            if (connectionId.equals(s.ssrc)) {
                s.ssrc = null;
            }
            if (connectionId.equals(s.arc)) {
                s.arc = null;
                orphan = s.pendingPoll;
                s.pendingPoll = null;
            }
            if (!s.hasConnection() && !s.ended) {
                scheduleExpiry(s);
            }
        }
        if (orphan != null) {
            orphan.completeExceptionally(new CancellationException("the ARC connection closed"));
        }
    }

    private void scheduleExpiry(Session s) {
        cancelExpiry(s);
        long ms = settings.timeout().toMillis();
        s.expiry = timers.schedule(() -> expire(s), ms, TimeUnit.MILLISECONDS);
    }

    private static void cancelExpiry(Session s) {
        if (s.expiry != null) {
            s.expiry.cancel(false);
            s.expiry = null;
        }
    }

    private void expire(Session s) {
        synchronized (s) {
            if (s.hasConnection() || s.ended) {
                return;
            }
        }
        log.warn("{} timed out: no connection for {} s (failsecure.timeout)", s, settings.timeout().toSeconds());
        end(s, "fail-secure timeout");
    }

    /**
     * When the client named {@code clientName} last sent a request on any session, ended ones included
     * (since the server started); 0 if never.
     */
    public long lastContact(String clientName) {
        long last = lastContactOfEnded.getOrDefault(clientName, 0L);
        for (Session s : sessionsOf(clientName).values()) {
            last = Math.max(last, s.lastContact);
        }
        return last;
    }

    /** Session facts for status views. */
    public record SessionInfo(String sessionId, String client, String publisherId, String sourceAddress,
                              ProtocolVersion version, long startedAt, long lastContact, boolean ssrcOpen, boolean arcOpen,
                              boolean pollWaiting, int subscriptions) {
    }

    public List<SessionInfo> list() {
        List<SessionInfo> out = new ArrayList<>();
        for (Session s : byId.values()) {
            synchronized (s) {
                out.add(new SessionInfo(s.id, s.client.name(), s.client.publisherId(), s.sourceAddress, s.version,
                        s.startedAt,
                        s.lastContact, s.ssrc != null, s.arc != null, s.pendingPoll != null,
                        s.subscriber.subscriptionCount()));
            }
        }
        return out;
    }
}
