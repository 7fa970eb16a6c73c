package org.fedmap.ops;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.fedmap.model.Identifier;

/**
 * The admin API's routes over {@link FederatedSessions}: the federated-session view, the administrator's
 * actions on one session, and the graph dump.
 *
 * <p>Every parameter comes in the query string, for GET and POST alike, so a session is named the same
 * way everywhere: {@code id}, its access-request in {@link IdentifierText} form. An id that does not
 * parse or is not an access-request is 400; one that names no session is 404. A parameter the route
 * does not know is 400 rather than ignored, so a mistyped filter never lists (or acts on) more than meant.
 */
public final class SessionRoutes {
    /** The dump's content type. */
    public static final String XML = "application/xml; charset=utf-8";
    private static final Set<String> FILTERS = Set.of("user", "ip", "gateway", "state", "limit");

    private final FederatedSessions sessions;

    public SessionRoutes(FederatedSessions sessions) {
        this.sessions = sessions;
    }

    /**
     * {@code GET /api/sessions?user=&ip=&gateway=&state=&limit=}: the sessions the filter selects, oldest
     * first; {@code GET /api/sessions?id=ID}: that one session (not a list).
     */
    public Object find(ApiCall call) {
        known(call, "id", "user", "ip", "gateway", "state", "limit");
        String id = call.param("id");
        if (id != null) {
            if (call.query().keySet().stream().anyMatch(FILTERS::contains)) {
                throw new ApiException(400, "id names one session; it goes without user, ip, gateway, state"
                        + " and limit");
            }
            return one(id);
        }
        return sessions.sessions(new FederatedSessions.Filter(call.param("user"), call.param("ip"),
                call.param("gateway"), state(call.param("state")), limit(call.param("limit"))));
    }

    /** {@code POST /api/sessions/deactivate?id=ID}: hidden from every client until activated. */
    public SessionAction deactivate(ApiCall call) {
        String id = id(call);
        FederatedSession before = one(id);
        found(sessions.deactivate(id), id);
        return changed("deactivate", before, now(id, before));
    }

    /** {@code POST /api/sessions/activate?id=ID}: seen by searches and subscriptions again. */
    public SessionAction activate(ApiCall call) {
        String id = id(call);
        FederatedSession before = one(id);
        found(sessions.activate(id), id);
        return changed("activate", before, now(id, before));
    }

    /** {@code POST /api/sessions/remove?id=ID}: its metadata deleted; answered with the session as it was. */
    public SessionAction remove(ApiCall call) {
        String id = id(call);
        FederatedSession before = one(id);
        found(sessions.remove(id), id);
        return new SessionAction("remove", true, before);
    }

    /**
     * {@code GET /api/dump[?around=ID[&depth=N]]}: the whole graph, or the identifiers and links within
     * {@code depth} (default 1) links of one identifier, as XML.
     */
    public Reply dump(ApiCall call) {
        known(call, "around", "depth");
        String around = call.param("around");
        String depth = call.param("depth");
        if (around == null && depth != null) {
            throw new ApiException(400, "depth goes with around: the whole graph has no depth");
        }
        Optional<Identifier> centre = Optional.empty();
        if (around != null) {
            try {
                centre = Optional.of(IdentifierText.parse(around));
            } catch (IllegalArgumentException e) {
                throw new ApiException(400, "around: " + e.getMessage());
            }
        }
        return Reply.text(200, XML, sessions.dump(centre, depth == null ? 1 : count("depth", depth)));
    }

    private FederatedSession one(String id) {
        try {
            return sessions.session(id).orElseThrow(() -> noSuch(id));
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, e.getMessage());
        }
    }

    /** The session after an action; as it was when it went meanwhile (a gateway or another admin removed it). */
    private FederatedSession now(String id, FederatedSession before) {
        return sessions.session(id).orElse(before);
    }

    private static SessionAction changed(String action, FederatedSession before, FederatedSession after) {
        return new SessionAction(action, before.state() != after.state(), after);
    }

    /** The facade found no session after all: it went between the look and the action. */
    private static void found(boolean found, String id) {
        if (!found) {
            throw noSuch(id);
        }
    }

    private static ApiException noSuch(String id) {
        return new ApiException(404, "no federated session " + id);
    }

    private static String id(ApiCall call) {
        known(call, "id");
        String id = call.param("id");
        if (id == null) {
            throw new ApiException(400, "which session? give its id, e.g. ?id=access-request:ic1:sid42");
        }
        return id;
    }

    private static FederatedSession.State state(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        try {
            return FederatedSession.State.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, "state is active or deactivated, not '" + text + "'");
        }
    }

    private static int limit(String text) {
        return text == null || text.isEmpty() ? 0 : count("limit", text);
    }

    private static int count(String name, String text) {
        try {
            int n = Integer.parseInt(text);
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new ApiException(400, name + " is a whole number, 0 or more, not '" + text + "'");
    }

    private static void known(ApiCall call, String... names) {
        Set<String> unknown = new TreeSet<>(call.query().keySet());
        unknown.removeAll(Set.of(names));
        if (!unknown.isEmpty()) {
            throw new ApiException(400, "unknown parameter(s) " + String.join(", ", unknown) + "; this route takes "
                    + String.join(", ", names));
        }
    }
}
