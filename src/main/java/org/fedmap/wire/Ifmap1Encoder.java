package org.fedmap.wire;

import java.util.ArrayList;
import java.util.List;
import org.fedmap.engine.PollEntry;
import org.fedmap.engine.ResultItem;
import org.fedmap.model.ErrorCode;
import org.fedmap.model.Identifier;
import org.fedmap.model.Link;
import org.fedmap.model.Metadata;
import org.fedmap.model.Namespaces;
import org.fedmap.model.ProtocolVersion;
import org.fedmap.session.Response;
import org.fedmap.xml.XmlWriter;

/**
 * Writes IF-MAP 1.1 answers. Every answer carries the session-id in the SOAP Header (an invalid one
 * is echoed back). A new-session or attach-session answer carries the session-id and publisher-id
 * in the Header and, as gateways expect them there, directly in the Body. Search results list all
 * identifierResults before any linkResult, as the 1.1 schema orders them, and metadata carries the
 * 1.1 operational attributes (publisher-id, timestamp, cardinality).
 */
final class Ifmap1Encoder {
    private static final String IFMAP = "ifmap";

    byte[] encode(Response r, SoapVersion sv, String sessionId) {
        XmlWriter w = new XmlWriter(r instanceof Response.Searched || r instanceof Response.Polled ? 4096 : 512);
        String p = sv.prefix();
        w.declaration();
        w.start(p + ":Envelope").namespace(p, sv.namespace()).namespace(IFMAP, Namespaces.IFMAP_1);
        if (r instanceof Response.SessionStarted s) {
            w.start(p + ":Header");
            sessionPair(w, s);
            w.end(p + ":Header");
            w.start(p + ":Body");
            sessionPair(w, s);
            w.end(p + ":Body");
        } else {
            if (sessionId != null) {
                w.start(p + ":Header").textElement(IFMAP + ":session-id", sessionId).end(p + ":Header");
            }
            w.start(p + ":Body").start(IFMAP + ":response");
            body(w, r);
            w.end(IFMAP + ":response").end(p + ":Body");
        }
        w.end(p + ":Envelope");
        return w.toBytes();
    }

    private static void sessionPair(XmlWriter w, Response.SessionStarted s) {
        w.textElement(IFMAP + ":session-id", s.sessionId());
        w.textElement(IFMAP + ":publisher-id", s.publisherId());
    }

    private static void body(XmlWriter w, Response r) {
        if (r instanceof Response.Done d) {
            String name = switch (d.what()) {
                case PUBLISH_RECEIVED -> "publishReceived";
                case SUBSCRIBE_RECEIVED -> "subscribeReceived";
                case PURGE_PUBLISHER_RECEIVED -> "purgePublisherReceived";
                // 1.1 has no renewSession; nothing decodes one, but an answer must still be well-formed
                case RENEW_SESSION -> "publishReceived";
            };
            w.start(name).end(name);
        } else if (r instanceof Response.Searched s) {
            searchResult(w, null, s.result().items());
        } else if (r instanceof Response.Polled p) {
            w.start("pollResult");
            for (PollEntry e : p.result().entries()) {
                if (e.kind() == PollEntry.Kind.ERROR) {
                    errorResult(w, e.errorCode(), e.errorMessage(), e.subscription());
                } else if (e.kind() == PollEntry.Kind.SEARCH) {
                    searchResult(w, e.subscription(), e.items());
                }
                // updateResult, deleteResult and notifyResult do not exist in 1.1; the graph gives
                // 1.1 subscribers complete searchResults instead
            }
            w.end("pollResult");
        } else if (r instanceof Response.SessionEnded) {
            // 1.1 has no endSessionResult: a poll still waiting when its session ends learns it this way
            errorResult(w, ErrorCode.InvalidSessionID, "the session has ended", null);
        } else if (r instanceof Response.Failed f) {
            errorResult(w, f.code(), f.message(), null);
        } else {
            errorResult(w, ErrorCode.SystemError, "no IF-MAP 1.1 answer for " + r.getClass().getSimpleName(), null);
        }
    }

    /** IF-MAP 1.1 knows no PollResultsTooBig; its closest code is SearchResultsTooBig. */
    private static void errorResult(XmlWriter w, ErrorCode code, String message, String name) {
        ErrorCode in11 = code == ErrorCode.PollResultsTooBig ? ErrorCode.SearchResultsTooBig : code;
        Ifmap2Encoder.errorResult(w, in11, message, name);
    }

    private static void searchResult(XmlWriter w, String name, List<ResultItem> items) {
        w.start("searchResult").optionalAttribute("name", name);
        List<ResultItem> links = new ArrayList<>();
        StringBuilder md = new StringBuilder(256);
        for (ResultItem item : items) {
            if (item.target() instanceof Link) {
                links.add(item);
                continue;
            }
            w.start("identifierResult");
            identifier(w, (Identifier) item.target());
            metadata(w, item.metadata(), md);
            w.end("identifierResult");
        }
        for (ResultItem item : links) {
            Link l = (Link) item.target();
            w.start("linkResult").start("link");
            identifier(w, l.first());
            identifier(w, l.second());
            w.end("link");
            metadata(w, item.metadata(), md);
            w.end("linkResult");
        }
        w.end("searchResult");
    }

    private static void identifier(XmlWriter w, Identifier id) {
        w.start("identifier");
        IdentifierCodec.encode(w, id);
        w.end("identifier");
    }

    private static void metadata(XmlWriter w, List<Metadata> items, StringBuilder md) {
        if (items.isEmpty()) {
            return;
        }
        md.setLength(0);
        for (Metadata m : items) {
            m.render(ProtocolVersion.IFMAP_1_1, md);
        }
        w.start("metadata").raw(md).end("metadata");
    }
}
