package org.fedmap.security;

import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows down repeated failed logins from one source, so that guessing passwords gets slow while a
 * gateway with a mistyped password is barely delayed.
 *
 * <p>The throttle only says how long to hold back the answer to a failed login; the caller answers
 * later without holding a thread (a scheduled completion, not a sleep), so delayed answers cost an
 * attacker time and the server nothing. The first {@code freeFailures} failures from a source are
 * answered at once, then after {@code firstDelay}, twice that, four times, ... up to {@code maxDelay}.
 * A spell of {@code window} without failures forgets a source; so does a successful login from it.
 *
 * <p>A source is an IPv4 address, or the /64 network of an IPv6 address: a single IPv6 host usually
 * has a whole /64 to pick addresses from, so counting addresses one by one would not slow it down.
 * The several ways of writing one address ({@code ::ffff:10.1.2.3}, {@code [::1]},
 * {@code 0:0:0:0:0:0:0:1}) count as one source. Anything that is not an address literal is its own
 * source.
 *
 * <p>Memory is bounded: at most {@code maxTracked} sources are kept (give or take the threads adding
 * one at the same moment). When that many are tracked, the ones whose window has passed go, and if
 * that is not enough, the tenth with the oldest last failure, so an attacker spraying source
 * addresses evicts stale entries rather than growing the table. Thread-safe.
 */
public final class LoginThrottle {
    /** How many sources {@link #defaults()} and the five-argument constructor track at most. */
    public static final int DEFAULT_MAX_TRACKED = 100_000;

    private final int freeFailures;
    private final Duration firstDelay;
    private final Duration maxDelay;
    private final long windowMillis;
    private final Clock clock;
    private final int maxTracked;
    private final Map<String, Failures> failures = new ConcurrentHashMap<>();
    // Held only to sweep; failed() never waits for it otherwise.
    private final Object sweepLock = new Object();
    private volatile long lastSweepMillis;

    /** How often a source failed in a row, and when it last did. */
    private record Failures(int count, long lastMillis) {
    }

    public LoginThrottle(int freeFailures, Duration firstDelay, Duration maxDelay, Duration window, Clock clock) {
        this(freeFailures, firstDelay, maxDelay, window, clock, DEFAULT_MAX_TRACKED);
    }

    /**
     * @param freeFailures how many failures in a row are answered without delay; 0 or more
     * @param firstDelay   the delay of the first failure after the free ones; positive
     * @param maxDelay     the longest delay; at least {@code firstDelay}
     * @param window       how long a source must stay without failures to be forgotten; a millisecond or more
     * @param clock        the time
     * @param maxTracked   how many sources are kept at most; positive
     */
    public LoginThrottle(int freeFailures, Duration firstDelay, Duration maxDelay, Duration window, Clock clock,
                         int maxTracked) {
        Objects.requireNonNull(firstDelay, "firstDelay");
        Objects.requireNonNull(maxDelay, "maxDelay");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(clock, "clock");
        if (freeFailures < 0) {
            throw new IllegalArgumentException("the number of free failures cannot be negative");
        }
        if (firstDelay.isNegative() || firstDelay.isZero()) {
            throw new IllegalArgumentException("the first delay must be positive");
        }
        if (maxDelay.compareTo(firstDelay) < 0) {
            throw new IllegalArgumentException("the longest delay cannot be shorter than the first");
        }
        if (window.toMillis() < 1) {
            throw new IllegalArgumentException("the window must be at least a millisecond");
        }
        if (maxTracked < 1) {
            throw new IllegalArgumentException("at least one source must be tracked");
        }
        this.freeFailures = freeFailures;
        this.firstDelay = firstDelay;
        this.maxDelay = maxDelay;
        this.windowMillis = window.toMillis();
        this.clock = clock;
        this.maxTracked = maxTracked;
        this.lastSweepMillis = clock.millis();
    }

    /**
     * Five free failures, then 500 ms doubling up to 15 s; forgotten after five quiet minutes; the
     * system clock; at most {@value #DEFAULT_MAX_TRACKED} sources.
     */
    public static LoginThrottle defaults() {
        return new LoginThrottle(5, Duration.ofMillis(500), Duration.ofSeconds(15), Duration.ofMinutes(5),
                Clock.systemUTC());
    }

    /**
     * Records a failed login from {@code address} (a remote address as the server reports it) and says
     * how long to hold back its answer: zero for the free failures, then the growing delay.
     */
    public Duration failed(String address) {
        String source = source(address);
        long now = clock.millis();
        sweepIfDue(now);
        if (!failures.containsKey(source)) {
            makeRoom(now);
        }
        Failures updated = failures.compute(source, (key, old) -> old == null || expired(old, now)
                ? new Failures(1, now)
                : new Failures(old.count() == Integer.MAX_VALUE ? old.count() : old.count() + 1,
                        Math.max(old.lastMillis(), now)));
        return delayFor(updated.count());
    }

    /**
     * How many sources have failures on record; ones whose window has passed may still be counted until
     * the next sweep, which comes at the latest one window later with the next failure.
     */
    public int trackedAddresses() {
        return failures.size();
    }

    /** The delay of the {@code count}th failure in a row. */
    private Duration delayFor(int count) {
        if (count <= freeFailures) {
            return Duration.ZERO;
        }
        Duration delay = firstDelay;
        Duration half = maxDelay.dividedBy(2);
        for (long doublings = (long) count - freeFailures - 1; doublings > 0; doublings--) {
            if (delay.compareTo(half) > 0) {
                return maxDelay;
            }
            delay = delay.multipliedBy(2);
        }
        return delay;
    }

    private boolean expired(Failures f, long now) {
        return now - f.lastMillis() >= windowMillis;
    }

    /** Drops the sources whose window has passed, once a window, so that quiet ones do not linger. */
    private void sweepIfDue(long now) {
        if (now - lastSweepMillis < windowMillis) {
            return;
        }
        synchronized (sweepLock) {
            if (now - lastSweepMillis < windowMillis) {
                return;
            }
            lastSweepMillis = now;
            failures.values().removeIf(f -> expired(f, now));
        }
    }

    /** If the table is full, drops expired sources and, if need be, the tenth with the oldest failures. */
    private void makeRoom(long now) {
        if (failures.size() < maxTracked) {
            return;
        }
        synchronized (sweepLock) {
            if (failures.size() < maxTracked) {
                return;
            }
            lastSweepMillis = now;
            failures.values().removeIf(f -> expired(f, now));
            // Free a tenth at once, so that a spray of new sources sorts the table once per tenth, not once each.
            int target = maxTracked - Math.max(1, maxTracked / 10);
            int excess = failures.size() - target;
            if (excess <= 0) {
                return;
            }
            long[] times = failures.values().stream().mapToLong(Failures::lastMillis).toArray();
            Arrays.sort(times);
            long cutoff = times[Math.min(excess, times.length) - 1];
            int removed = 0;
            // Older than the cutoff first, then as many of those at the cutoff as still needed.
            for (Map.Entry<String, Failures> e : failures.entrySet()) {
                if (e.getValue().lastMillis() < cutoff && failures.remove(e.getKey(), e.getValue())) {
                    removed++;
                }
            }
            for (Map.Entry<String, Failures> e : failures.entrySet()) {
                if (removed >= excess) {
                    break;
                }
                if (e.getValue().lastMillis() == cutoff && failures.remove(e.getKey(), e.getValue())) {
                    removed++;
                }
            }
        }
    }

    /**
     * The source {@code address} counts against: an IPv4 address (also when written IPv4-mapped), the
     * /64 network of an IPv6 address, or the text itself if it is no address literal.
     */
    static String source(String address) {
        Objects.requireNonNull(address, "address");
        byte[] bytes = AddressRange.addressBytes(address);
        if (bytes == null) {
            return address;
        }
        if (bytes.length == 4) {
            return AddressRange.format(bytes);
        }
        Arrays.fill(bytes, 8, 16, (byte) 0);
        return AddressRange.format(bytes) + "/64";
    }
}
