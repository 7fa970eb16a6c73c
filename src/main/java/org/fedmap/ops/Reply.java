package org.fedmap.ops;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** An admin API answer: status, content type and body. Routes that return anything else are answered 200 JSON. */
public record Reply(int status, String contentType, byte[] body) {
    public static final String JSON = "application/json; charset=utf-8";

    public static Reply json(int status, Object value) {
        return new Reply(status, JSON, (Json.write(value) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    public static Reply text(int status, String contentType, String text) {
        return new Reply(status, contentType, text.getBytes(StandardCharsets.UTF_8));
    }

    /** An error as JSON: {@code {"error": "..."}}. */
    public static Reply error(int status, String message) {
        return json(status, Map.of("error", message));
    }
}
