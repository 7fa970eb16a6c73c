package org.fedmap.engine;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.LongSupplier;
import org.fedmap.engine.filter.Filter;
import org.fedmap.model.Cardinality;
import org.fedmap.model.DurableItem;
import org.fedmap.model.ErrorCode;
import org.fedmap.model.Identifier;
import org.fedmap.model.IdentifierType;
import org.fedmap.model.IfmapException;
import org.fedmap.model.Lifetime;
import org.fedmap.model.Link;
import org.fedmap.model.Metadata;
import org.fedmap.model.ProtocolVersion;
import org.fedmap.model.Target;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one graph all sessions share.
 *
 * <p>Concurrency: searches hold the read lock and run in parallel; every change (publish, purge,
 * session end, subscription management) holds the write lock, so no reader ever sees half of a
 * request. Results hold immutable {@link Metadata} values and are encoded after the lock is released.
 *
 * <p>Cost: identifiers and links are hash-indexed; every stored item sits in a chain of its publisher
 * and (for session lifetime) of its session, so purge and session end cost what they delete. Places
 * without metadata are dropped at once. A publish re-evaluates only the subscriptions that reach an
 * identifier it touched.
 *
 * <p>Deactivation: an administrator may hide an identifier (a federated session's access-request).
 * Searches and subscriptions then treat it, its metadata and the links touching it as absent, while
 * everything stays stored and publishes to it go on being stored, unseen. Subscribers are told at once,
 * as if it had been deleted, and again when it is shown. The mark stays until the identifier is shown
 * again or removed, whatever is published meanwhile, and it is durable like forever metadata.
 */
public final class Graph {
    private static final Logger log = LoggerFactory.getLogger(Graph.class);

    /** How many stars {@link #accessRequests} reads under one hold of the read lock. */
    private static final int STARS_PER_LOCK = 512;

    /**
     * Counts for status views and metrics, kept as the graph changes (reading them walks nothing).
     *
     * @param accessRequests access-request identifiers: the federated sessions gateways published
     */
    public record Stats(long identifiers, long links, long metadata, long sequence, long accessRequests) {
    }

    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final HashMap<Identifier, NodePlace> nodes = new HashMap<>();
    /** Cannot occur in a server id or a publisher-id, so a replica's publisher keys never meet local ones. */
    private static final char ORIGIN_SEPARATOR = '\u0000';
    private final HashMap<String, ItemChain> byPublisher = new HashMap<>();
    private final HashMap<String, ItemChain> bySession = new HashMap<>();
    /** Reached identifier → subscriptions that reach it. */
    private final HashMap<Identifier, List<Subscription>> watchers = new HashMap<>();
    /** Deactivated identifiers; see the class comment. */
    private final Set<Identifier> hidden = new HashSet<>();
    /** The access-request nodes: views of federated sessions walk these, not the whole graph. */
    private final Set<NodePlace> accessRequests = new HashSet<>();
    private final ChangeFeed feed;
    private final LongSupplier clock;
    private final Journal journal;
    private long sequence;
    private long linkCount;
    private long itemCount;
    /** Order of the next item stored; see {@link StoredItem#order}. */
    private long nextItemOrder;

    /**
     * @param journal where durable items are made durable before a change commits; null to keep
     *                everything in memory only
     */
    public Graph(ChangeFeed feed, LongSupplier clock, Journal journal) {
        this.feed = feed;
        this.clock = clock;
        this.journal = journal;
    }

    public Graph(ChangeFeed feed, LongSupplier clock) {
        this(feed, clock, null);
    }

    public Graph() {
        this(new ChangeFeed(), System::currentTimeMillis);
    }

    /**
     * Puts back what durable storage kept, on a graph nothing has used yet: the items in id order, the
     * next item id above theirs, and the sequence number where the change feed goes on.
     */
    public void restore(List<DurableItem> items, long lastSequence) {
        restore(items, List.of(), lastSequence);
    }

    /** {@link #restore(List, long)}, with the identifiers that were deactivated. */
    public void restore(List<DurableItem> items, Collection<Identifier> hiddenIdentifiers, long lastSequence) {
        lock.writeLock().lock();
        try {
            if (sequence != 0 || itemCount != 0 || !nodes.isEmpty()) {
                throw new IllegalStateException("a graph can be restored only before it is used");
            }
            List<DurableItem> ordered = new ArrayList<>(items);
            ordered.sort(java.util.Comparator.comparingLong(DurableItem::id));
            for (DurableItem d : ordered) {
                Place place = place(d.target(), true);
                attach(new StoredItem(d.metadata(), place, d.id()));
                nextItemOrder = Math.max(nextItemOrder, d.id() + 1);
            }
            hidden.addAll(hiddenIdentifiers);
            sequence = lastSequence;
        } finally {
            lock.writeLock().unlock();
        }
    }

    public ChangeFeed feed() {
        return feed;
    }

    public Stats stats() {
        lock.readLock().lock();
        try {
            return new Stats(nodes.size(), linkCount, itemCount, sequence, accessRequests.size());
        } finally {
            lock.readLock().unlock();
        }
    }

    // ---------------------------------------------------------------- publish, purge, session end

    /**
     * Applies a publish request atomically: all operations or none. Every item is stamped with the
     * batch's publisher and one commit time.
     *
     * @return the committed change (its sequence number orders it among all commits)
     * @throws IfmapException when the request is refused; nothing of it was applied
     */
    public Change publish(PublishBatch batch) {
        Object outcome = publishAll(List.of(batch)).get(0);
        if (outcome instanceof IfmapException e) {
            throw e;
        }
        return (Change) outcome;
    }

    /**
     * Applies a group of publish requests in order, each atomically, and makes the group durable with
     * one journal write: this is what lets many concurrent publishes share one disk sync. Each request
     * commits its own change (own sequence number); subscribers see the group's net effect at once.
     *
     * @return per request, in order: its committed {@link Change}, or the {@link IfmapException} that
     *     refused it (nothing of a refused request is applied; if the journal fails, every request of
     *     the group is refused with SystemError)
     */
    public List<Object> publishAll(List<PublishBatch> batches) {
        List<Object> outcomes = new ArrayList<>(batches.size());
        List<Subscriber> toWake;
        lock.writeLock().lock();
        try {
            long now = clock.getAsLong();
            List<ChangeSet> applied = new ArrayList<>();
            List<Integer> appliedAt = new ArrayList<>();
            List<Place> touched = new ArrayList<>();
            for (PublishBatch batch : batches) {
                ChangeSet cs = new ChangeSet();
                try {
                    apply(batch, now, cs, touched);
                    applied.add(cs);
                    appliedAt.add(outcomes.size());
                    outcomes.add(null);
                } catch (IfmapException e) {
                    outcomes.add(e);
                }
            }
            try {
                makeDurable(applied, sequence + applied.size());
            } catch (IfmapException e) {
                for (int i = applied.size() - 1; i >= 0; i--) {
                    applied.get(i).undo(this::detach, this::reattach);
                    outcomes.set(appliedAt.get(i), e);
                }
                applied.clear();
            }
            dropEmptyPlaces(touched);
            ChangeSet all = new ChangeSet();
            for (int i = 0; i < applied.size(); i++) {
                outcomes.set(appliedAt.get(i), commit(applied.get(i), now, Change.Cause.PUBLISH));
                all.absorb(applied.get(i));
            }
            toWake = deliver(all);
        } finally {
            lock.writeLock().unlock();
        }
        wake(toWake);
        return outcomes;
    }

    /** Applies one request; on failure undoes what it applied and throws. */
    private void apply(PublishBatch batch, long now, ChangeSet cs, List<Place> touched) {
        int before = storedBy(batch.publisherId());
        try {
            for (PublishOperation op : batch.operations()) {
                apply(op, batch, now, cs, touched);
            }
            int after = storedBy(batch.publisherId());
            if (after > batch.itemLimit() && after > before) {
                throw new IfmapException(ErrorCode.AccessDenied, "publisher '" + batch.publisherId()
                        + "' may keep at most " + batch.itemLimit() + " metadata items published; it has "
                        + before + " and this publish would leave " + after + ". Nothing was changed");
            }
        } catch (RuntimeException e) {
            cs.undo(this::detach, this::reattach);
            if (e instanceof IfmapException ie) {
                throw ie;
            }
            log.error("publish by {} failed and was rolled back", batch.publisherId(), e);
            throw new IfmapException(ErrorCode.SystemError, "the publish could not be applied and was rolled back", e);
        }
    }

    /**
     * Hands the durable part of applied, not yet committed changes to the journal.
     *
     * @throws IfmapException SystemError when the journal could not write them
     */
    private void makeDurable(List<ChangeSet> changes, long lastSequence) {
        makeDurable(changes, lastSequence, List.of(), List.of());
    }

    /** {@link #makeDurable(List, long)} with identifiers deactivated or activated in the same commit. */
    private void makeDurable(List<ChangeSet> changes, long lastSequence, List<Identifier> hiding,
                             List<Identifier> showing) {
        if (journal == null) {
            return;
        }
        Map<Long, DurableItem> added = new LinkedHashMap<>();
        List<Long> removed = new ArrayList<>();
        for (ChangeSet cs : changes) {
            cs.forEachOperation((wasAdded, s) -> {
                if (s.metadata.lifetime() != Lifetime.FOREVER) {
                    return;
                }
                if (wasAdded) {
                    added.put(s.order, new DurableItem(s.order, s.place.target(), s.metadata));
                } else if (added.remove(s.order) == null) {
                    removed.add(s.order);
                }
            });
        }
        if (added.isEmpty() && removed.isEmpty() && hiding.isEmpty() && showing.isEmpty()) {
            return;
        }
        try {
            journal.write(new Journal.Entry(lastSequence, List.copyOf(added.values()), removed, hiding, showing));
        } catch (RuntimeException e) {
            log.error("changes could not be made durable and were undone: {}", e.toString());
            throw new IfmapException(ErrorCode.SystemError,
                    "the server could not store the change durably, so it was not made: " + e.getMessage(), e);
        }
    }

    /** Deletes every item the publisher published; null when it had none. */
    public Change purgePublisher(String publisherId) {
        return removeChain(byPublisher, publisherId, Change.Cause.PURGE_PUBLISHER);
    }

    /**
     * Deletes every item that was published at a replica server (its {@code origin}): what fail-secure
     * does when the replica has been out of contact too long, and what a resync replaces. One change;
     * subscribers see the deletions in their next poll.
     *
     * @return the committed change; null when nothing of that origin was held
     */
    public Change purgeOrigin(String origin) {
        String prefix = origin + ORIGIN_SEPARATOR;
        return removeChains(() -> {
            List<ItemChain> chains = new ArrayList<>();
            for (Map.Entry<String, ItemChain> e : byPublisher.entrySet()) {
                if (e.getKey().startsWith(prefix)) {
                    chains.add(e.getValue());
                }
            }
            return chains;
        }, Change.Cause.ORIGIN_PURGE);
    }

    /**
     * Applies what a replica server committed to its own data, atomically: each item keeps the origin's
     * publisher-id, timestamp and lifetime, and is marked as that origin's. A removed item is found by
     * being equal to what the origin held; one no longer here (a conflict settled it away) is skipped,
     * and an added item held already (sent again after a reconnect) is not added twice.
     * A singleValue item meets the one of its type already on the place under {@link #wins}, on every
     * server alike, so the mesh converges. Subscribers see the result as they see a publish.
     *
     * @param origin        the replica's server id
     * @param localServerId this server's id: the tie-break for the items published here
     * @param places        per identifier or link, as the origin committed them (its items have no origin)
     * @return the committed change; null when nothing changed here
     * @throws IfmapException SystemError when the journal could not record it; nothing changed
     */
    public Change applyReplicated(String origin, String localServerId, List<Change.PlaceChange> places) {
        List<Subscriber> toWake;
        Change change;
        lock.writeLock().lock();
        try {
            long now = clock.getAsLong();
            ChangeSet cs = new ChangeSet();
            List<Place> touched = new ArrayList<>();
            try {
                for (Change.PlaceChange pc : places) {
                    applyReplicated(origin, localServerId, pc, cs, touched);
                }
            } catch (RuntimeException e) {
                cs.undo(this::detach, this::reattach);
                throw e;
            }
            if (cs.isEmpty()) {
                dropEmptyPlaces(touched);
                return null;
            }
            try {
                makeDurable(List.of(cs), sequence + 1);
            } catch (IfmapException e) {
                cs.undo(this::detach, this::reattach);
                dropEmptyPlaces(touched);
                throw e;
            }
            dropEmptyPlaces(touched);
            change = commit(cs, now, Change.Cause.REPLICATION);
            toWake = deliver(cs);
        } finally {
            lock.writeLock().unlock();
        }
        wake(toWake);
        return change;
    }

    private void applyReplicated(String origin, String localServerId, Change.PlaceChange pc, ChangeSet cs,
                                 List<Place> touched) {
        Place existing = place(pc.target(), false);
        if (existing != null) {
            touched.add(existing);
            for (Metadata gone : pc.removed()) {
                Metadata wanted = gone.replicatedFrom(origin);
                for (StoredItem s : existing.items()) {
                    if (s.metadata.equals(wanted)) {
                        remove(s, cs);
                        break;
                    }
                }
            }
        }
        if (!pc.added().isEmpty()) {
            Place place = place(pc.target(), true);
            touched.add(place);
            for (Metadata m : pc.added()) {
                Metadata item = m.replicatedFrom(origin);
                if (holds(place, item)) {
                    continue; // sent again (a resumed feed, a feed replayed after a snapshot): held already
                }
                if (item.cardinality() == Cardinality.SINGLE_VALUE) {
                    List<StoredItem> rivals = new ArrayList<>();
                    boolean beaten = false;
                    for (StoredItem s : place.items()) {
                        if (s.metadata.sameType(item)) {
                            rivals.add(s);
                            beaten |= !wins(item, s.metadata, localServerId);
                        }
                    }
                    if (beaten) {
                        continue;
                    }
                    for (StoredItem s : rivals) {
                        remove(s, cs);
                    }
                }
                StoredItem s = new StoredItem(item, place, nextItemOrder++);
                attach(s);
                cs.added(s);
            }
        }
        if (!pc.notified().isEmpty()) {
            Place place = place(pc.target(), false);
            for (Metadata n : pc.notified()) {
                cs.notified(pc.target(), place, n.replicatedFrom(origin));
            }
        }
    }

    private static boolean holds(Place place, Metadata item) {
        for (StoredItem s : place.items()) {
            if (s.metadata.equals(item)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The conflict rule of a replica mesh: of two singleValue items of one type on one place, the one
     * published later wins; at the same millisecond, the one from the greater server id (compared as
     * strings), so that every server settles it the same way whatever order the items reach it in.
     */
    static boolean wins(Metadata a, Metadata b, String localServerId) {
        if (a.timestamp() != b.timestamp()) {
            return a.timestamp() > b.timestamp();
        }
        String aServer = a.origin() == null ? localServerId : a.origin();
        String bServer = b.origin() == null ? localServerId : b.origin();
        return aServer.compareTo(bServer) > 0;
    }

    /**
     * The key of an item's publisher chain: the publisher-id for items published here, and origin plus
     * publisher-id for a replica's items, since publisher-ids (client names) are unique per server only.
     * So purgePublisher here never reaches a replica's publisher of the same name.
     */
    private static String publisherKey(Metadata m) {
        return m.origin() == null ? m.publisherId() : m.origin() + ORIGIN_SEPARATOR + m.publisherId();
    }

    /** Deletes the session-lifetime items a session published; null when it had none. */
    public Change endSession(String sessionId) {
        return removeChain(bySession, sessionId, Change.Cause.SESSION_END);
    }

    /** Number of items a publisher has in the graph. */
    public int publisherItemCount(String publisherId) {
        lock.readLock().lock();
        try {
            return storedBy(publisherId);
        } finally {
            lock.readLock().unlock();
        }
    }

    private int storedBy(String publisherId) {
        ItemChain c = byPublisher.get(publisherId);
        return c == null ? 0 : c.size();
    }

    private Change removeChain(Map<String, ItemChain> index, String key, Change.Cause cause) {
        return removeChains(() -> {
            ItemChain chain = index.get(key);
            return chain == null ? List.of() : List.of(chain);
        }, cause);
    }

    /**
     * Deletes every item of the chains {@code find} names (under the write lock, so they cannot change
     * meanwhile) in one durable change; null when it names none.
     */
    private Change removeChains(java.util.function.Supplier<List<ItemChain>> find, Change.Cause cause) {
        List<Subscriber> toWake;
        Change change;
        lock.writeLock().lock();
        try {
            List<ItemChain> chains = find.get();
            if (chains.isEmpty()) {
                return null;
            }
            ChangeSet cs = new ChangeSet();
            List<Place> touched = new ArrayList<>();
            for (ItemChain chain : chains) {
                for (StoredItem s : chain.items()) {
                    touched.add(s.place);
                    remove(s, cs);
                }
            }
            try {
                makeDurable(List.of(cs), sequence + 1);
            } catch (IfmapException e) {
                cs.undo(this::detach, this::reattach);
                throw e;
            }
            dropEmptyPlaces(touched);
            change = commit(cs, clock.getAsLong(), cause);
            toWake = deliver(cs);
        } finally {
            lock.writeLock().unlock();
        }
        wake(toWake);
        return change;
    }

    // ---------------------------------------------------------------- administrators: deactivate, activate, remove

    /**
     * Deactivates an identifier: searches and subscriptions treat it, its metadata and the links
     * touching it as absent until {@link #show}; subscribers that saw any of it get it as deleted in
     * their next poll. Its items stay stored, and publishes to it are stored unseen.
     *
     * @return the committed change, or null when it was hidden already
     * @throws IfmapException SystemError when the journal could not record it; nothing changed
     */
    public Change hide(Identifier id) {
        return setHidden(id, true);
    }

    /**
     * Activates a deactivated identifier again: subscribers that would see it get it as updated.
     *
     * @return the committed change, or null when it was not hidden
     * @throws IfmapException SystemError when the journal could not record it; nothing changed
     */
    public Change show(Identifier id) {
        return setHidden(id, false);
    }

    private Change setHidden(Identifier id, boolean hide) {
        List<Subscriber> toWake;
        Change change;
        lock.writeLock().lock();
        try {
            if (hidden.contains(id) == hide) {
                return null;
            }
            makeDurable(List.of(), sequence + 1, hide ? List.of(id) : List.of(), hide ? List.of() : List.of(id));
            toWake = setHiddenAndRevisit(id, hide);
            sequence++;
            change = new Change(sequence, clock.getAsLong(), hide ? Change.Cause.DEACTIVATE : Change.Cause.ACTIVATE,
                    List.of(new Change.PlaceChange(id, List.of(), List.of(), List.of())));
            feed.publish(change);
        } finally {
            lock.writeLock().unlock();
        }
        wake(toWake);
        return change;
    }

    /**
     * Hides or shows an identifier and tells every subscription that sees a difference: what
     * disappears from its result as deleted, what appears as updated (a 1.1 reader gets its complete
     * result). Only subscriptions reaching the identifier or one of its neighbours can see one.
     */
    private List<Subscriber> setHiddenAndRevisit(Identifier id, boolean hide) {
        Set<Subscription> affected = new LinkedHashSet<>();
        addWatchers(id, affected);
        NodePlace n = nodes.get(id);
        if (n != null) {
            for (LinkPlace lp : n.links()) {
                addWatchers(lp.otherEnd(n).id, affected);
            }
        }
        Map<Subscription, Map<Target, List<Metadata>>> before = new HashMap<>();
        for (Subscription s : affected) {
            before.put(s, seenBy(s));
        }
        if (hide) {
            hidden.add(id);
        } else {
            hidden.remove(id);
        }
        return reevaluate(affected, s -> {
            Reach now = traverse(s.spec);
            reshape(s, now);
            Map<Target, List<Metadata>> was = before.get(s);
            List<ResultItem> updates = new ArrayList<>();
            List<ResultItem> deletes = new ArrayList<>();
            for (Target t : now.order()) {
                List<Metadata> is = visible(t, shown(t), s.spec);
                List<Metadata> had = was.remove(t);
                addItem(updates, t, had == null ? is : without(is, had));
                addItem(deletes, t, had == null ? List.of() : without(had, is));
            }
            for (Map.Entry<Target, List<Metadata>> gone : was.entrySet()) {
                addItem(deletes, gone.getKey(), gone.getValue());
            }
            return queue(s, updates, deletes, List.of());
        });
    }

    /** What a subscription's result shows now, by target. */
    private Map<Target, List<Metadata>> seenBy(Subscription s) {
        Map<Target, List<Metadata>> out = new LinkedHashMap<>();
        for (Identifier id : s.depths.keySet()) {
            out.put(id, visible(id, shown(id), s.spec));
        }
        for (Link l : s.links) {
            out.put(l, visible(l, shown(l), s.spec));
        }
        return out;
    }

    private static List<Metadata> without(List<Metadata> items, List<Metadata> taken) {
        List<Metadata> out = new ArrayList<>(items);
        out.removeAll(taken);
        return out;
    }

    /**
     * Deletes every item on an identifier and on the links touching it, whoever published them, as
     * one atomic commit made durable like a publish, and ends its deactivation. Subscribers that saw
     * the items get them as deleted.
     *
     * @return the committed change, or null when the graph held nothing on it and it was not hidden
     * @throws IfmapException SystemError when the journal could not record it; nothing changed
     */
    public Change removeAround(Identifier id) {
        List<Subscriber> toWake;
        Change change;
        lock.writeLock().lock();
        try {
            NodePlace n = nodes.get(id);
            boolean wasHidden = hidden.contains(id);
            if (n == null && !wasHidden) {
                return null;
            }
            ChangeSet cs = new ChangeSet();
            List<Place> touched = new ArrayList<>();
            if (n != null) {
                touched.add(n);
                for (StoredItem s : n.items()) {
                    remove(s, cs);
                }
                for (LinkPlace lp : n.links()) {
                    touched.add(lp);
                    for (StoredItem s : lp.items()) {
                        remove(s, cs);
                    }
                }
            }
            try {
                makeDurable(List.of(cs), sequence + 1, List.of(), wasHidden ? List.of(id) : List.of());
            } catch (IfmapException e) {
                cs.undo(this::detach, this::reattach);
                throw e;
            }
            dropEmptyPlaces(touched);
            change = commit(cs, clock.getAsLong(), Change.Cause.REMOVE);
            // delivered while still hidden: its subscribers were told it was gone when it was deactivated
            toWake = deliver(cs);
            // nothing is left on it or linked to it, so showing it changes no subscriber's result
            hidden.remove(id);
        } finally {
            lock.writeLock().unlock();
        }
        wake(toWake);
        return change;
    }

    private void apply(PublishOperation op, PublishBatch batch, long now, ChangeSet cs, List<Place> touched) {
        if (op instanceof PublishOperation.Update u) {
            Place place = place(u.target(), true);
            touched.add(place);
            for (Metadata m : u.metadata()) {
                Metadata item = m.stamped(batch.publisherId(), now, u.lifetime(), batch.sessionId());
                if (item.cardinality() == Cardinality.SINGLE_VALUE) {
                    // replaces the item of this type whoever published it
                    for (StoredItem s : place.items()) {
                        if (s.metadata.sameType(item)) {
                            remove(s, cs);
                        }
                    }
                }
                StoredItem s = new StoredItem(item, place, nextItemOrder++);
                attach(s);
                cs.added(s);
            }
        } else if (op instanceof PublishOperation.Notify n) {
            Place place = place(n.target(), false);
            for (Metadata m : n.metadata()) {
                cs.notified(n.target(), place, m.stamped(batch.publisherId(), now, Lifetime.SESSION, batch.sessionId()));
            }
        } else {
            PublishOperation.Delete d = (PublishOperation.Delete) op;
            Place place = place(d.target(), false);
            if (place == null || d.filter().isNone()) {
                return;
            }
            touched.add(place);
            for (StoredItem s : place.items()) {
                if (d.filter().matches(s.metadata, batch.version())) {
                    remove(s, cs);
                }
            }
        }
    }

    private Change commit(ChangeSet cs, long now, Change.Cause cause) {
        sequence++;
        Change change = cs.toChange(sequence, now, cause);
        feed.publish(change);
        return change;
    }

    /** The place of a target; with create, made (with its identifiers) when missing. */
    private Place place(Target target, boolean create) {
        if (target instanceof Identifier id) {
            return node(id, create);
        }
        Link link = (Link) target;
        NodePlace a = node(link.first(), create);
        NodePlace b = a == null ? null : node(link.second(), create);
        if (a == null || b == null) {
            return null;
        }
        LinkPlace lp = a.link(link.second());
        if (lp == null && create) {
            lp = new LinkPlace(link, a, b);
            a.addLink(lp);
            b.addLink(lp);
            linkCount++;
        }
        return lp;
    }

    private NodePlace node(Identifier id, boolean create) {
        NodePlace n = nodes.get(id);
        if (n == null && create) {
            n = new NodePlace(id);
            nodes.put(id, n);
            if (id.type() == IdentifierType.ACCESS_REQUEST) {
                accessRequests.add(n);
            }
        }
        return n;
    }

    private void attach(StoredItem s) {
        s.place.add(s);
        Metadata m = s.metadata;
        byPublisher.computeIfAbsent(publisherKey(m), k -> ItemChain.byPublisher()).add(s);
        if (m.lifetime() == Lifetime.SESSION && m.sessionId() != null) {
            bySession.computeIfAbsent(m.sessionId(), k -> ItemChain.bySession()).add(s);
        }
        s.live = true;
        itemCount++;
    }

    private void remove(StoredItem s, ChangeSet cs) {
        if (s.live) {
            detach(s);
            cs.removed(s);
        }
    }

    /** Takes an item out of its place and chains (undo of attach, and the body of remove). */
    private void detach(StoredItem s) {
        s.place.remove(s);
        Metadata m = s.metadata;
        unchain(byPublisher, publisherKey(m), s);
        if (m.lifetime() == Lifetime.SESSION && m.sessionId() != null) {
            unchain(bySession, m.sessionId(), s);
        }
        s.live = false;
        itemCount--;
    }

    /** Undo of a removal during a failed publish. */
    private void reattach(StoredItem s) {
        attach(s);
    }

    private static void unchain(Map<String, ItemChain> index, String key, StoredItem s) {
        ItemChain c = index.get(key);
        if (c != null) {
            c.remove(s);
            if (c.size() == 0) {
                index.remove(key);
            }
        }
    }

    /** Drops links without metadata, then identifiers without metadata or links. */
    private void dropEmptyPlaces(Collection<Place> touched) {
        List<NodePlace> ends = new ArrayList<>();
        for (Place p : touched) {
            if (p instanceof LinkPlace lp) {
                if (lp.itemCount() == 0 && lp.first.link(lp.second.id) == lp) {
                    lp.first.removeLink(lp);
                    lp.second.removeLink(lp);
                    linkCount--;
                }
                ends.add(lp.first);
                ends.add(lp.second);
            } else {
                ends.add((NodePlace) p);
            }
        }
        for (NodePlace n : ends) {
            if (n.isEmpty() && nodes.get(n.id) == n) {
                nodes.remove(n.id);
                accessRequests.remove(n);
            }
        }
    }

    // ---------------------------------------------------------------- search

    /**
     * Runs a search.
     *
     * @throws IfmapException SearchResultsTooBig when the result exceeds the search's max-size
     */
    public SearchResult search(SearchSpec spec) {
        lock.readLock().lock();
        try {
            return fullResult(spec, traverse(spec));
        } finally {
            lock.readLock().unlock();
        }
    }

    /** What a traversal reached: identifiers with their depth, followed links, and both in reach order. */
    private record Reach(Map<Identifier, Integer> depths, Set<Link> links, List<Target> order) {
    }

    /**
     * The traversal of IF-MAP search: the start identifier is always reached; from an identifier
     * that is not terminal and lies less than max-depth away, every link carrying at least one item
     * that matches match-links is followed. Breadth first, so each identifier gets its least depth.
     * A hidden identifier is never left and never entered (its links are as good as absent); it is
     * reached only as the start.
     */
    private Reach traverse(SearchSpec spec) {
        return traverse(spec, false);
    }

    /** {@link #traverse(SearchSpec)}; with {@code seeHidden}, hidden identifiers count like any other. */
    private Reach traverse(SearchSpec spec, boolean seeHidden) {
        Map<Identifier, Integer> depths = new HashMap<>();
        Set<Link> links = new LinkedHashSet<>();
        List<Target> order = new ArrayList<>();
        ArrayDeque<Identifier> queue = new ArrayDeque<>();
        depths.put(spec.start(), 0);
        order.add(spec.start());
        queue.add(spec.start());
        while (!queue.isEmpty()) {
            Identifier id = queue.poll();
            int depth = depths.get(id);
            if (depth >= spec.maxDepth() || spec.terminal().isTerminal(id) || (!seeHidden && isHidden(id))) {
                continue;
            }
            NodePlace n = nodes.get(id);
            if (n == null) {
                continue;
            }
            for (LinkPlace lp : n.links()) {
                if (links.contains(lp.link) || (!seeHidden && isHidden(lp.otherEnd(n).id))
                        || !anyMatches(lp, spec.matchLinks(), spec.reader())) {
                    continue;
                }
                links.add(lp.link);
                order.add(lp.link);
                Identifier other = lp.otherEnd(n).id;
                if (!depths.containsKey(other)) {
                    depths.put(other, depth + 1);
                    order.add(other);
                    queue.add(other);
                }
            }
        }
        return new Reach(depths, links, order);
    }

    private static boolean anyMatches(Place p, Filter filter, ProtocolVersion reader) {
        if (filter.isNone()) {
            return false;
        }
        for (int i = 0; i < p.itemCount(); i++) {
            if (filter.isAll() || filter.matches(p.item(i).metadata, reader)) {
                return true;
            }
        }
        return false;
    }

    private SearchResult fullResult(SearchSpec spec, Reach reach) {
        List<ResultItem> items = new ArrayList<>(reach.order().size());
        long size = 0;
        for (Target t : reach.order()) {
            List<Metadata> visible = visible(t, shown(t), spec);
            size += ResultSize.of(t, visible);
            if (size > spec.maxSize()) {
                throw tooBig(spec);
            }
            items.add(new ResultItem(t, visible));
        }
        return new SearchResult(items);
    }

    private static IfmapException tooBig(SearchSpec spec) {
        return new IfmapException(ErrorCode.SearchResultsTooBig,
                "the result exceeds max-size (" + spec.maxSize() + " bytes); search a smaller part of the graph"
                        + " or ask for a larger max-size");
    }

    private boolean isHidden(Identifier id) {
        return !hidden.isEmpty() && hidden.contains(id);
    }

    /** True for a hidden identifier and for a link touching one. */
    private boolean isHidden(Target t) {
        if (hidden.isEmpty()) {
            return false;
        }
        if (t instanceof Identifier id) {
            return hidden.contains(id);
        }
        Link l = (Link) t;
        return hidden.contains(l.first()) || hidden.contains(l.second());
    }

    /** The items stored on a target as searches and subscriptions see them: none while it is hidden. */
    private List<Metadata> shown(Target t) {
        if (isHidden(t)) {
            return List.of();
        }
        Place p = place(t, false);
        return p == null ? List.of() : p.metadata();
    }

    /** The items of a target the reader is shown: result-filter, and for links also match-links. */
    private static List<Metadata> visible(Target t, List<Metadata> items, SearchSpec spec) {
        if (items.isEmpty() || spec.resultFilter().isNone()) {
            return List.of();
        }
        boolean link = t instanceof Link;
        List<Metadata> out = new ArrayList<>(items.size());
        for (Metadata m : items) {
            if ((!link || spec.matchLinks().matches(m, spec.reader())) && spec.resultFilter().matches(m, spec.reader())) {
                out.add(m);
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- subscriptions and poll

    /**
     * A subscriber for one session. {@code wakeUp} runs (outside the graph's lock, on the thread that
     * committed a change) whenever results become available after none were.
     */
    public Subscriber newSubscriber(ProtocolVersion version, long maxPollResultSize, Runnable wakeUp) {
        return new Subscriber(version, maxPollResultSize, wakeUp);
    }

    /**
     * Adds a subscription, or replaces the subscriber's subscription of that name. Its complete
     * result is queued as a searchResult for the next poll (or SearchResultsTooBig, and the
     * subscription is not kept).
     */
    public void subscribe(Subscriber subscriber, String name, SearchSpec spec) {
        boolean wake;
        lock.writeLock().lock();
        try {
            drop(subscriber, name);
            Subscription s = new Subscription(subscriber, name, spec);
            Reach reach = traverse(spec);
            SearchResult full;
            try {
                full = fullResult(spec, reach);
            } catch (IfmapException tooBig) {
                wake = subscriber.append(PollEntry.error(name, tooBig.code(), tooBig.getMessage()), 200);
                return;
            }
            s.depths = reach.depths();
            s.links = reach.links();
            s.size = ResultSize.of(full.items());
            register(s);
            subscriber.subscriptions.put(name, s);
            wake = subscriber.append(new PollEntry(PollEntry.Kind.SEARCH, name, full.items(), null, null), s.size);
        } finally {
            lock.writeLock().unlock();
            // after the unlock, including when the subscription failed with SearchResultsTooBig
        }
        if (wake) {
            subscriber.wakeUp();
        }
    }

    /** Removes a subscription and anything queued for it; unknown names are ignored. */
    public void unsubscribe(Subscriber subscriber, String name) {
        lock.writeLock().lock();
        try {
            drop(subscriber, name);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Removes all of a subscriber's subscriptions (its session ended). */
    public void removeSubscriber(Subscriber subscriber) {
        lock.writeLock().lock();
        try {
            dropAll(subscriber);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Takes the subscriber's queued results, or null when there are none. An errorResult in a poll
     * answer invalidates all of the client's subscriptions, as does PollResultsTooBig.
     *
     * @throws IfmapException PollResultsTooBig when the results outgrew the session's max-poll-result-size
     */
    public PollResult poll(Subscriber subscriber) {
        Subscriber.Taken taken = subscriber.take();
        if (taken == null) {
            return null;
        }
        if (taken.overflowed() || taken.result().hasErrors()) {
            removeSubscriber(subscriber);
        }
        if (taken.overflowed()) {
            throw new IfmapException(ErrorCode.PollResultsTooBig, "the poll results exceeded max-poll-result-size ("
                    + subscriber.maxPollResultSize + " bytes); all subscriptions were dropped, subscribe again");
        }
        return taken.result();
    }

    private void drop(Subscriber subscriber, String name) {
        Subscription old = subscriber.subscriptions.remove(name);
        if (old != null) {
            unregister(old, old.depths.keySet());
        }
        subscriber.forget(name);
    }

    private void dropAll(Subscriber subscriber) {
        for (String name : new ArrayList<>(subscriber.subscriptions.keySet())) {
            drop(subscriber, name);
        }
    }

    private void register(Subscription s) {
        for (Identifier id : s.depths.keySet()) {
            watchers.computeIfAbsent(id, k -> new ArrayList<>(2)).add(s);
        }
    }

    private void unregister(Subscription s, Collection<Identifier> ids) {
        for (Identifier id : ids) {
            List<Subscription> list = watchers.get(id);
            if (list != null) {
                list.remove(s);
                if (list.isEmpty()) {
                    watchers.remove(id);
                }
            }
        }
    }

    /** Updates every subscription the change touches; returns the subscribers to wake. */
    private List<Subscriber> deliver(ChangeSet cs) {
        if (watchers.isEmpty()) {
            return List.of();
        }
        Set<Subscription> affected = new LinkedHashSet<>();
        for (ChangeSet.Entry e : cs.entries()) {
            if (e.target instanceof Identifier id) {
                addWatchers(id, affected);
            } else {
                Link l = (Link) e.target;
                addWatchers(l.first(), affected);
                addWatchers(l.second(), affected);
            }
        }
        return reevaluate(affected, s -> update(s, cs));
    }

    /**
     * Brings each subscription up to date with {@code how} (true: wake its owner). A subscription that
     * cannot be updated is dropped with an errorResult rather than left showing a wrong picture.
     */
    private List<Subscriber> reevaluate(Collection<Subscription> affected, java.util.function.Predicate<Subscription> how) {
        List<Subscriber> toWake = new ArrayList<>();
        for (Subscription s : affected) {
            if (s.owner.subscriptions.get(s.name) != s) {
                continue; // dropped earlier in this delivery
            }
            try {
                if (how.test(s)) {
                    toWake.add(s.owner);
                }
            } catch (RuntimeException ex) {
                log.error("subscription '{}' could not be updated; it is dropped", s.name, ex);
                drop(s.owner, s.name);
                if (s.owner.append(PollEntry.error(s.name, ErrorCode.SystemError,
                        "the subscription could not be updated and was dropped"), 200)) {
                    toWake.add(s.owner);
                }
            }
        }
        return toWake;
    }

    private void addWatchers(Identifier id, Set<Subscription> into) {
        List<Subscription> list = watchers.get(id);
        if (list != null) {
            into.addAll(list);
        }
    }

    /** True when the identifier is reached at a depth from which its links are followed. */
    private static boolean expands(Subscription s, Identifier id) {
        Integer d = s.depths.get(id);
        return d != null && d < s.spec.maxDepth() && !s.spec.terminal().isTerminal(id);
    }

    /**
     * Turns a commit into the subscription's updateResult / deleteResult / notifyResult (2.x), or
     * into a fresh complete searchResult when anything it shows changed (1.1). Returns true when the
     * owner should be woken. Changes on hidden identifiers and their links are not shown.
     */
    private boolean update(Subscription s, ChangeSet cs) {
        SearchSpec spec = s.spec;
        ProtocolVersion reader = spec.reader();
        boolean reshaped = false;
        for (ChangeSet.Entry e : cs.entries()) {
            if (!(e.target instanceof Link l) || (e.added.isEmpty() && e.removed.isEmpty()) || isHidden(l)) {
                continue; // a link touching a hidden identifier is followed neither before nor after
            }
            boolean followable = e.place != null && anyMatches(e.place, spec.matchLinks(), reader);
            if (s.links.contains(l) ? !followable : followable && (expands(s, l.first()) || expands(s, l.second()))) {
                reshaped = true;
                break;
            }
        }
        List<ResultItem> updates = new ArrayList<>();
        List<ResultItem> deletes = new ArrayList<>();
        if (reshaped) {
            Reach now = traverse(spec);
            Map<Identifier, Integer> oldDepths = s.depths;
            Set<Link> oldLinks = s.links;
            for (Target t : now.order()) {
                boolean known = t instanceof Link l ? oldLinks.contains(l) : oldDepths.containsKey((Identifier) t);
                ChangeSet.Entry e = cs.entry(t);
                if (!known) {
                    addItem(updates, t, visible(t, shown(t), spec));
                } else if (e != null && !isHidden(t)) {
                    addDelta(e, spec, updates, deletes);
                }
            }
            for (Identifier id : oldDepths.keySet()) {
                if (!now.depths().containsKey(id)) {
                    addItem(deletes, id, visible(id, before(id, cs), spec));
                }
            }
            for (Link l : oldLinks) {
                if (!now.links().contains(l)) {
                    addItem(deletes, l, visible(l, before(l, cs), spec));
                }
            }
            reshape(s, now);
        } else {
            for (ChangeSet.Entry e : cs.entries()) {
                boolean reached = e.target instanceof Link l ? s.links.contains(l) : s.depths.containsKey((Identifier) e.target);
                if (reached && !isHidden(e.target)) {
                    addDelta(e, spec, updates, deletes);
                }
            }
            s.size += ResultSize.of(updates) - ResultSize.of(deletes);
        }
        List<ResultItem> notifies = new ArrayList<>();
        for (ChangeSet.Entry e : cs.entries()) {
            if (!e.notified.isEmpty() && !isHidden(e.target) && notifyReaches(s, e.target)) {
                addItem(notifies, e.target, visible(e.target, e.notified, spec));
            }
        }
        return queue(s, updates, deletes, notifies);
    }

    /** Makes {@code now} the subscription's reach: the watcher index follows, the size is recomputed. */
    private void reshape(Subscription s, Reach now) {
        List<Identifier> gone = new ArrayList<>();
        for (Identifier id : s.depths.keySet()) {
            if (!now.depths().containsKey(id)) {
                gone.add(id);
            }
        }
        unregister(s, gone);
        for (Identifier id : now.depths().keySet()) {
            if (!s.depths.containsKey(id)) {
                watchers.computeIfAbsent(id, k -> new ArrayList<>(2)).add(s);
            }
        }
        s.depths = now.depths();
        s.links = now.links();
        s.size = ResultSize.of(resultOf(now, s.spec));
    }

    /**
     * Queues what changed for a subscription's owner: the deltas and notifications for a 2.x reader,
     * the complete result for a 1.1 reader, or SearchResultsTooBig when the subscription outgrew its
     * max-size. Returns true when the owner should be woken.
     */
    private boolean queue(Subscription s, List<ResultItem> updates, List<ResultItem> deletes, List<ResultItem> notifies) {
        SearchSpec spec = s.spec;
        if (s.size > spec.maxSize()) {
            drop(s.owner, s.name);
            return s.owner.append(PollEntry.error(s.name, ErrorCode.SearchResultsTooBig,
                    tooBig(spec).getMessage()), 200);
        }
        if (updates.isEmpty() && deletes.isEmpty() && notifies.isEmpty()) {
            return false;
        }
        if (s.owner.version == ProtocolVersion.IFMAP_1_1) {
            if (updates.isEmpty() && deletes.isEmpty()) {
                return false; // 1.1 has no notify; a notification changes nothing a 1.1 reader can see
            }
            // IF-MAP 1.1 has no deltas: a changed subscription is answered with its complete result
            List<ResultItem> full = resultOf(traverse(spec), spec);
            return s.owner.append(new PollEntry(PollEntry.Kind.SEARCH, s.name, full, null, null), ResultSize.of(full));
        }
        boolean wake = false;
        if (!deletes.isEmpty()) {
            wake |= s.owner.append(new PollEntry(PollEntry.Kind.DELETE, s.name, deletes, null, null), ResultSize.of(deletes));
        }
        if (!updates.isEmpty()) {
            wake |= s.owner.append(new PollEntry(PollEntry.Kind.UPDATE, s.name, updates, null, null), ResultSize.of(updates));
        }
        if (!notifies.isEmpty()) {
            wake |= s.owner.append(new PollEntry(PollEntry.Kind.NOTIFY, s.name, notifies, null, null), ResultSize.of(notifies));
        }
        return wake;
    }

    /**
     * Notifications reach a subscription through identifiers it reaches and links it follows, and
     * through a link it would follow had the notified item been stored.
     */
    private static boolean notifyReaches(Subscription s, Target t) {
        if (t instanceof Identifier id) {
            return s.depths.containsKey(id);
        }
        Link l = (Link) t;
        return s.links.contains(l) || expands(s, l.first()) || expands(s, l.second());
    }

    private static void addDelta(ChangeSet.Entry e, SearchSpec spec, List<ResultItem> updates, List<ResultItem> deletes) {
        addItem(updates, e.target, visible(e.target, ChangeSet.metadataOf(e.added), spec));
        addItem(deletes, e.target, visible(e.target, ChangeSet.metadataOf(e.removed), spec));
    }

    private static void addItem(List<ResultItem> into, Target t, List<Metadata> metadata) {
        if (!metadata.isEmpty()) {
            into.add(new ResultItem(t, metadata));
        }
    }

    /** A target's items as they were before the commit being delivered. */
    private List<Metadata> before(Target t, ChangeSet cs) {
        ChangeSet.Entry e = cs.entry(t);
        if (e != null) {
            return e.before();
        }
        Place p = place(t, false);
        return p == null ? List.of() : p.metadata();
    }

    private List<ResultItem> resultOf(Reach reach, SearchSpec spec) {
        List<ResultItem> items = new ArrayList<>(reach.order().size());
        for (Target t : reach.order()) {
            items.add(new ResultItem(t, visible(t, shown(t), spec)));
        }
        return items;
    }

    private static void wake(List<Subscriber> subscribers) {
        for (Subscriber s : subscribers) {
            try {
                s.wakeUp();
            } catch (RuntimeException e) {
                log.error("waking a poll failed", e);
            }
        }
    }

    /** For tests and diagnostics: the items stored on a target, in publication order. */
    public List<Metadata> metadataOn(Target target) {
        lock.readLock().lock();
        try {
            Place p = place(target, false);
            return p == null ? List.of() : p.metadata();
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * A part of a snapshot of the items published at this server (not a replica's), for a replica
     * catching up: the items stored from {@code cursor} on in storing order (0: from the first), at most
     * {@code max}, grouped by target in that order, with the sequence number they stand at. Memory is bounded by {@code max};
     * each part walks this server's publishers' chains once.
     */
    public OwnItems ownItemsFrom(long cursor, int max) {
        lock.readLock().lock();
        try {
            java.util.PriorityQueue<StoredItem> firstOnes = new java.util.PriorityQueue<>(
                    java.util.Comparator.comparingLong((StoredItem s) -> s.order).reversed());
            boolean more = false;
            for (Map.Entry<String, ItemChain> e : byPublisher.entrySet()) {
                if (e.getKey().indexOf(ORIGIN_SEPARATOR) >= 0) {
                    continue; // a replica's publisher
                }
                for (StoredItem s : e.getValue().items()) {
                    if (s.order < cursor) {
                        continue;
                    }
                    firstOnes.add(s);
                    if (firstOnes.size() > max) {
                        firstOnes.poll();
                        more = true;
                    }
                }
            }
            List<StoredItem> ordered = new ArrayList<>(firstOnes);
            ordered.sort(java.util.Comparator.comparingLong(s -> s.order));
            Map<Target, List<Metadata>> byTarget = new LinkedHashMap<>();
            for (StoredItem s : ordered) {
                byTarget.computeIfAbsent(s.place.target(), t -> new ArrayList<>()).add(s.metadata);
            }
            List<Change.PlaceChange> places = new ArrayList<>(byTarget.size());
            byTarget.forEach((t, items) -> places.add(new Change.PlaceChange(t, items, List.of(), List.of())));
            long next = ordered.isEmpty() ? cursor : ordered.get(ordered.size() - 1).order + 1;
            return new OwnItems(places, next, more, sequence);
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * A snapshot part: {@code places} (all added), the next part's cursor (one past the storing order of
     * its last item), whether more follow, and the sequence number the graph stood at.
     */
    public record OwnItems(List<Change.PlaceChange> places, long cursor, boolean more, long sequence) {
        public OwnItems {
            places = List.copyOf(places);
        }
    }

    /** Every stored item grouped by target, for dumps and consistency checks. */
    public Map<Target, List<Metadata>> snapshot() {
        Map<Target, List<Metadata>> out = new LinkedHashMap<>();
        for (ResultItem i : dump(null, 0).items()) {
            out.put(i.target(), i.metadata());
        }
        return out;
    }

    // ---------------------------------------------------------------- administrators' views

    /**
     * An identifier with its own items, its links with theirs, and whether it is hidden: what a view
     * of one federated session is made of.
     */
    public record Star(Identifier centre, List<Metadata> metadata, List<ResultItem> links, boolean hidden) {
        public Star {
            metadata = List.copyOf(metadata);
            links = List.copyOf(links);
        }
    }

    /**
     * Every access-request with its links, hidden or not, and the hidden access-requests that hold
     * nothing any more (their mark stays until activated or removed). Walks the access-requests only,
     * a few hundred at a time under the read lock, so that a long list never holds publishes up: each
     * star is read whole, the list as a whole is not one instant's.
     */
    public List<Star> accessRequests() {
        List<NodePlace> all;
        List<Star> out;
        lock.readLock().lock();
        try {
            all = new ArrayList<>(accessRequests);
            out = new ArrayList<>(all.size() + hidden.size());
            for (Identifier id : hidden) {
                if (id.type() == IdentifierType.ACCESS_REQUEST && !nodes.containsKey(id)) {
                    out.add(new Star(id, List.of(), List.of(), true));
                }
            }
        } finally {
            lock.readLock().unlock();
        }
        for (int from = 0; from < all.size(); from += STARS_PER_LOCK) {
            lock.readLock().lock();
            try {
                for (NodePlace n : all.subList(from, Math.min(all.size(), from + STARS_PER_LOCK))) {
                    if (nodes.get(n.id) == n) { // still in the graph
                        out.add(star(n));
                    }
                }
            } finally {
                lock.readLock().unlock();
            }
        }
        return out;
    }

    /** One identifier as a {@link Star}, or null when the graph holds nothing on it and it is not hidden. */
    public Star star(Identifier id) {
        lock.readLock().lock();
        try {
            NodePlace n = nodes.get(id);
            if (n != null) {
                return star(n);
            }
            return hidden.contains(id) ? new Star(id, List.of(), List.of(), true) : null;
        } finally {
            lock.readLock().unlock();
        }
    }

    private Star star(NodePlace n) {
        List<ResultItem> links = new ArrayList<>(n.linkCount());
        for (LinkPlace lp : n.links()) {
            links.add(new ResultItem(lp.link, lp.metadata()));
        }
        return new Star(n.id, n.metadata(), links, isHidden(n.id));
    }

    /** What a dump shows: items by target, hidden ones included, and the identifiers that are hidden. */
    public record Dump(List<ResultItem> items, Set<Identifier> hidden) {
        public Dump {
            items = List.copyOf(items);
            hidden = Set.copyOf(hidden);
        }
    }

    /**
     * For administrators, never for clients: with {@code around} null every identifier that holds
     * items and every link; otherwise {@code around} and what lies within {@code depth} links of it
     * (every link followed, hidden ones too) in breadth-first order, bare identifiers included.
     */
    public Dump dump(Identifier around, int depth) {
        lock.readLock().lock();
        try {
            List<ResultItem> items = new ArrayList<>();
            if (around == null) {
                for (NodePlace n : nodes.values()) {
                    if (n.itemCount() > 0) {
                        items.add(new ResultItem(n.id, n.metadata()));
                    }
                    for (LinkPlace lp : n.links()) {
                        if (lp.first == n) {
                            items.add(new ResultItem(lp.link, lp.metadata()));
                        }
                    }
                }
            } else {
                SearchSpec everything = new SearchSpec(around, depth, Filter.ALL, Filter.ALL, TerminalIdentifiers.NONE,
                        Long.MAX_VALUE, ProtocolVersion.IFMAP_2);
                for (Target t : traverse(everything, true).order()) {
                    Place p = place(t, false);
                    items.add(new ResultItem(t, p == null ? List.of() : p.metadata()));
                }
            }
            return new Dump(items, hidden);
        } finally {
            lock.readLock().unlock();
        }
    }
}
