package org.fedmap.ops;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The admin API's routes: an HTTP method and an exact path, each served by one function. A route is one
 * line where the server is put together, e.g. {@code routes.get("/api/status", call -> status.now())}.
 * A function returns a {@link Reply}, or any other value to be answered as 200 JSON, or throws
 * {@link ApiException}.
 */
public final class Router {
    /** Serves one route. */
    @FunctionalInterface
    public interface Handler {
        Object handle(ApiCall call);
    }

    /** A route found: its function, and whether it may be used without admin credentials. */
    public record Route(Handler handler, boolean open) {
    }

    private final Map<String, Map<String, Route>> byPath = new LinkedHashMap<>();

    /** A GET route for admins. */
    public Router get(String path, Handler handler) {
        return add("GET", path, new Route(handler, false));
    }

    /** A POST route for admins (changes something). */
    public Router post(String path, Handler handler) {
        return add("POST", path, new Route(handler, false));
    }

    /**
     * A GET route without credentials, for monitoring that cannot log in ({@code /health}, {@code /metrics}).
     * The listener's source address rules still apply.
     */
    public Router open(String path, Handler handler) {
        return add("GET", path, new Route(handler, true));
    }

    private Router add(String method, String path, Route route) {
        if (byPath.computeIfAbsent(path, p -> new LinkedHashMap<>()).putIfAbsent(method, route) != null) {
            throw new IllegalArgumentException(method + " " + path + " is routed twice");
        }
        return this;
    }

    /** The route for a request (HEAD is served as GET without a body), or null. */
    public Route find(String method, String path) {
        Map<String, Route> methods = byPath.get(path);
        if (methods == null) {
            return null;
        }
        return methods.get("HEAD".equals(method) ? "GET" : method);
    }

    /** Whether any route has this path (so a request with another method is 405, not 404). */
    public boolean knows(String path) {
        return byPath.containsKey(path);
    }

    /** The methods a path is served with, for the Allow header. */
    public Set<String> methods(String path) {
        Map<String, Route> methods = byPath.get(path);
        return methods == null ? Set.of() : new TreeSet<>(methods.keySet());
    }

    /** Whether a path may be used without credentials by some method. */
    public boolean isOpen(String path) {
        Map<String, Route> methods = byPath.get(path);
        return methods != null && methods.values().stream().allMatch(Route::open);
    }
}
