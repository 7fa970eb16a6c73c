package org.fedmap.wire;

import java.util.ArrayList;
import java.util.List;
import org.fedmap.engine.PublishOperation;
import org.fedmap.engine.SearchSpec;
import org.fedmap.engine.TerminalIdentifiers;
import org.fedmap.engine.filter.Filter;
import org.fedmap.model.ErrorCode;
import org.fedmap.model.Identifier;
import org.fedmap.model.IfmapException;
import org.fedmap.model.Lifetime;
import org.fedmap.model.Link;
import org.fedmap.model.Metadata;
import org.fedmap.model.Namespaces;
import org.fedmap.model.ProtocolVersion;
import org.fedmap.model.Target;
import org.fedmap.session.Request;
import org.fedmap.xml.XmlElement;
import org.fedmap.xml.XmlNode;
import org.fedmap.xml.XmlText;

/**
 * Reads IF-MAP 1.1 requests (namespace 2006/IFMAP/1), as Juniper/Ivanti gateways send them. Session
 * handling lives in the SOAP Header: {@code new-session} (with an empty Body), {@code attach-session}
 * (which makes the connection the ARC) and the {@code session-id} every other request carries.
 * Identifiers come wrapped in {@code <identifier>}, links as {@code <link>} of two identifiers. 1.1
 * has no lifetime: everything published is kept until deleted or purged.
 */
final class Ifmap1Decoder {
    private static final ProtocolVersion V1 = ProtocolVersion.IFMAP_1_1;
    /** A negative max-depth means unbounded in 1.1; traversal stops here all the same. */
    static final int UNBOUNDED_DEPTH = 10_000;

    private final CodecSettings settings;
    private final MetadataCapture capture;

    Ifmap1Decoder(CodecSettings settings) {
        this.settings = settings;
        this.capture = new MetadataCapture(settings.maxMetadataSize());
    }

    /** The session-id the request's Header carries (echoed in the answer's Header), or null. */
    static String headerSessionId(SoapEnvelope envelope) {
        for (XmlElement h : envelope.headers()) {
            if (h.is(Namespaces.IFMAP_1, "session-id") || h.is(Namespaces.IFMAP_1, "attach-session")) {
                return h.textContent().trim();
            }
        }
        return null;
    }

    Request decode(SoapEnvelope envelope) {
        boolean newSession = false;
        String attach = null;
        String sessionId = null;
        for (XmlElement h : envelope.headers()) {
            if (h.is(Namespaces.IFMAP_1, "new-session")) {
                newSession = true;
            } else if (h.is(Namespaces.IFMAP_1, "attach-session")) {
                attach = h.textContent().trim();
            } else if (h.is(Namespaces.IFMAP_1, "session-id")) {
                sessionId = h.textContent().trim();
            }
        }
        XmlElement op = envelope.operation();
        // some clients put the session elements in the Body instead of the Header
        if (op != null && op.localName().equals("new-session")) {
            newSession = true;
            op = null;
        } else if (op != null && op.localName().equals("attach-session")) {
            attach = op.textContent().trim();
            op = null;
        }
        if (op == null) {
            if (newSession) {
                return new Request.NewSession(null);
            }
            if (attach != null) {
                return new Request.AttachSession(attach.isEmpty() ? null : attach);
            }
            throw new IfmapException(ErrorCode.Failure, "the request holds no IF-MAP operation");
        }
        if (sessionId == null || sessionId.isEmpty()) {
            throw new IfmapException(ErrorCode.InvalidSessionID,
                    op.localName() + " arrived without a session-id in the SOAP Header; start with new-session");
        }
        return switch (op.localName()) {
            case "publish" -> publish(sessionId, op);
            case "search" -> new Request.Search(sessionId, searchSpec(op));
            case "subscribe" -> SubscribeRequests.decode(sessionId, op, this::searchSpec);
            case "poll" -> new Request.Poll(sessionId);
            case "purgePublisher" -> new Request.PurgePublisher(sessionId, op.attribute("publisher-id"));
            default -> throw new IfmapException(ErrorCode.Failure, "<" + op.qualifiedName()
                    + "> is not an IF-MAP 1.1 request");
        };
    }

    private Request publish(String sessionId, XmlElement op) {
        List<PublishOperation> ops = new ArrayList<>();
        for (XmlElement e : op.elements()) {
            switch (e.localName()) {
                case "update" -> ops.add(new PublishOperation.Update(target(e), metadata(e), Lifetime.FOREVER));
                case "delete" -> ops.add(new PublishOperation.Delete(target(e), filter(e, "filter")));
                default -> throw new IfmapException(ErrorCode.Failure, "publish holds <" + e.qualifiedName()
                        + ">; IF-MAP 1.1 publishes with update and delete");
            }
        }
        if (ops.isEmpty()) {
            throw new IfmapException(ErrorCode.Failure, "publish holds no update or delete");
        }
        return new Request.Publish(sessionId, ops);
    }

    /** The {@code <identifier>} or {@code <link>} of an update or delete. */
    private static Target target(XmlElement e) {
        Target target = null;
        for (XmlElement c : e.elements()) {
            if (c.localName().equals("metadata")) {
                continue;
            }
            if (target != null) {
                throw new IfmapException(ErrorCode.InvalidIdentifier, e.localName()
                        + " names more than one identifier or link");
            }
            target = switch (c.localName()) {
                case "identifier" -> identifier(c);
                case "link" -> link(c);
                default -> throw new IfmapException(ErrorCode.InvalidIdentifier, e.localName() + " holds <"
                        + c.qualifiedName() + ">; IF-MAP 1.1 wraps identifiers in <identifier> and links in <link>");
            };
        }
        if (target == null) {
            throw new IfmapException(ErrorCode.InvalidIdentifier, e.localName() + " names no identifier or link");
        }
        return target;
    }

    private static Identifier identifier(XmlElement wrapper) {
        List<XmlElement> inside = wrapper.elements();
        if (inside.size() != 1) {
            throw new IfmapException(ErrorCode.InvalidIdentifier, "<identifier> must hold exactly one identifier, not "
                    + inside.size());
        }
        return IdentifierCodec.decode(inside.get(0), V1);
    }

    private static Link link(XmlElement link) {
        List<XmlElement> ids = link.elements();
        if (ids.size() != 2) {
            throw new IfmapException(ErrorCode.InvalidIdentifier, "<link> must hold exactly two <identifier>s, not "
                    + ids.size());
        }
        for (XmlElement id : ids) {
            if (!id.localName().equals("identifier")) {
                throw new IfmapException(ErrorCode.InvalidIdentifier, "<link> holds <" + id.qualifiedName()
                        + ">; expected <identifier>");
            }
        }
        return new Link(identifier(ids.get(0)), identifier(ids.get(1)));
    }

    /** The metadata of an update; the 1.1 schema lets it be absent, which updates nothing. */
    private List<Metadata> metadata(XmlElement e) {
        XmlElement list = e.child("metadata");
        if (list == null) {
            return List.of();
        }
        for (XmlNode n : list.children()) {
            if (n instanceof XmlText t && !t.text().isBlank()) {
                throw new IfmapException(ErrorCode.InvalidMetadataListType,
                        "<metadata> holds text; it may hold only metadata elements");
            }
        }
        List<Metadata> out = new ArrayList<>();
        for (XmlElement m : list.elements()) {
            out.add(capture.capture(m, V1));
        }
        return out;
    }

    private SearchSpec searchSpec(XmlElement e) {
        XmlElement wrapper = null;
        for (XmlElement c : e.elements()) {
            if (!c.localName().equals("identifier") || wrapper != null) {
                throw new IfmapException(ErrorCode.InvalidIdentifier, e.localName()
                        + " must hold exactly one <identifier> to start from");
            }
            wrapper = c;
        }
        if (wrapper == null) {
            throw new IfmapException(ErrorCode.InvalidIdentifier, e.localName() + " names no <identifier> to start from");
        }
        Long depth = optionalInteger(e, "max-depth");
        Long maxSize = optionalInteger(e, "max-size");
        return new SearchSpec(identifier(wrapper),
                depth == null ? 0 : depth < 0 ? UNBOUNDED_DEPTH : (int) Math.min(depth, UNBOUNDED_DEPTH),
                filter(e, "match-links"), filter(e, "result-filter"), TerminalIdentifiers.NONE,
                maxSize == null ? settings.defaultSearchMaxSize() : maxSize < 0 ? Long.MAX_VALUE : maxSize, V1);
    }

    private static Filter filter(XmlElement e, String attribute) {
        return FilterAttributes.read(e, attribute, Namespaces.META_1);
    }

    /** An xsd:integer attribute; 1.1 gives negative values a meaning (unbounded). */
    private static Long optionalInteger(XmlElement e, String attribute) {
        String v = e.attribute(attribute);
        if (v == null) {
            return null;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException ex) {
            throw new IfmapException(ErrorCode.Failure, attribute + " '" + v + "' is not a whole number");
        }
    }
}
