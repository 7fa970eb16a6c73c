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

/**
 * Reads IF-MAP 2.x requests (namespace 2010/IFMAP/2) into {@link Request}s. Every check that can
 * fail happens here, before anything is applied, so a malformed publish changes nothing. Child
 * elements are matched by local name: the schema leaves them unqualified, and some clients qualify
 * them anyway.
 */
final class Ifmap2Decoder {
    private static final ProtocolVersion V2 = ProtocolVersion.IFMAP_2;

    private final CodecSettings settings;
    private final MetadataCapture capture;

    Ifmap2Decoder(CodecSettings settings) {
        this.settings = settings;
        this.capture = new MetadataCapture(settings.maxMetadataSize());
    }

    Request decode(XmlElement op) {
        return switch (op.localName()) {
            case "newSession" -> new Request.NewSession(optionalLong(op, "max-poll-result-size"));
            case "renewSession" -> new Request.RenewSession(sessionId(op));
            case "endSession" -> new Request.EndSession(sessionId(op));
            case "publish" -> publish(op);
            case "search" -> new Request.Search(sessionId(op), searchSpec(op));
            case "subscribe" -> SubscribeRequests.decode(sessionId(op), op, this::searchSpec);
            case "poll" -> new Request.Poll(sessionId(op));
            case "purgePublisher" -> new Request.PurgePublisher(sessionId(op), op.attribute("ifmap-publisher-id"));
            default -> throw new IfmapException(ErrorCode.Failure, "<" + op.qualifiedName()
                    + "> is not an IF-MAP 2 request");
        };
    }

    private static String sessionId(XmlElement op) {
        String id = op.attribute("session-id");
        if (id == null || id.isEmpty()) {
            throw new IfmapException(ErrorCode.InvalidSessionID, op.localName() + " has no session-id attribute");
        }
        return id;
    }

    private Request publish(XmlElement op) {
        String sessionId = sessionId(op);
        List<PublishOperation> ops = new ArrayList<>();
        for (XmlElement e : op.elements()) {
            switch (e.localName()) {
                case "update" -> ops.add(new PublishOperation.Update(target(e), metadata(e), lifetime(e)));
                case "notify" -> ops.add(new PublishOperation.Notify(target(e), metadata(e)));
                case "delete" -> ops.add(new PublishOperation.Delete(target(e), filter(e, "filter")));
                default -> throw new IfmapException(ErrorCode.Failure, "publish holds <" + e.qualifiedName()
                        + ">; expected update, notify or delete");
            }
        }
        if (ops.isEmpty()) {
            throw new IfmapException(ErrorCode.Failure, "publish holds no update, notify or delete");
        }
        return new Request.Publish(sessionId, ops);
    }

    /** The identifier, or the link of two identifiers, an update/notify/delete applies to. */
    private static Target target(XmlElement e) {
        List<Identifier> ids = new ArrayList<>(2);
        for (XmlElement c : e.elements()) {
            if (c.localName().equals("metadata")) {
                continue;
            }
            if (ids.size() == 2) {
                throw new IfmapException(ErrorCode.InvalidIdentifier, e.localName()
                        + " names more than two identifiers; a link joins exactly two");
            }
            ids.add(IdentifierCodec.decode(c, V2));
        }
        if (ids.isEmpty()) {
            throw new IfmapException(ErrorCode.InvalidIdentifier, e.localName() + " names no identifier");
        }
        return ids.size() == 1 ? ids.get(0) : new Link(ids.get(0), ids.get(1));
    }

    /** The metadata of an update or notify, which 2.x requires. */
    private List<Metadata> metadata(XmlElement e) {
        XmlElement list = e.child("metadata");
        if (list == null) {
            throw new IfmapException(ErrorCode.InvalidMetadata, e.localName() + " has no metadata element");
        }
        List<Metadata> out = new ArrayList<>();
        for (XmlElement m : list.elements()) {
            out.add(capture.capture(m, V2));
        }
        return out;
    }

    private static Lifetime lifetime(XmlElement e) {
        String l = e.attribute("lifetime");
        if (l == null || l.equals("session")) {
            return Lifetime.SESSION;
        }
        if (l.equals("forever")) {
            return Lifetime.FOREVER;
        }
        throw new IfmapException(ErrorCode.Failure, "lifetime '" + l + "' is neither session nor forever");
    }

    private SearchSpec searchSpec(XmlElement e) {
        List<XmlElement> children = e.elements();
        if (children.size() != 1) {
            throw new IfmapException(ErrorCode.InvalidIdentifier, e.localName()
                    + " must name exactly one start identifier, not " + children.size());
        }
        Identifier start = IdentifierCodec.decode(children.get(0), V2);
        Long depth = optionalLong(e, "max-depth");
        Long maxSize = optionalLong(e, "max-size");
        return new SearchSpec(start,
                depth == null ? 0 : (int) Math.min(depth, Integer.MAX_VALUE),
                filter(e, "match-links"), filter(e, "result-filter"),
                TerminalIdentifiers.parse(e.attribute("terminal-identifier-type")),
                maxSize == null ? settings.defaultSearchMaxSize() : maxSize, V2);
    }

    private static Filter filter(XmlElement e, String attribute) {
        return FilterAttributes.read(e, attribute, Namespaces.META_2);
    }

    private static Long optionalLong(XmlElement e, String attribute) {
        String v = e.attribute(attribute);
        if (v == null) {
            return null;
        }
        try {
            long n = Long.parseLong(v.trim());
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException ex) {
            throw new IfmapException(ErrorCode.Failure, attribute + " '" + v + "' is not a non-negative whole number");
        }
    }
}
