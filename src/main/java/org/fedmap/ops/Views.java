package org.fedmap.ops;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.fedmap.engine.Graph;
import org.fedmap.model.ProtocolVersion;
import org.fedmap.replication.ReplicaStatus;
import org.fedmap.security.ClientAdmission;
import org.fedmap.session.Sessions;
import org.fedmap.store.ClientRecord;
import org.fedmap.store.ClientStore;

/**
 * The read-only views of the admin API, made from the running parts each time they are asked for:
 * {@link Status} (with the replica links) and {@link ClientStatus}.
 */
public final class Views {
    /** What the views read; all of it belongs to the running server. */
    public record Parts(String serverId, Instant startedAt, URI ifmapUrl, Sessions sessions, Graph graph, ClientStore clients,
                        ClientAdmission admission, Path databaseDirectory, boolean durableMetadata,
                        Supplier<String> traceState, Supplier<List<ReplicaStatus>> replicas) {
    }

    private final Parts parts;

    public Views(Parts parts) {
        this.parts = parts;
    }

    /** The build, as the jar's manifest names it. */
    public static String version() {
        String v = Views.class.getPackage().getImplementationVersion();
        return "fedmap " + (v == null ? "(development build)" : v);
    }

    public Status status() {
        Graph.Stats g = parts.graph().stats();
        Instant now = Instant.now();
        return new Status(version(), parts.serverId(), parts.startedAt().toString(),
                Duration.between(parts.startedAt(), now).toSeconds(), parts.ifmapUrl().toString(),
                parts.sessions().count(), parts.sessions().pendingPolls(), parts.clients().list().size(),
                new Status.GraphCounts(g.identifiers(), g.links(), g.metadata(), g.accessRequests(), g.sequence()),
                new Status.Store(parts.databaseDirectory().toString(), sizeOnDisk(parts.databaseDirectory()),
                        parts.durableMetadata()),
                parts.traceState().get(), parts.replicas().get().stream()
                        .map(r -> new Status.Replica(r.replica(), r.origin(), r.state(), r.lastContact().toString(),
                                Math.max(0, Duration.between(r.lastContact(), now).toMillis()), r.appliedUpTo(),
                                r.lagMillis(), r.lastError()))
                        .toList());
    }

    /** Every registered client, sorted by name; or the one named (404 when there is none). */
    public List<ClientStatus> clients(String name) {
        List<ClientRecord> records = parts.clients().list();
        if (name != null) {
            records = records.stream().filter(r -> r.name().equals(name)).toList();
            if (records.isEmpty()) {
                throw new ApiException(404, "no client named " + name);
            }
        }
        List<Sessions.SessionInfo> all = parts.sessions().list();
        LocalDate today = LocalDate.now();
        List<ClientStatus> out = new ArrayList<>();
        for (ClientRecord r : records) {
            List<ClientStatus.SessionStatus> sessions = all.stream()
                    .filter(s -> s.client().equals(r.name()))
                    .sorted(Comparator.comparing(Sessions.SessionInfo::sourceAddress))
                    .map(s -> new ClientStatus.SessionStatus(s.sessionId(), s.sourceAddress(),
                            s.version() == ProtocolVersion.IFMAP_2 ? "2" : "1.1", time(s.startedAt()),
                            time(s.lastContact()), s.ssrcOpen(), s.arcOpen(), s.pollWaiting(), s.subscriptions()))
                    .toList();
            String state = !r.enabled() ? "disabled"
                    : r.expires() != null && today.isAfter(r.expires()) ? "expired" : "enabled";
            out.add(new ClientStatus(r.name(), r.publisherId(), state,
                    sessions.stream().anyMatch(s -> s.ssrcOpen() || s.arcOpen()),
                    time(parts.sessions().lastContact(r.name())),
                    parts.graph().publisherItemCount(r.publisherId()), parts.admission().refusals(r.name()),
                    sessions));
        }
        return out;
    }

    private static String time(long epochMillis) {
        return epochMillis <= 0 ? null : Instant.ofEpochMilli(epochMillis).toString();
    }

    /** The size of the files in a directory (the database's handful), or -1 when it cannot be measured. */
    private static long sizeOnDisk(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> {
                try {
                    return Files.size(f);
                } catch (IOException e) {
                    return 0; // a file HSQLDB removed meanwhile
                }
            }).sum();
        } catch (IOException | UncheckedIOException e) {
            return -1; // unknown; the rest of the status is still worth showing
        }
    }
}
