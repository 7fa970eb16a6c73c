package org.fedmap.engine;

import java.util.List;
import org.fedmap.model.Metadata;
import org.fedmap.model.Target;

/**
 * One committed change of the graph, numbered in commit order. A publish, a purge or a session end
 * each commits one change; durable storage and replication consume them from the {@link ChangeFeed}.
 *
 * <p>An administrator's actions on a federated session commit changes too: {@code DEACTIVATE} and
 * {@code ACTIVATE} name the one identifier hidden or shown again (no item is added or removed; the
 * items stay stored), and {@code REMOVE} deletes the items on an identifier and on its links, and ends
 * its deactivation. {@code ORIGIN_PURGE} deletes what a replica server published, when it has been out of
 * contact too long; {@code REPLICATION} applies what a replica server changed in its own data.
 *
 * @param sequence strictly increasing, without gaps
 * @param time     commit time, epoch milliseconds
 * @param cause    what committed it
 * @param places   per identifier or link: the items added, removed and notified
 */
public record Change(long sequence, long time, Cause cause, List<PlaceChange> places) {
    public enum Cause { PUBLISH, PURGE_PUBLISHER, SESSION_END, DEACTIVATE, ACTIVATE, REMOVE, ORIGIN_PURGE, REPLICATION }

    public Change {
        places = List.copyOf(places);
    }

    public record PlaceChange(Target target, List<Metadata> added, List<Metadata> removed, List<Metadata> notified) {
        public PlaceChange {
            added = List.copyOf(added);
            removed = List.copyOf(removed);
            notified = List.copyOf(notified);
        }
    }
}
