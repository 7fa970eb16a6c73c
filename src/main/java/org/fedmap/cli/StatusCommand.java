package org.fedmap.cli;

import java.io.PrintWriter;
import java.util.Locale;
import org.fedmap.ops.Json;
import org.fedmap.ops.Status;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code fedmap status}: what the running server is doing, from its admin API. */
@Command(name = "status", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Show the running server's state: version, uptime, IF-MAP sessions, graph sizes, store size,"
                + " trace state, and each replica's state and lag.", "Asks the admin API of the server running on --data DIR, or at --admin URL."})
final class StatusCommand extends ToolCommand {
    @Mixin
    AdminConnection.WithUser connection;

    @Option(names = "--json", description = "Print the admin API's JSON as it came.")
    boolean json;

    @Override
    int execute(PrintWriter out, PrintWriter err) {
        String body = connection.client().get("/api/status");
        if (json) {
            out.print(body);
            return 0;
        }
        Status s = Json.read(body, Status.class);
        field(out, "version", s.version());
        field(out, "server id", s.serverId());
        field(out, "uptime", duration(s.uptimeSeconds()) + " (since " + s.startedAt() + ")");
        field(out, "IF-MAP", s.ifmapUrl());
        field(out, "sessions", s.sessions() + " IF-MAP session(s), " + s.pendingPolls() + " poll(s) waiting, "
                + s.clients() + " client(s) registered");
        Status.GraphCounts g = s.graph();
        field(out, "graph", g.identifiers() + " identifier(s), " + g.links() + " link(s), " + g.metadataItems()
                + " metadata item(s), " + g.accessRequests() + " access-request(s)");
        field(out, "store", size(s.store().sizeBytes()) + " in " + s.store().directory() + ", durable metadata "
                + (s.store().durableMetadata() ? "on" : "off"));
        field(out, "trace", s.trace());
        if (s.replicas() != null) {
            for (Status.Replica r : s.replicas()) {
                field(out, "replica", replica(r));
            }
        }
        return 0;
    }

    /** One line per replica: name, server id, state, last contact, applied sequence, lag, last error. */
    static String replica(Status.Replica r) {
        StringBuilder b = new StringBuilder(r.name());
        if (r.serverId() != null) {
            b.append(" (server id ").append(r.serverId()).append(')');
        }
        b.append(' ').append(r.state()).append(", last contact ").append(r.lastContactAgeMillis()).append(" ms ago");
        if (r.appliedUpTo() >= 0) {
            b.append(", applied up to ").append(r.appliedUpTo());
        }
        if (r.lagMillis() >= 0) {
            b.append(", lag ").append(r.lagMillis()).append(" ms");
        }
        if (r.lastError() != null && !r.lastError().isEmpty()) {
            b.append(", last error: ").append(r.lastError());
        }
        return b.toString();
    }

    static void field(PrintWriter out, String label, String value) {
        out.printf("%-13s %s%n", label, value);
    }

    static String duration(long seconds) {
        long d = seconds / 86_400;
        long h = seconds % 86_400 / 3600;
        long m = seconds % 3600 / 60;
        long s = seconds % 60;
        return d > 0 ? String.format("%dd %02dh %02dm", d, h, m)
                : h > 0 ? String.format("%dh %02dm %02ds", h, m, s)
                : m > 0 ? String.format("%dm %02ds", m, s) : s + "s";
    }

    static String size(long bytes) {
        if (bytes < 0) {
            return "unknown size";
        }
        if (bytes < 1024) {
            return bytes + " bytes";
        }
        double v = bytes;
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
