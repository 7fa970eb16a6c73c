package org.fedmap.federation;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.net.ssl.SSLSocketFactory;
import org.fedmap.mapclient.WireConnection;
import org.fedmap.xml.XmlElement;
import org.fedmap.xml.XmlSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A gateway's connection to the federation: it exports the gateway's user sessions through a
 * {@link SessionExportMapper} and imports other gateways' sessions through a {@link SessionImportMapper},
 * without the gateway writing IF-MAP itself. It speaks IF-MAP 1.1 ({@link MapSession}), as
 * Juniper/Ivanti gateways do, so their sessions and the connector's are one federation.
 *
 * <ul>
 *   <li>{@link #export} publishes a session, or replaces what an earlier export of the same realm, user
 *       and address published (a role change), in one atomic publish; {@link #end} removes it (logout).
 *       Both need no memory of earlier calls, so separate processes may export and end the same session.</li>
 *   <li>{@link #importAt} says what the session at an address grants here; {@link #follow} keeps
 *       saying it as the federation changes (subscribe and poll), and withdraws it when the server has
 *       been out of contact for the fail-secure timeout.</li>
 * </ul>
 *
 * <p>A broken connection is re-opened (a new IF-MAP session) on the next call; a follower re-opens it
 * itself, with back-off, and re-subscribes. Thread-safe.
 */
public final class GatewayConnector implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GatewayConnector.class);
    private static final String MATCH_LINKS;

    static {
        List<String> links = List.of("access-request-ip", "authenticated-as", "role", "access-request-mac",
                "access-request-device", "device-attribute");
        StringBuilder b = new StringBuilder();
        for (String prefix : List.of("meta", "meta2")) {
            for (String l : links) {
                b.append(b.length() == 0 ? "" : " or ").append(prefix).append(':').append(l);
            }
        }
        MATCH_LINKS = b.toString();
    }

    /**
     * How to reach the server and what to map with.
     *
     * @param serverUrl         e.g. {@code https://map.example.com:8443/dana-ws/soap/dsifmap}
     * @param client            the client name registered at the server (HTTP Basic user)
     * @param password          its password
     * @param tls               which server certificates to trust ({@link org.fedmap.mapclient.ServerTrust})
     * @param exporter          maps local sessions to IF-MAP data (configured already); null for a connector
     *                          that only imports
     * @param importer          maps IF-MAP data to local sessions (configured already); null for a connector
     *                          that only exports
     * @param failsecureTimeout how long the server may be out of contact before followed imports are dropped
     * @param requestTimeout    how long to wait for a connection or an answer (not for a held poll)
     */
    public record Settings(String serverUrl, String client, String password, SSLSocketFactory tls,
                           SessionExportMapper exporter, SessionImportMapper importer, Duration failsecureTimeout,
                           Duration requestTimeout) {
        public Settings {
            Objects.requireNonNull(serverUrl, "serverUrl");
            Objects.requireNonNull(client, "client");
            Objects.requireNonNull(password, "password");
            if (exporter == null && importer == null) {
                throw new IllegalArgumentException("a connector needs an export mapper, an import mapper or both");
            }
            if (failsecureTimeout.isNegative() || failsecureTimeout.isZero()) {
                throw new IllegalArgumentException("the fail-secure timeout must be positive");
            }
        }
    }

    /** What an export published. */
    public record Exported(String accessRequest, IfmapSession data) {
    }

    /** A followed address: its subscription name, its listener, and what the listener last heard. */
    private static final class Follow {
        final String ip;
        final String subscription;
        final Consumer<ImportEvent> listener;
        Optional<ImportedSession> last;
        boolean told;

        Follow(String ip, Consumer<ImportEvent> listener) {
            this.ip = ip;
            this.subscription = "fedmap-import-" + ip;
            this.listener = listener;
        }
    }

    private final Settings settings;
    private final MapSession.Endpoint endpoint;
    private final Clock clock;
    private final Map<String, Follow> follows = new ConcurrentHashMap<>();
    private MapSession session; // guarded by this
    private boolean arcAttached; // guarded by this; whether the current session has an ARC and its subscriptions
    private volatile Instant lastContact;
    private volatile boolean closed;
    private Thread poller; // guarded by this
    private ScheduledExecutorService timers; // guarded by this

    private GatewayConnector(Settings settings, Clock clock) {
        this.settings = settings;
        WireConnection.Target target = WireConnection.Target.parse(settings.serverUrl());
        if (target.tls() && settings.tls() == null) {
            throw new IllegalArgumentException(settings.serverUrl() + ": https needs a TLS trust setting");
        }
        this.endpoint = new MapSession.Endpoint(target, settings.tls(), settings.client(), settings.password(),
                (int) settings.requestTimeout().toMillis());
        this.clock = clock;
        this.lastContact = clock.instant();
    }

    /**
     * Connects: opens an IF-MAP session, so that wrong credentials or an unreachable server show at once.
     *
     * @throws IOException         when the server cannot be reached
     * @throws MapServerException  when the server refuses the client
     */
    public static GatewayConnector connect(Settings settings) throws IOException, MapServerException {
        GatewayConnector c = new GatewayConnector(settings, Clock.systemUTC());
        synchronized (c) {
            c.session();
        }
        return c;
    }

    /** The publisher-id the server stamps on this connector's metadata (its client name). */
    public synchronized String publisherId() throws IOException, MapServerException {
        return session().publisherId();
    }

    /**
     * Publishes a local session through the export mapper, replacing in the same atomic publish whatever
     * this client published for the same realm, user and address before.
     */
    public Exported export(LocalSession local) throws IOException, MapServerException {
        if (settings.exporter() == null) {
            throw new IllegalStateException("this connector has no export mapper");
        }
        IfmapSession data = settings.exporter().export(local);
        return retryOnce(() -> {
            MapSession s = currentSession();
            String ar = ExportRequests.accessRequestName(s.publisherId(), local.realm(), local.username(), local.ip());
            List<String> previous = ownPlaces(s, ar);
            s.call(ExportRequests.publish(s.publisherId(), ar, local, data, previous));
            contact();
            log.info("exported {}@{} at {} as {}: identity {}, capabilities {}, roles {}, device attributes {}",
                    local.username(), local.realm(), local.ip(), ar, data.identity().name(), data.capabilities(),
                    data.roles(), data.deviceAttributes());
            return new Exported(ar, data);
        });
    }

    /**
     * Removes what this client published for a user's session at an address (the user logged out).
     *
     * @return false when there was nothing to remove
     */
    public boolean end(String realm, String username, String ip) throws IOException, MapServerException {
        String canonical = Addresses.ip(ip).value();
        String r = realm == null ? "" : realm;
        return retryOnce(() -> {
            MapSession s = currentSession();
            String ar = ExportRequests.accessRequestName(s.publisherId(), r, username, canonical);
            List<String> previous = ownPlaces(s, ar);
            if (previous.isEmpty()) {
                contact();
                log.info("end {}@{} at {}: nothing exported", username, r, canonical);
                return false;
            }
            s.call(ExportRequests.publish(s.publisherId(), ar, null, null, previous));
            contact();
            log.info("ended {}@{} at {} ({}): {} place(s) cleared", username, r, canonical, ar, previous.size());
            return true;
        });
    }

    /** The session at an address, the most recently published when there are several, and its import. */
    public Optional<SessionAtAddress> importAt(String ip) throws IOException, MapServerException {
        String canonical = Addresses.ip(ip).value();
        return retryOnce(() -> {
            XmlElement result = currentSession().call(searchFrom(canonical));
            contact();
            return sessionAt(canonical, result);
        });
    }

    /**
     * Follows an address: {@code listener} hears what it grants now, then every change (from a thread
     * of the connector's), and a {@link ImportEvent.Kind#DROPPED} event when the server has been out of
     * contact for the fail-secure timeout. One listener per address; following it again replaces it.
     */
    public void follow(String ip, Consumer<ImportEvent> listener) {
        String canonical = Addresses.ip(ip).value();
        Follow f = new Follow(canonical, listener);
        Optional<SessionAtAddress> now = null;
        synchronized (this) {
            follows.put(canonical, f);
            if (poller == null) {
                startPoller(); // it subscribes every follow when it attaches
            } else if (arcAttached && session != null) {
                MapSession s = session;
                try {
                    s.call(subscribe(List.of(f)));
                    now = sessionAt(canonical, s.call(searchFrom(canonical)));
                    contact();
                } catch (IOException | MapServerException e) {
                    log.debug("subscribing {} failed ({}); the poller subscribes again", canonical, e.getMessage());
                    invalidate(s);
                }
            }
        }
        if (now != null) {
            tell(f, ImportEvent.Kind.CHANGED, now);
        }
    }

    private void startPoller() {
        poller = new Thread(this::pollLoop, "fedmap-connector-poll");
        poller.setDaemon(true);
        poller.start();
        timers = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "fedmap-connector-failsecure");
            t.setDaemon(true);
            return t;
        });
        long tick = Math.max(100, Math.min(1000, settings.failsecureTimeout().toMillis() / 10));
        timers.scheduleWithFixedDelay(this::failSecureCheck, tick, tick, TimeUnit.MILLISECONDS);
        // a poll may wait for hours on a connection that died silently: the heartbeat notices, well within
        // the fail-secure timeout, and closes the session so the poller reconnects
        long beat = Math.max(200, Math.min(30_000, settings.failsecureTimeout().toMillis() / 3));
        timers.scheduleWithFixedDelay(this::heartbeat, beat, beat, TimeUnit.MILLISECONDS);
    }

    private static String subscribe(List<Follow> toSubscribe) {
        StringBuilder op = new StringBuilder("<ifmap:subscribe validation=\"None\">");
        for (Follow f : toSubscribe) {
            op.append("<update name=\"").append(f.subscription).append("\" max-depth=\"2\" match-links=\"")
                    .append(MATCH_LINKS).append("\">")
                    .append(ExportRequests.identifier(ExportRequests.ipElement(f.ip))).append("</update>");
        }
        return op.append("</ifmap:subscribe>").toString();
    }

    // ------------------------------------------------------------------------------------------ following

    private void pollLoop() {
        long backoff = 500;
        boolean down = false;
        while (!closed) {
            MapSession s = null;
            try {
                s = sessionWithArc();
                if (down) {
                    log.info("MAP server {} reachable again", settings.serverUrl());
                    down = false;
                }
                backoff = 500;
                XmlElement pollResult = s.poll();
                contact();
                for (XmlElement r : pollResult.elements()) {
                    Follow f = bySubscription(r.attribute("name"));
                    if (f == null) {
                        continue;
                    }
                    if (r.localName().equals("searchResult")) {
                        tell(f, ImportEvent.Kind.CHANGED, sessionAt(f.ip, r));
                    } else if (r.localName().equals("errorResult")) {
                        log.warn("subscription for {} failed: {}; subscribing again", f.ip, r.textContent().trim());
                        invalidate(s);
                    }
                }
            } catch (IOException | MapServerException | RuntimeException e) {
                if (closed) {
                    break;
                }
                if (e instanceof MapServerException m && m.errorCode().equals("InvalidSessionID")) {
                    // the server is there; it ended the session, most often because another connection with
                    // this client name, from this address, started one (which replaces the older session)
                    log.warn("the MAP server ended this connector's IF-MAP session ({}); starting a new one."
                            + " A session of the same client from the same address replaces it: give each"
                            + " long-running connector its own client name", m.getMessage());
                    if (s != null) {
                        invalidate(s);
                    }
                    sleep(backoff);
                    continue;
                }
                if (!down) {
                    log.warn("lost the MAP server {} ({}); trying again, fail-secure in {} s", settings.serverUrl(),
                            e.getMessage(), settings.failsecureTimeout().toSeconds());
                    down = true;
                } else {
                    log.debug("MAP server {} still unreachable: {}", settings.serverUrl(), e.getMessage());
                }
                if (s != null) {
                    invalidate(s);
                }
                sleep(backoff);
                backoff = Math.min(backoff * 2, 5_000);
            }
        }
    }

    /** The current session, with an ARC and every follow subscribed; each follow told its current state. */
    private MapSession sessionWithArc() throws IOException, MapServerException {
        MapSession s;
        List<Follow> subscribed;
        synchronized (this) {
            s = session();
            if (arcAttached) {
                return s;
            }
            subscribed = new ArrayList<>(follows.values());
            s.call(subscribe(subscribed));
            s.attach();
            arcAttached = true;
        }
        contact();
        // 1.1 polls answer with a subscription's result when it changes; say the state now, not at the first change
        for (Follow f : subscribed) {
            tell(f, ImportEvent.Kind.CHANGED, sessionAt(f.ip, s.call(searchFrom(f.ip))));
        }
        return s;
    }

    private void heartbeat() {
        MapSession s;
        synchronized (this) {
            s = session;
        }
        if (s == null || closed) {
            return;
        }
        try {
            // the cheapest request there is: an identifier nobody publishes to, no depth
            s.call("<ifmap:search validation=\"None\" max-depth=\"0\">"
                    + ExportRequests.identifier(ExportRequests.accessRequestElement(s.publisherId() + ":connector"))
                    + "</ifmap:search>");
            contact();
        } catch (IOException | MapServerException | RuntimeException e) {
            log.debug("heartbeat to {} failed: {}", settings.serverUrl(), e.getMessage());
            invalidate(s); // a poll waiting on a half-open connection is woken and reconnects
        }
    }

    private void failSecureCheck() {
        if (closed || Duration.between(lastContact, clock.instant()).compareTo(settings.failsecureTimeout()) < 0) {
            return;
        }
        for (Follow f : follows.values()) {
            synchronized (f) {
                if (f.last != null && f.last.isPresent()) {
                    log.warn("fail-secure: MAP server {} out of contact for {} s; imported session at {} ({}) dropped",
                            settings.serverUrl(), settings.failsecureTimeout().toSeconds(), f.ip, f.last.get().line());
                    f.last = Optional.empty();
                    f.listener.accept(new ImportEvent(f.ip, ImportEvent.Kind.DROPPED, Optional.empty()));
                }
            }
        }
    }

    private void tell(Follow f, ImportEvent.Kind kind, Optional<SessionAtAddress> now) {
        Optional<ImportedSession> local = now.map(SessionAtAddress::local);
        synchronized (f) {
            if (f.told && local.equals(f.last)) {
                return;
            }
            f.told = true;
            f.last = local;
            f.listener.accept(new ImportEvent(f.ip, kind, now));
        }
    }

    private Follow bySubscription(String name) {
        for (Follow f : follows.values()) {
            if (f.subscription.equals(name)) {
                return f;
            }
        }
        return null;
    }

    // ------------------------------------------------------------------------------------------ plumbing

    private interface Call<T> {
        T run() throws IOException, MapServerException;
    }

    /** Runs a call; when the connection broke, once more on a new session (the server may have restarted). */
    private <T> T retryOnce(Call<T> call) throws IOException, MapServerException {
        try {
            return call.run();
        } catch (IOException | MapServerException first) {
            if (first instanceof MapServerException m && !m.errorCode().equals("InvalidSessionID")) {
                throw m;
            }
            synchronized (this) {
                if (session != null) {
                    session.close();
                    session = null;
                    arcAttached = false;
                }
            }
            log.debug("retrying on a new session after: {}", first.getMessage());
            return call.run();
        }
    }

    private synchronized MapSession currentSession() throws IOException, MapServerException {
        return session();
    }

    /** The open session, opening one when there is none; callers hold this object's lock. */
    private MapSession session() throws IOException, MapServerException {
        if (closed) {
            throw new IOException("the connector is closed");
        }
        if (session == null) {
            session = MapSession.open(endpoint);
            arcAttached = false;
            contact();
            log.debug("IF-MAP 1.1 session {} with {} as {}", session.sessionId(), settings.serverUrl(),
                    session.publisherId());
        }
        return session;
    }

    private synchronized void invalidate(MapSession s) {
        s.close();
        if (session == s) {
            session = null;
            arcAttached = false;
        }
    }

    private void contact() {
        lastContact = clock.instant();
    }

    /** The identifiers and links around the access-request that hold this publisher's items, in delete form. */
    private static List<String> ownPlaces(MapSession s, String accessRequest) throws IOException, MapServerException {
        XmlElement result = s.call(ExportRequests.searchAround(accessRequest));
        String me = s.publisherId();
        List<String> places = new ArrayList<>();
        for (XmlElement r : result.elements()) {
            if (!ownsAny(r, me)) {
                continue;
            }
            if (r.localName().equals("identifierResult")) {
                XmlElement id = r.child("identifier");
                if (id != null && id.firstElement() != null) {
                    places.add(ExportRequests.identifier(xml(id.firstElement())));
                }
            } else if (r.localName().equals("linkResult")) {
                XmlElement link = r.child("link");
                List<String> ends = new ArrayList<>(2);
                for (XmlElement id : link == null ? List.<XmlElement>of() : link.elements()) {
                    if (id.firstElement() != null) {
                        ends.add(xml(id.firstElement()));
                    }
                }
                if (ends.size() == 2) {
                    places.add(ExportRequests.link(ends.get(0), ends.get(1)));
                }
            }
        }
        return places;
    }

    private static boolean ownsAny(XmlElement result, String publisherId) {
        XmlElement metadata = result.child("metadata");
        if (metadata == null) {
            return false;
        }
        for (XmlElement m : metadata.elements()) {
            if (publisherId.equals(m.attribute("publisher-id"))) {
                return true;
            }
        }
        return false;
    }

    private static String xml(XmlElement identifier) {
        return XmlSerializer.serialize(identifier, a -> true).xml();
    }

    private static String searchFrom(String ip) {
        return "<ifmap:search validation=\"None\" max-depth=\"2\" match-links=\"" + MATCH_LINKS + "\">"
                + ExportRequests.identifier(ExportRequests.ipElement(ip)) + "</ifmap:search>";
    }

    private Optional<SessionAtAddress> sessionAt(String ip, XmlElement searchResult) {
        if (settings.importer() == null) {
            throw new IllegalStateException("this connector has no import mapper");
        }
        List<FoundSessions.Found> found = FoundSessions.at(ip, searchResult);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        if (found.size() > 1) {
            log.info("{} sessions at {}; importing the most recent, {} of {}", found.size(), ip,
                    found.get(0).accessRequest(), found.get(0).publisherId());
        }
        FoundSessions.Found f = found.get(0);
        ImportedSession local = settings.importer().importSession(f.data());
        return Optional.of(new SessionAtAddress(ip, f.accessRequest(), f.publisherId(), f.updated(), f.data(), local));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops following and closes the connections; what was exported stays published. */
    @Override
    public void close() {
        closed = true;
        Thread t;
        synchronized (this) {
            if (session != null) {
                session.close();
                session = null;
            }
            if (timers != null) {
                timers.shutdownNow();
            }
            t = poller;
        }
        if (t != null) {
            t.interrupt();
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
