package org.fedmap.federation;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fedmap.model.Identity;
import org.fedmap.model.Namespaces;
import org.fedmap.xml.XmlElement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the user sessions at one endpoint address out of an IF-MAP 1.1 {@code searchResult} (a search
 * answer, or a subscription's complete result in a poll answer) that starts at the address.
 *
 * <p>A session is an access-request linked to the address by {@code access-request-ip} and to an identity
 * by {@code authenticated-as} (or by {@code role} alone). It is read leniently, as published by any
 * gateway in either IF-MAP version: {@code role}, {@code capability} and {@code device-attribute} count
 * wherever they sit in the access-request's star, in the 1.1 or the 2.x metadata namespace.
 */
final class FoundSessions {
    private static final Logger log = LoggerFactory.getLogger(FoundSessions.class);

    /** One session as read, before the import mapper. */
    record Found(String accessRequest, String publisherId, Instant updated, IfmapSession data) {
    }

    private record Item(String name, String publisherId, Instant timestamp, XmlElement element) {
    }

    private record LinkResult(XmlElement a, XmlElement b, List<Item> items) {
    }

    private FoundSessions() {
    }

    /**
     * The sessions at {@code ip} in {@code searchResult}, the most recently published first.
     */
    static List<Found> at(String ip, XmlElement searchResult) {
        Map<String, List<Item>> onAccessRequest = new HashMap<>();
        List<LinkResult> links = new ArrayList<>();
        for (XmlElement r : searchResult.elements()) {
            if (r.localName().equals("identifierResult")) {
                XmlElement id = only(r.child("identifier"));
                if (id != null && id.localName().equals("access-request")) {
                    onAccessRequest.put(key(id), items(r));
                }
            } else if (r.localName().equals("linkResult")) {
                XmlElement link = r.child("link");
                if (link == null) {
                    continue;
                }
                List<XmlElement> ends = new ArrayList<>(2);
                for (XmlElement e : link.elements()) {
                    XmlElement id = only(e);
                    if (id != null) {
                        ends.add(id);
                    }
                }
                if (ends.size() == 2) {
                    links.add(new LinkResult(ends.get(0), ends.get(1), items(r)));
                }
            }
        }
        // the access-requests tied to this address
        Map<String, XmlElement> sessions = new LinkedHashMap<>();
        for (LinkResult l : links) {
            XmlElement ar = accessRequestOf(l);
            XmlElement other = ar == null ? null : (ar == l.a() ? l.b() : l.a());
            if (other != null && other.localName().equals("ip-address") && ip.equals(other.attribute("value"))
                    && has(l.items(), "access-request-ip")) {
                sessions.put(key(ar), ar);
            }
        }
        List<Found> found = new ArrayList<>();
        for (Map.Entry<String, XmlElement> s : sessions.entrySet()) {
            Found f = read(s.getValue(), onAccessRequest.getOrDefault(s.getKey(), List.of()), links);
            if (f != null) {
                found.add(f);
            }
        }
        found.sort((x, y) -> y.updated().compareTo(x.updated()));
        return found;
    }

    private static Found read(XmlElement ar, List<Item> own, List<LinkResult> links) {
        String arKey = key(ar);
        Identity identity = null;
        String publisher = null;
        String macDomain = "";
        List<String> roles = new ArrayList<>();
        List<String> capabilities = new ArrayList<>();
        List<String> attributes = new ArrayList<>();
        Instant updated = Instant.EPOCH;
        List<Item> all = new ArrayList<>(own);
        for (LinkResult l : links) {
            XmlElement other = otherEnd(l, arKey);
            if (other == null) {
                continue;
            }
            all.addAll(l.items());
            if (other.localName().equals("identity") && (has(l.items(), "authenticated-as") || has(l.items(), "role"))) {
                Identity candidate = identity(other);
                if (candidate != null && identity == null) {
                    identity = candidate;
                    publisher = publisherOf(l.items());
                }
            } else if (other.localName().equals("mac-address") && has(l.items(), "access-request-mac")) {
                String d = other.attribute("administrative-domain");
                macDomain = d == null ? "" : d;
            }
        }
        for (Item i : all) {
            if (i.timestamp().isAfter(updated)) {
                updated = i.timestamp();
            }
            switch (i.name()) {
                case "role" -> roles.add(nameOf(i.element()));
                case "capability" -> capabilities.add(nameOf(i.element()));
                case "device-attribute" -> attributes.add(nameOf(i.element()));
                default -> {
                    // links and other metadata say nothing of the user's privileges
                }
            }
        }
        if (identity == null) {
            log.debug("access-request {} at the address has no identity: not a user session", ar.attribute("name"));
            return null;
        }
        roles.removeIf(String::isEmpty);
        capabilities.removeIf(String::isEmpty);
        attributes.removeIf(String::isEmpty);
        return new Found(ar.attribute("name"), publisher == null ? "" : publisher, updated,
                new IfmapSession(identity, capabilities, roles, attributes, macDomain));
    }

    private static XmlElement accessRequestOf(LinkResult l) {
        if (l.a().localName().equals("access-request")) {
            return l.a();
        }
        return l.b().localName().equals("access-request") ? l.b() : null;
    }

    private static XmlElement otherEnd(LinkResult l, String arKey) {
        if (l.a().localName().equals("access-request") && key(l.a()).equals(arKey)) {
            return l.b();
        }
        if (l.b().localName().equals("access-request") && key(l.b()).equals(arKey)) {
            return l.a();
        }
        return null;
    }

    private static Identity identity(XmlElement e) {
        Identity.Type type = Identity.Type.fromXml(e.attribute("type"));
        String name = e.attribute("name");
        if (type == null || name == null) {
            return null;
        }
        try {
            return new Identity(type, name, e.attribute("administrative-domain"), e.attribute("other-type-definition"));
        } catch (RuntimeException invalid) {
            log.debug("identity {} skipped: {}", name, invalid.getMessage());
            return null;
        }
    }

    private static String key(XmlElement accessRequest) {
        String d = accessRequest.attribute("administrative-domain");
        return accessRequest.attribute("name") + "\u0000" + (d == null ? "" : d);
    }

    /** The single identifier element inside an {@code identifier} wrapper (1.1), or the element itself (2.x). */
    private static XmlElement only(XmlElement e) {
        if (e == null) {
            return null;
        }
        return e.localName().equals("identifier") ? e.firstElement() : e;
    }

    private static List<Item> items(XmlElement result) {
        XmlElement metadata = result.child("metadata");
        if (metadata == null) {
            return List.of();
        }
        List<Item> out = new ArrayList<>();
        for (XmlElement m : metadata.elements()) {
            if (!Namespaces.META_1.equals(m.namespace()) && !Namespaces.META_2.equals(m.namespace())) {
                continue; // vendor metadata says nothing the mappers read
            }
            String publisher = first(m.attribute("publisher-id"), m.attribute("ifmap-publisher-id"));
            out.add(new Item(m.localName(), publisher, timestamp(first(m.attribute("timestamp"),
                    m.attribute("ifmap-timestamp"))), m));
        }
        return out;
    }

    private static boolean has(List<Item> items, String name) {
        for (Item i : items) {
            if (i.name().equals(name)) {
                return true;
            }
        }
        return false;
    }

    private static String publisherOf(List<Item> items) {
        for (Item i : items) {
            if (i.name().equals("authenticated-as") && i.publisherId() != null) {
                return i.publisherId();
            }
        }
        return items.isEmpty() ? null : items.get(0).publisherId();
    }

    private static String nameOf(XmlElement item) {
        XmlElement name = item.child("name");
        return name == null ? "" : name.textContent().trim();
    }

    private static String first(String a, String b) {
        return a != null ? a : b;
    }

    private static Instant timestamp(String text) {
        if (text == null) {
            return Instant.EPOCH;
        }
        try {
            return java.time.OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return java.time.LocalDateTime.parse(text).toInstant(java.time.ZoneOffset.UTC);
            } catch (DateTimeParseException again) {
                return Instant.EPOCH;
            }
        }
    }
}
