package org.fedmap.ops;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Whether the server can do its work now: each check names a problem or returns null. Answered at
 * {@code GET /health} on both listeners, for load balancers and cluster VIPs: 200 {@code {"status":"UP"}},
 * or 503 with the first problem found.
 *
 * <p>A result is reused for a second, so that probes arriving in a crowd (several balancers, or someone
 * hammering the unauthenticated IF-MAP port) cost one round of checks a second.
 */
public final class Health {
    private static final long REUSE_NANOS = 1_000_000_000L;

    /** One answer; {@code reason} is null when up. */
    public record Result(boolean up, String reason) {
        public int httpStatus() {
            return up ? 200 : 503;
        }

        /** The JSON body: {@code {"status":"UP"}} or {@code {"status":"DOWN","reason":"..."}}. */
        public Map<String, String> body() {
            Map<String, String> body = new LinkedHashMap<>();
            body.put("status", up ? "UP" : "DOWN");
            if (!up) {
                body.put("reason", reason);
            }
            return body;
        }
    }

    private final List<Supplier<String>> checks;
    private volatile Result last;
    private volatile long lastAt;

    /** @param checks each returns null when fine, else the problem in one line; asked in order */
    public Health(List<Supplier<String>> checks) {
        this.checks = List.copyOf(checks);
    }

    public Result check() {
        long now = System.nanoTime();
        Result r = last;
        if (r != null && now - lastAt < REUSE_NANOS) {
            return r;
        }
        r = evaluate();
        last = r;
        lastAt = now;
        return r;
    }

    private Result evaluate() {
        for (Supplier<String> check : checks) {
            String problem;
            try {
                problem = check.get();
            } catch (RuntimeException e) {
                problem = "a health check failed: " + e;
            }
            if (problem != null) {
                return new Result(false, problem);
            }
        }
        return new Result(true, null);
    }

    /** The answer as the admin API sends it. */
    public Reply reply() {
        Result r = check();
        return Reply.json(r.httpStatus(), r.body());
    }
}
