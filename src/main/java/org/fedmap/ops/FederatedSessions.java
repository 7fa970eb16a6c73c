package org.fedmap.ops;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.fedmap.engine.Change;
import org.fedmap.engine.Graph;
import org.fedmap.engine.ResultItem;
import org.fedmap.model.AccessRequest;
import org.fedmap.model.Device;
import org.fedmap.model.Identifier;
import org.fedmap.model.Identity;
import org.fedmap.model.IpAddress;
import org.fedmap.model.Link;
import org.fedmap.model.MacAddress;
import org.fedmap.model.Metadata;
import org.fedmap.model.Namespaces;
import org.fedmap.security.LogText;
import org.fedmap.xml.XmlElement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The federated-session view and the administrator's actions on it, for the admin API and CLI.
 *
 * <p>A federated session is what a gateway publishes when a user signs in, in IF-MAP 1.1 or 2.x alike:
 * an access-request linked to the endpoint's ip-address ({@code access-request-ip}), its mac-address
 * ({@code access-request-mac}), the user's identity ({@code authenticated-as}) and perhaps a device
 * ({@code access-request-device}), with {@code role}, {@code capability} and {@code device-attribute}
 * on the access-request or on its links. "Remove a session temporarily" is {@link #deactivate} (hidden
 * from every client's searches and subscriptions until {@link #activate}); "permanently" is
 * {@link #remove}. Both reach subscribers through the graph's usual poll results, and both are durable.
 *
 * <p>Cost: the view walks the graph's access-requests only; identifiers and publisher-ids are enough to
 * filter and sort, and the metadata's XML (role, capability and attribute names, read with the hardened
 * reader) is read only for the sessions returned, and outside the graph's lock.
 */
public final class FederatedSessions {
    private static final Logger log = LoggerFactory.getLogger(FederatedSessions.class);
    /** Longest id or name put into a log line (client-chosen text). */
    private static final int MAX_IN_LOG = 200;

    /**
     * Which sessions to list. Each text is matched exactly, or as a prefix when it ends with
     * {@code *} ({@code 10.1.*}); null or empty matches everything.
     *
     * @param user    a user's identity name
     * @param ip      an endpoint ip-address
     * @param gateway a publisher-id (client name) of the session's metadata
     * @param state   only sessions in this state; null for both
     * @param limit   at most this many sessions, oldest first; 0 or less for all
     */
    public record Filter(String user, String ip, String gateway, FederatedSession.State state, int limit) {
        public static final Filter ALL = new Filter(null, null, null, null, 0);
    }

    private final Graph graph;
    private final Clock clock;

    public FederatedSessions(Graph graph, Clock clock) {
        this.graph = graph;
        this.clock = clock;
    }

    public FederatedSessions(Graph graph) {
        this(graph, Clock.systemUTC());
    }

    /** The sessions the filter selects, oldest first (then by access-request name). */
    public List<FederatedSession> sessions(Filter filter) {
        record Candidate(Graph.Star star, long since) {
        }
        List<Candidate> selected = new ArrayList<>();
        for (Graph.Star star : graph.accessRequests()) {
            if (selects(filter, star)) {
                selected.add(new Candidate(star, oldest(star)));
            }
        }
        // many sessions share a timestamp (a group commit stamps its publishes alike): compare names, no sort keys
        selected.sort(Comparator.comparingLong(Candidate::since)
                .thenComparing(c -> ((AccessRequest) c.star().centre()).name())
                .thenComparing(c -> c.star().centre().administrativeDomain()));
        if (filter.limit() > 0 && selected.size() > filter.limit()) {
            selected = selected.subList(0, filter.limit());
        }
        // gateways publish the same few roles and attributes for every user: each distinct item is read once
        Map<String, String> names = new HashMap<>();
        List<FederatedSession> out = new ArrayList<>(selected.size());
        for (Candidate c : selected) {
            out.add(Outline.of(c.star()).session(names));
        }
        return out;
    }

    /**
     * One session by its id ({@link IdentifierText} form of its access-request).
     *
     * @throws IllegalArgumentException when the id is not an access-request
     */
    public Optional<FederatedSession> session(String id) {
        Graph.Star star = graph.star(accessRequest(id));
        return star == null ? Optional.empty() : Optional.of(Outline.of(star).session(new HashMap<>()));
    }

    /**
     * Hides a session from every client's searches and subscriptions until {@link #activate}:
     * subscribers that saw it get it as deleted in their next poll. The gateway may go on publishing
     * to it; that is stored and stays hidden.
     *
     * @return false when there is no such session; true when it is deactivated (now or already)
     * @throws IllegalArgumentException when the id is not an access-request
     */
    public boolean deactivate(String id) {
        return setHidden(id, true);
    }

    /**
     * Shows a deactivated session again: subscribers that would see it get it as updated.
     *
     * @return false when there is no such session; true when it is active (now or already)
     * @throws IllegalArgumentException when the id is not an access-request
     */
    public boolean activate(String id) {
        return setHidden(id, false);
    }

    private boolean setHidden(String id, boolean hide) {
        AccessRequest ar = accessRequest(id);
        Graph.Star star = graph.star(ar);
        if (star == null) {
            log.info("administrator: {} federated session {}: no such session", hide ? "deactivate" : "activate",
                    quoted(id));
            return false;
        }
        boolean changed = (hide ? graph.hide(ar) : graph.show(ar)) != null;
        String what;
        if (hide) {
            what = changed ? "deactivated: hidden from searches and subscriptions" : "was deactivated already";
        } else {
            what = changed ? "activated: seen by searches and subscriptions again" : "was active already";
        }
        log.info("administrator: federated session {} ({}) {}", quoted(ar), Outline.of(star).summary(), what);
        return true;
    }

    /**
     * Deletes the session's metadata, on its access-request and on every link touching it, whoever
     * published it, in one commit (durable before this returns); subscribers get it as deleted. The
     * identities, addresses and devices keep their own metadata. A deactivation ends with it.
     *
     * @return false when there is no such session
     * @throws IllegalArgumentException when the id is not an access-request
     */
    public boolean remove(String id) {
        AccessRequest ar = accessRequest(id);
        Graph.Star star = graph.star(ar);
        Change c = star == null ? null : graph.removeAround(ar);
        if (c == null) {
            log.info("administrator: remove federated session {}: no such session", quoted(id));
            return false;
        }
        int deleted = 0;
        for (Change.PlaceChange p : c.places()) {
            deleted += p.removed().size();
        }
        log.info("administrator: federated session {} ({}) removed: {} metadata item(s) deleted",
                quoted(ar), Outline.of(star).summary(), deleted);
        return true;
    }

    /**
     * The whole graph ({@code around} empty) or the identifiers and links within {@code depth} links of
     * one identifier, as an XML document; deactivated sessions are included and marked.
     *
     * @throws IllegalArgumentException when depth is negative
     */
    public String dump(Optional<Identifier> around, int depth) {
        if (depth < 0) {
            throw new IllegalArgumentException("depth must be 0 or more, not " + depth);
        }
        Identifier centre = around.orElse(null);
        return GraphDump.write(graph.dump(centre, depth), centre, depth, clock.instant());
    }

    private static String quoted(String text) {
        return LogText.quote(text, MAX_IN_LOG);
    }

    private static String quoted(Identifier id) {
        return quoted(IdentifierText.format(id));
    }

    private static AccessRequest accessRequest(String id) {
        Identifier parsed = IdentifierText.parse(id);
        if (parsed instanceof AccessRequest ar) {
            return ar;
        }
        throw new IllegalArgumentException("a federated session is named by its access-request"
                + " (access-request:NAME), not by " + parsed.type().elementName());
    }

    // ------------------------------------------------------------------------------------------

    /** What a link of the access-request tells of the session, by its far end and one of its items. */
    private enum Part {
        USER, IP, MAC, DEVICE;

        /** The part, or null when the item says none of these. */
        static Part of(Identifier other, Metadata m) {
            if (!isStandard(m)) {
                return null;
            }
            String name = m.localName();
            if (other instanceof Identity && name.equals("authenticated-as")) {
                return USER;
            }
            if (other instanceof IpAddress && name.equals("access-request-ip")) {
                return IP;
            }
            if (other instanceof MacAddress && name.equals("access-request-mac")) {
                return MAC;
            }
            if (other instanceof Device && name.equals("access-request-device")) {
                return DEVICE;
            }
            return null;
        }
    }

    private static boolean isStandard(Metadata m) {
        return Namespaces.META_2.equals(m.namespace()) || Namespaces.META_1.equals(m.namespace());
    }

    private static Identifier otherEnd(ResultItem link, Identifier centre) {
        Link l = (Link) link.target();
        return l.first().equals(centre) ? l.second() : l.first();
    }

    private static FederatedSession.State stateOf(Graph.Star star) {
        return star.hidden() ? FederatedSession.State.DEACTIVATED : FederatedSession.State.ACTIVE;
    }

    /** Publication time of the session's oldest item; Long.MAX_VALUE when it holds none. */
    private static long oldest(Graph.Star star) {
        long oldest = Long.MAX_VALUE;
        for (Metadata m : star.metadata()) {
            oldest = Math.min(oldest, m.timestamp());
        }
        for (ResultItem link : star.links()) {
            for (Metadata m : link.metadata()) {
                oldest = Math.min(oldest, m.timestamp());
            }
        }
        return oldest;
    }

    /** Whether the filter selects the session; looks at identifiers and publisher-ids only, never at XML. */
    private static boolean selects(Filter f, Graph.Star star) {
        if (f.state() != null && f.state() != stateOf(star)) {
            return false;
        }
        boolean user = blank(f.user());
        boolean ip = blank(f.ip());
        boolean gateway = blank(f.gateway());
        for (Metadata m : star.metadata()) {
            gateway = gateway || matches(f.gateway(), m.publisherId());
        }
        for (ResultItem link : star.links()) {
            Identifier other = otherEnd(link, star.centre());
            for (Metadata m : link.metadata()) {
                gateway = gateway || matches(f.gateway(), m.publisherId());
                Part part = user && ip ? null : Part.of(other, m);
                user = user || part == Part.USER && matches(f.user(), ((Identity) other).name());
                ip = ip || part == Part.IP && matches(f.ip(), ((IpAddress) other).value());
            }
        }
        return user && ip && gateway;
    }

    private static boolean blank(String s) {
        return s == null || s.isEmpty();
    }

    /** Exact, or a prefix when the pattern ends with '*'. */
    private static boolean matches(String pattern, String value) {
        return pattern.endsWith("*") ? value.startsWith(pattern.substring(0, pattern.length() - 1))
                : value.equals(pattern);
    }

    /** What identifiers and publisher-ids tell of one session; {@link #session} adds what its items' XML says. */
    private record Outline(Graph.Star star, String id, List<FederatedSession.User> users, List<String> ips,
                           List<String> macs, List<String> devices, List<String> gateways, Instant since) {

        static Outline of(Graph.Star star) {
            Identifier ar = star.centre();
            List<FederatedSession.User> users = new ArrayList<>(1);
            List<String> ips = new ArrayList<>(1);
            List<String> macs = new ArrayList<>(1);
            List<String> devices = new ArrayList<>(0);
            Map<String, Long> firstBy = new HashMap<>();
            for (Metadata m : star.metadata()) {
                firstBy.merge(m.publisherId(), m.timestamp(), Math::min);
            }
            for (ResultItem link : star.links()) {
                Identifier other = otherEnd(link, ar);
                for (Metadata m : link.metadata()) {
                    firstBy.merge(m.publisherId(), m.timestamp(), Math::min);
                    Part part = Part.of(other, m);
                    if (part == Part.USER) {
                        Identity i = (Identity) other;
                        users.add(new FederatedSession.User(i.name(), i.identityType().xmlValue(),
                                i.administrativeDomain()));
                    } else if (part == Part.IP) {
                        ips.add(((IpAddress) other).value());
                    } else if (part == Part.MAC) {
                        macs.add(((MacAddress) other).value());
                    } else if (part == Part.DEVICE) {
                        devices.add(((Device) other).value());
                    }
                }
            }
            List<String> gateways = new ArrayList<>(firstBy.keySet());
            gateways.sort(Comparator.comparing((String g) -> firstBy.get(g)).thenComparing(g -> g));
            long oldest = oldest(star);
            return new Outline(star, IdentifierText.format(ar), users, ips, macs, devices, gateways,
                    oldest == Long.MAX_VALUE ? null : Instant.ofEpochMilli(oldest));
        }

        FederatedSession.State state() {
            return stateOf(star);
        }

        /**
         * The whole view of the session; reads the names in role, capability and device-attribute items
         * ({@code names} keeps what was read, by the item's XML).
         */
        FederatedSession session(Map<String, String> names) {
            Set<String> roles = new LinkedHashSet<>();
            Set<String> capabilities = new LinkedHashSet<>();
            Set<String> attributes = new LinkedHashSet<>();
            List<Metadata> all = new ArrayList<>(star.metadata());
            for (ResultItem link : star.links()) {
                all.addAll(link.metadata());
            }
            for (Metadata m : all) {
                if (!isStandard(m)) {
                    continue;
                }
                Set<String> into = switch (m.localName()) {
                    case "role" -> roles;
                    case "capability" -> capabilities;
                    case "device-attribute" -> attributes;
                    default -> null;
                };
                if (into != null) {
                    String name = names.computeIfAbsent(m.xml(), x -> nameIn(m));
                    if (!name.isEmpty()) {
                        into.add(name);
                    }
                }
            }
            AccessRequest ar = (AccessRequest) star.centre();
            return new FederatedSession(id, ar.name(), ar.administrativeDomain(), users, List.copyOf(roles),
                    List.copyOf(capabilities), List.copyOf(attributes), ips, macs, devices, gateways,
                    since == null ? null : since.toString(), state());
        }

        /** One line for the log: who, from where, through which gateway. */
        String summary() {
            List<String> names = users.stream().map(FederatedSession.User::name).toList();
            return "user " + (names.isEmpty() ? "-" : quoted(String.join(",", names)))
                    + ", ip " + (ips.isEmpty() ? "-" : String.join(",", ips))
                    + ", gateway " + (gateways.isEmpty() ? "-" : quoted(String.join(",", gateways)));
        }

        /** The item's {@code name} child, with {@code @domain} when it names an administrative-domain; "" if none. */
        private static String nameIn(Metadata m) {
            XmlElement e;
            try {
                e = m.element(); // the hardened reader: no DOCTYPE, bounded
            } catch (IllegalStateException unreadable) {
                log.warn("{} cannot be read for the session view: {}", m, unreadable.getMessage());
                return "";
            }
            XmlElement name = e.child("name");
            String text = (name == null ? e.textContent() : name.textContent()).trim();
            XmlElement domain = e.child("administrative-domain");
            String ad = domain == null ? "" : domain.textContent().trim();
            return ad.isEmpty() || text.isEmpty() ? text : text + "@" + ad;
        }
    }
}
