package org.fedmap.ops.trace;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Who the XML trace is on for: every client, or some clients by name. Kept as a server setting in
 * the store ({@link #SETTING}), where {@code fedmap trace} changes it and a running server picks it
 * up.
 *
 * @param all     every request is traced, whoever sends it (refused ones included)
 * @param clients the clients traced by name (not used while {@code all})
 */
public record TraceState(boolean all, SortedSet<String> clients) {
    /** The name of the store setting that holds the state. */
    public static final String SETTING = "ifmap-trace";

    /** Tracing off. The server compares against this instance, so an off state is always this one. */
    public static final TraceState OFF = new TraceState(false, new TreeSet<>());

    private static final ObjectMapper JSON = new ObjectMapper();

    /** How the state is written in the setting. */
    record Stored(boolean all, List<String> clients) {
    }

    public TraceState {
        clients = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(clients));
    }

    private static TraceState of(boolean all, Collection<String> clients) {
        TraceState s = new TraceState(all, new TreeSet<>(clients));
        return s.isOff() ? OFF : s;
    }

    public boolean isOff() {
        return !all && clients.isEmpty();
    }

    /** Whether the requests of this client (null: a request that names none) are traced. */
    public boolean traces(String client) {
        return all || (client != null && clients.contains(client));
    }

    /** On for every client. */
    public TraceState onForAll() {
        return of(true, clients);
    }

    /** On for this client too. */
    public TraceState on(String client) {
        TreeSet<String> more = new TreeSet<>(clients);
        more.add(client);
        return of(all, more);
    }

    /** Off for this client; refused while the trace is on for every client, which has no exceptions. */
    public TraceState off(String client) {
        if (all) {
            throw new IllegalArgumentException("the trace is on for all clients; switch it off for all (fedmap trace off)"
                    + " and then on for the clients to trace (fedmap trace on --client NAME)");
        }
        TreeSet<String> fewer = new TreeSet<>(clients);
        fewer.remove(client);
        return of(false, fewer);
    }

    /** For operators: "off", "on for all clients", "on for clients 'a', 'b'". */
    public String describe() {
        if (all) {
            return "on for all clients";
        }
        if (clients.isEmpty()) {
            return "off";
        }
        return "on for client" + (clients.size() > 1 ? "s " : " ")
                + clients.stream().map(c -> "'" + c + "'").collect(Collectors.joining(", "));
    }

    /** The state as the store keeps it. */
    public String toSetting() {
        try {
            return JSON.writeValueAsString(new Stored(all, List.copyOf(clients)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the trace state", e);
        }
    }

    /**
     * Reads a stored state.
     *
     * @throws IllegalArgumentException when the setting is not one this version wrote
     */
    public static TraceState fromSetting(String setting) {
        try {
            Stored s = JSON.readValue(setting, Stored.class);
            return of(s.all(), s.clients() == null ? Set.of() : s.clients());
        } catch (JsonProcessingException | RuntimeException e) {
            throw new IllegalArgumentException("the stored trace setting cannot be read: " + e.getMessage(), e);
        }
    }
}
