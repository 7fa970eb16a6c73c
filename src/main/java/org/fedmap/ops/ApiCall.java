package org.fedmap.ops;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * One admin API request as a route sees it.
 *
 * @param admin         the admin account it was made with; null on a route that needs no credentials
 * @param remoteAddress where it came from
 * @param query         query parameters, each with its values in order
 * @param body          the request body (empty for GET)
 */
public record ApiCall(String admin, String remoteAddress, Map<String, List<String>> query, byte[] body) {
    public ApiCall {
        query = Map.copyOf(query);
    }

    /** The first value of a query parameter, or null. */
    public String param(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** The body read as JSON of {@code type}; 400 when it is not. */
    public <T> T body(Class<T> type) {
        try {
            return Json.read(new String(body, StandardCharsets.UTF_8), type);
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, "the request body is " + e.getMessage());
        }
    }
}
