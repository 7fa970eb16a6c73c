package org.fedmap.session;

import java.util.List;
import org.fedmap.engine.PublishOperation;
import org.fedmap.engine.SearchSpec;

/** A decoded IF-MAP request, the same for both protocol versions. */
public sealed interface Request {
    /** The session the request names; null for newSession. */
    String sessionId();

    /** Short operation name for logs. */
    String operation();

    /** @param maxPollResultSize what the client asked for, or null */
    record NewSession(Long maxPollResultSize) implements Request {
        public String sessionId() {
            return null;
        }

        public String operation() {
            return "newSession";
        }
    }

    /** IF-MAP 1.1 attach-session: makes this connection the session's ARC. */
    record AttachSession(String sessionId) implements Request {
        public String operation() {
            return "attach-session";
        }
    }

    record RenewSession(String sessionId) implements Request {
        public String operation() {
            return "renewSession";
        }
    }

    record EndSession(String sessionId) implements Request {
        public String operation() {
            return "endSession";
        }
    }

    record Publish(String sessionId, List<PublishOperation> operations) implements Request {
        public Publish {
            operations = List.copyOf(operations);
        }

        public String operation() {
            return "publish";
        }
    }

    record Search(String sessionId, SearchSpec spec) implements Request {
        public String operation() {
            return "search";
        }
    }

    record Subscribe(String sessionId, List<SubscribeOperation> operations) implements Request {
        public Subscribe {
            operations = List.copyOf(operations);
        }

        public String operation() {
            return "subscribe";
        }
    }

    record Poll(String sessionId) implements Request {
        public String operation() {
            return "poll";
        }
    }

    /** @param publisherId whose data to purge; null means the caller's own */
    record PurgePublisher(String sessionId, String publisherId) implements Request {
        public String operation() {
            return "purgePublisher";
        }
    }

    /** One element of a subscribe request. */
    sealed interface SubscribeOperation {
        String name();

        record Update(String name, SearchSpec spec) implements SubscribeOperation {
        }

        record Delete(String name) implements SubscribeOperation {
        }
    }
}
