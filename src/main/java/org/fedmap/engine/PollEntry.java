package org.fedmap.engine;

import java.util.List;
import org.fedmap.model.ErrorCode;

/**
 * One element of a pollResult: a subscription's full result, a delta, a notification or an error.
 *
 * @param kind         which result element this is
 * @param subscription the subscription's name
 * @param items        what changed (empty for errors)
 * @param errorCode    set for {@link Kind#ERROR}
 * @param errorMessage set for {@link Kind#ERROR}
 */
public record PollEntry(Kind kind, String subscription, List<ResultItem> items, ErrorCode errorCode,
                        String errorMessage) {
    public enum Kind { SEARCH, UPDATE, DELETE, NOTIFY, ERROR }

    public PollEntry {
        items = List.copyOf(items);
    }

    static PollEntry error(String subscription, ErrorCode code, String message) {
        return new PollEntry(Kind.ERROR, subscription, List.of(), code, message);
    }
}
