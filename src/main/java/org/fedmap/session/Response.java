package org.fedmap.session;

import org.fedmap.engine.PollResult;
import org.fedmap.engine.SearchResult;
import org.fedmap.model.ErrorCode;

/** The outcome of a request, before encoding. */
public sealed interface Response {
    /** A new (or, for 1.1 attach-session, attached) session. */
    record SessionStarted(String sessionId, String publisherId, long maxPollResultSize) implements Response {
    }

    /** A request whose answer is an empty acknowledgement element. */
    record Done(Acknowledgement what) implements Response {
    }

    record Searched(SearchResult result) implements Response {
    }

    record Polled(PollResult result) implements Response {
    }

    /** The session ended; also the answer to a pending poll of a session that ends. */
    record SessionEnded() implements Response {
    }

    record Failed(ErrorCode code, String message) implements Response {
    }

    enum Acknowledgement { PUBLISH_RECEIVED, SUBSCRIBE_RECEIVED, PURGE_PUBLISHER_RECEIVED, RENEW_SESSION }
}
