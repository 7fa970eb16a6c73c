package org.fedmap.ops.trace;

import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import org.fedmap.engine.Change;
import org.fedmap.engine.PublishOperation;
import org.fedmap.model.Metadata;
import org.fedmap.session.Request;
import org.fedmap.session.SessionChange;

/**
 * The client messages: one INFO line in {@code DATA/logs/client-messages.log} for every publish (what
 * it added, removed and notified, and the deletes it asked for with their filters), every
 * purgePublisher, and every session end that deleted session metadata. The lines come from what the
 * engine applied, not from what the request asked, so they say what really changed; with the client,
 * session and source address on each, an operator can follow a user's session from gateway to gateway.
 * Written like the trace: one thread, a bounded queue, drops counted.
 */
public final class ClientMessages implements Consumer<SessionChange>, AutoCloseable {
    /** The file's name under DATA/logs. */
    public static final String FILE_NAME = "client-messages.log";

    private static final int QUEUE_ENTRIES = 50_000;
    /**
     * Bounds what waiting changes keep alive (removed items stay in memory until their line is
     * written); each change is weighed roughly by its number of identifiers and links.
     */
    private static final long QUEUE_MEMORY = 64L << 20;
    /** Identifiers and links listed per section of a line; a huge publish gets a count for the rest. */
    private static final int MAX_TARGETS = 100;

    private final RollingLogFile file;
    private final LogWriter<SessionChange> writer;

    public ClientMessages(Path logsDir, LogFileLimits limits) {
        this.file = new RollingLogFile(logsDir.resolve(FILE_NAME), limits);
        ZoneId zone = ZoneId.systemDefault();
        this.writer = new LogWriter<>("fedmap-client-messages", QUEUE_ENTRIES, QUEUE_MEMORY,
                c -> 128L + (c.change() == null ? 0 : 64L * c.change().places().size()), c -> line(c, zone), file);
    }

    @Override
    public void accept(SessionChange change) {
        writer.offer(change);
    }

    public Path file() {
        return file.file();
    }

    /** Lines dropped because the queue was full, since the server started. */
    public long dropped() {
        return writer.dropped();
    }

    @Override
    public void close() {
        writer.close();
    }

    static String line(SessionChange c, ZoneId zone) {
        long time = c.change() != null ? c.change().time() : System.currentTimeMillis();
        StringBuilder b = new StringBuilder(256);
        b.append(TraceEntry.TIME.format(Instant.ofEpochMilli(time).atZone(zone))).append(" INFO  client '")
                .append(ShortForm.value(c.client())).append("' session ").append(ShortForm.value(c.sessionId()))
                .append(" from ").append(ShortForm.value(c.sourceAddress())).append(": ");
        List<Change.PlaceChange> places = c.change() == null ? List.of() : c.change().places();
        List<String> sections = new ArrayList<>();
        if (c.request() instanceof Request.Publish p) {
            b.append("publish ");
            add(sections, section("added", places, Change.PlaceChange::added));
            add(sections, section("removed", places, Change.PlaceChange::removed));
            add(sections, deletes(p.operations()));
            add(sections, section("notified", places, Change.PlaceChange::notified));
            if (sections.isEmpty()) {
                sections.add("changed nothing");
            }
        } else if (c.request() instanceof Request.PurgePublisher pp) {
            b.append("purgePublisher ").append(ShortForm.value(pp.publisherId())).append(' ');
            add(sections, section("removed", places, Change.PlaceChange::removed));
            if (sections.isEmpty()) {
                sections.add("removed nothing");
            }
        } else {
            b.append("session ended (").append(ShortForm.value(c.endReason())).append("), its session metadata ");
            add(sections, section("removed", places, Change.PlaceChange::removed));
        }
        return b.append(String.join("; ", sections)).append('\n').toString();
    }

    private static void add(List<String> sections, String section) {
        if (section != null) {
            sections.add(section);
        }
    }

    /** "added 3 items [target: names] [target: names]", or null when no place has any. */
    private static String section(String what, List<Change.PlaceChange> places,
                                  Function<Change.PlaceChange, List<Metadata>> items) {
        List<String> listed = new ArrayList<>();
        int count = 0;
        int targets = 0;
        for (Change.PlaceChange pc : places) {
            List<Metadata> some = items.apply(pc);
            if (some.isEmpty()) {
                continue;
            }
            count += some.size();
            targets++;
            if (listed.size() < MAX_TARGETS) {
                listed.add("[" + ShortForm.target(pc.target()) + ": " + ShortForm.metadataNames(some) + "]");
            }
        }
        if (count == 0) {
            return null;
        }
        String text = what + " " + count + (count == 1 ? " item " : " items ") + String.join(" ", listed);
        return targets > listed.size() ? text + " and " + (targets - listed.size()) + " more identifiers or links" : text;
    }

    /** "deletes [target filter 'f'] ..." for the request's delete operations, whatever they removed; null when none. */
    private static String deletes(List<PublishOperation> operations) {
        List<String> listed = new ArrayList<>();
        int total = 0;
        for (PublishOperation op : operations) {
            if (op instanceof PublishOperation.Delete d) {
                total++;
                if (listed.size() < MAX_TARGETS) {
                    String filter = d.filter().isAll() ? "all metadata" : "filter '"
                            + ShortForm.value(d.filter().expression()) + "'";
                    listed.add("[" + ShortForm.target(d.target()) + " " + filter + "]");
                }
            }
        }
        if (total == 0) {
            return null;
        }
        String text = "deletes " + String.join(" ", listed);
        return total > listed.size() ? text + " and " + (total - listed.size()) + " more" : text;
    }
}
