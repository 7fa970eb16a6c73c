package org.fedmap.wire;

import org.fedmap.engine.PollEntry;
import org.fedmap.engine.PollResult;
import org.fedmap.engine.ResultItem;
import org.fedmap.engine.SearchResult;
import org.fedmap.model.ErrorCode;
import org.fedmap.model.Identifier;
import org.fedmap.model.Link;
import org.fedmap.model.Metadata;
import org.fedmap.model.Namespaces;
import org.fedmap.model.ProtocolVersion;
import org.fedmap.session.Response;
import org.fedmap.xml.XmlWriter;

/**
 * Writes IF-MAP 2.x answers: {@code <ifmap:response>} in a SOAP envelope of the request's version.
 * Only the response element is qualified; everything inside is unqualified, as ifmapj and the schema
 * expect. Metadata is spliced in as stored, with 2.x operational attributes.
 */
public final class Ifmap2Encoder {
    private static final String IFMAP = "ifmap";

    byte[] encode(Response r, SoapVersion sv) {
        XmlWriter w = new XmlWriter(estimate(r));
        String p = sv.prefix();
        w.declaration();
        w.start(p + ":Envelope").namespace(p, sv.namespace()).namespace(IFMAP, Namespaces.IFMAP_2);
        w.start(p + ":Body");
        w.start(IFMAP + ":response");
        body(w, r);
        w.end(IFMAP + ":response");
        w.end(p + ":Body").end(p + ":Envelope");
        return w.toBytes();
    }

    private static void body(XmlWriter w, Response r) {
        if (r instanceof Response.SessionStarted s) {
            w.start("newSessionResult").attribute("session-id", s.sessionId())
                    .attribute("ifmap-publisher-id", s.publisherId())
                    .attribute("max-poll-result-size", Long.toString(s.maxPollResultSize()))
                    .end("newSessionResult");
        } else if (r instanceof Response.Done d) {
            String name = switch (d.what()) {
                case PUBLISH_RECEIVED -> "publishReceived";
                case SUBSCRIBE_RECEIVED -> "subscribeReceived";
                case PURGE_PUBLISHER_RECEIVED -> "purgePublisherReceived";
                case RENEW_SESSION -> "renewSessionResult";
            };
            w.start(name).end(name);
        } else if (r instanceof Response.SessionEnded) {
            w.start("endSessionResult").end("endSessionResult");
        } else if (r instanceof Response.Searched s) {
            searchResult(w, "searchResult", null, s.result());
        } else if (r instanceof Response.Polled p) {
            pollResult(w, p.result());
        } else {
            Response.Failed f = (Response.Failed) r;
            errorResult(w, f.code(), f.message(), null);
        }
    }

    static void errorResult(XmlWriter w, ErrorCode code, String message, String name) {
        w.start("errorResult").attribute("errorCode", code.name()).optionalAttribute("name", name);
        w.textElement("errorString", message == null ? code.name() : message);
        w.end("errorResult");
    }

    private static void searchResult(XmlWriter w, String element, String name, SearchResult result) {
        w.start(element).optionalAttribute("name", name);
        items(w, result.items());
        w.end(element);
    }

    private static void items(XmlWriter w, java.util.List<ResultItem> items) {
        StringBuilder md = new StringBuilder(256);
        for (ResultItem item : items) {
            w.start("resultItem");
            resultItemContent(w, item, md);
            w.end("resultItem");
        }
    }

    /**
     * Writes what a {@code resultItem} holds, into its open start tag: the identifier, or a link's two
     * identifiers, then the metadata, if any, with 2.x operational attributes. Public so that documents
     * for administrators (graph dumps) spell results as IF-MAP 2 does.
     *
     * @param scratch a buffer the metadata is rendered into, reused from item to item
     */
    public static void resultItemContent(XmlWriter w, ResultItem item, StringBuilder scratch) {
        if (item.target() instanceof Link l) {
            IdentifierCodec.encode(w, l.first());
            IdentifierCodec.encode(w, l.second());
        } else {
            IdentifierCodec.encode(w, (Identifier) item.target());
        }
        if (!item.metadata().isEmpty()) {
            scratch.setLength(0);
            for (Metadata m : item.metadata()) {
                m.render(ProtocolVersion.IFMAP_2, scratch);
            }
            w.start("metadata").raw(scratch).end("metadata");
        }
    }

    private static void pollResult(XmlWriter w, PollResult result) {
        w.start("pollResult");
        for (PollEntry e : result.entries()) {
            switch (e.kind()) {
                case SEARCH -> entry(w, "searchResult", e);
                case UPDATE -> entry(w, "updateResult", e);
                case DELETE -> entry(w, "deleteResult", e);
                case NOTIFY -> entry(w, "notifyResult", e);
                case ERROR -> errorResult(w, e.errorCode(), e.errorMessage(), e.subscription());
            }
        }
        w.end("pollResult");
    }

    private static void entry(XmlWriter w, String element, PollEntry e) {
        w.start(element).attribute("name", e.subscription());
        items(w, e.items());
        w.end(element);
    }

    private static int estimate(Response r) {
        if (r instanceof Response.Searched s) {
            return 256 + s.result().items().size() * 256;
        }
        if (r instanceof Response.Polled p) {
            return 256 + p.result().entries().size() * 512;
        }
        return 384;
    }
}
