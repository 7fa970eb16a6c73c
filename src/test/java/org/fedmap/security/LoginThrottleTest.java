package org.fedmap.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {

    /** A clock that moves only when told to. */
    private static final class TestClock extends Clock {
        private volatile Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    private final TestClock clock = new TestClock();

    private static Duration ms(long millis) {
        return Duration.ofMillis(millis);
    }

    /** The defaults, on the test clock. */
    private LoginThrottle standard() {
        return new LoginThrottle(5, ms(500), Duration.ofSeconds(15), Duration.ofMinutes(5), clock);
    }

    private static List<Duration> fail(LoginThrottle throttle, String address, int times) {
        List<Duration> delays = new ArrayList<>();
        for (int i = 0; i < times; i++) {
            delays.add(throttle.failed(address));
        }
        return delays;
    }

    @Test
    void freeFailuresThenDoublingDelaysUpToTheCap() {
        LoginThrottle throttle = standard();
        assertEquals(List.of(Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO,
                        ms(500), ms(1000), ms(2000), ms(4000), ms(8000), ms(15000), ms(15000), ms(15000)),
                fail(throttle, "10.1.2.3", 13));
    }

    @Test
    void theDefaultsAreTheDocumentedOnes() {
        LoginThrottle throttle = LoginThrottle.defaults();
        List<Duration> delays = fail(throttle, "192.0.2.1", 12);
        assertEquals(List.of(Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO,
                ms(500), ms(1000), ms(2000), ms(4000), ms(8000), ms(15000), ms(15000)), delays);
        assertEquals(1, throttle.trackedAddresses());
    }

    @Test
    void withoutFreeFailuresTheFirstIsDelayed() {
        LoginThrottle throttle = new LoginThrottle(0, ms(100), ms(350), Duration.ofMinutes(1), clock);
        assertEquals(List.of(ms(100), ms(200), ms(350), ms(350)), fail(throttle, "10.1.2.3", 4));
        LoginThrottle flat = new LoginThrottle(1, ms(100), ms(100), Duration.ofMinutes(1), clock);
        assertEquals(List.of(Duration.ZERO, ms(100), ms(100)), fail(flat, "10.1.2.3", 3));
    }

    @Test
    void delaysStayAtTheCapHoweverLongTheRun() {
        Duration longest = Duration.ofSeconds(Long.MAX_VALUE / 4);
        LoginThrottle throttle = new LoginThrottle(0, Duration.ofNanos(1), longest, Duration.ofDays(1), clock);
        List<Duration> delays = fail(throttle, "10.1.2.3", 200);
        assertEquals(Duration.ofNanos(1), delays.get(0));
        assertEquals(Duration.ofNanos(1L << 40), delays.get(40));
        assertEquals(longest, delays.get(199));
        for (int i = 1; i < delays.size(); i++) {
            assertTrue(delays.get(i).compareTo(delays.get(i - 1)) >= 0, "never shorter than the one before");
        }
    }

    @Test
    void failuresKeepCountingWhileTheyComeWithinTheWindow() {
        LoginThrottle throttle = standard();
        for (int i = 0; i < 5; i++) {
            assertEquals(Duration.ZERO, throttle.failed("10.1.2.3"));
            clock.advance(Duration.ofMinutes(4));
        }
        // twenty minutes in all, but never five quiet ones
        assertEquals(ms(500), throttle.failed("10.1.2.3"));
    }

    @Test
    void aQuietWindowForgetsTheSource() {
        LoginThrottle throttle = standard();
        fail(throttle, "10.1.2.3", 7);
        clock.advance(Duration.ofMinutes(5).minusMillis(1));
        assertEquals(ms(2000), throttle.failed("10.1.2.3"), "just inside the window: still counted");
        clock.advance(Duration.ofMinutes(5));
        assertEquals(Duration.ZERO, throttle.failed("10.1.2.3"), "a whole window later: a fresh start");
        assertEquals(List.of(Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO, ms(500)),
                fail(throttle, "10.1.2.3", 5));
    }

    @Test
    void sourcesAreCountedApart() {
        LoginThrottle throttle = standard();
        fail(throttle, "10.1.2.3", 10);
        assertEquals(Duration.ZERO, throttle.failed("10.1.2.4"));
        assertEquals(Duration.ZERO, throttle.failed("2001:db8::1"));
        assertEquals(Duration.ZERO, throttle.failed("2001:db8:0:1::1"), "another /64");
        assertEquals(4, throttle.trackedAddresses());
    }

    @Test
    void spellingsOfOneAddressAreOneSource() {
        LoginThrottle throttle = standard();
        fail(throttle, "10.1.2.3", 3);
        fail(throttle, "::ffff:10.1.2.3", 2);
        assertEquals(ms(500), throttle.failed("[::ffff:a01:203]"));
        assertEquals(1, throttle.trackedAddresses());

        fail(throttle, "0:0:0:0:0:0:0:1", 3);
        fail(throttle, "[::1]", 2);
        assertEquals(ms(500), throttle.failed("::1"));
        assertEquals(2, throttle.trackedAddresses());
    }

    @Test
    void anIpv6HostCannotEscapeByChangingAddressesWithinItsSlash64() {
        LoginThrottle throttle = standard();
        for (int i = 1; i <= 5; i++) {
            assertEquals(Duration.ZERO, throttle.failed("2001:db8:1:2::" + Integer.toHexString(i)));
        }
        assertEquals(ms(500), throttle.failed("2001:db8:1:2:ffff:ffff:ffff:ffff"));
        assertEquals(ms(1000), throttle.failed("[2001:db8:1:2:abcd::9%eth0]"));
        assertEquals(1, throttle.trackedAddresses());
        assertEquals("2001:db8:1:2::/64", LoginThrottle.source("2001:db8:1:2:abcd::9"));
        assertEquals("10.1.2.3", LoginThrottle.source("::ffff:10.1.2.3"));
    }

    @Test
    void whatIsNoAddressIsItsOwnSource() {
        LoginThrottle throttle = standard();
        fail(throttle, "unix:/run/fedmap.sock", 5);
        assertEquals(ms(500), throttle.failed("unix:/run/fedmap.sock"));
        assertEquals(Duration.ZERO, throttle.failed("unix:/run/other.sock"));
        assertEquals("gw.example.com", LoginThrottle.source("gw.example.com"), "never looked up");
        assertThrows(NullPointerException.class, () -> throttle.failed(null));
    }

    @Test
    void aSprayOfAddressesCannotGrowTheTable() {
        LoginThrottle throttle = new LoginThrottle(5, ms(500), Duration.ofSeconds(15), Duration.ofMinutes(5), clock, 100);
        for (int i = 0; i < 10_000; i++) {
            throttle.failed("10." + (i >> 16 & 0xff) + "." + (i >> 8 & 0xff) + "." + (i & 0xff));
            clock.advance(ms(1));
            assertTrue(throttle.trackedAddresses() <= 100, "tracked " + throttle.trackedAddresses());
        }
        assertTrue(throttle.trackedAddresses() >= 90, "eviction frees a tenth, not everything");
        // the newest sources are the ones kept
        int last = 9_999;
        String newest = "10." + (last >> 16 & 0xff) + "." + (last >> 8 & 0xff) + "." + (last & 0xff);
        fail(throttle, newest, 4);
        assertEquals(ms(500), throttle.failed(newest));
    }

    @Test
    void aBusySourceOutlivesTheSpray() {
        LoginThrottle throttle = new LoginThrottle(5, ms(500), Duration.ofSeconds(15), Duration.ofMinutes(5), clock, 10);
        List<Duration> attacker = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            attacker.add(throttle.failed("203.0.113.66"));
            clock.advance(ms(1));
            throttle.failed("198.51." + (i >> 8) + "." + (i & 0xff));
            clock.advance(ms(1));
            assertTrue(throttle.trackedAddresses() <= 10);
        }
        assertEquals(ms(15000), attacker.get(199), "its count survived every eviction");
    }

    @Test
    void evictionRemovesNoMoreThanNeededWhenTimesTie() {
        LoginThrottle throttle = new LoginThrottle(5, ms(500), Duration.ofSeconds(15), Duration.ofMinutes(5), clock, 20);
        // the clock stands still: every source failed at the same moment
        for (int i = 0; i < 20; i++) {
            throttle.failed("10.0.0." + i);
        }
        assertEquals(20, throttle.trackedAddresses());
        throttle.failed("10.0.1.1");
        assertEquals(19, throttle.trackedAddresses(), "two evicted (a tenth), one added");
        throttle.failed("10.0.0.0");
        throttle.failed("10.0.1.1");
        assertTrue(throttle.trackedAddresses() <= 20);
    }

    @Test
    void expiredSourcesGoFirstWhenFull() {
        LoginThrottle throttle = new LoginThrottle(5, ms(500), Duration.ofSeconds(15), Duration.ofMinutes(5), clock, 10);
        clock.advance(Duration.ofMinutes(4));
        for (int i = 0; i < 9; i++) {
            throttle.failed("10.0.0." + i);
        }
        clock.advance(Duration.ofMinutes(4));
        // this failure also brings the once-a-window sweep, which finds nothing to drop yet
        fail(throttle, "10.0.1.1", 7);
        assertEquals(10, throttle.trackedAddresses());
        clock.advance(Duration.ofMinutes(2));
        // the nine have been quiet for six minutes, 10.0.1.1 for two; the next sweep is three minutes off
        throttle.failed("10.0.2.2");
        assertEquals(2, throttle.trackedAddresses());
        assertEquals(ms(2000), throttle.failed("10.0.1.1"), "the recent source kept its count");
    }

    @Test
    void quietSourcesAreSweptOnceAWindow() {
        LoginThrottle throttle = standard();
        for (int i = 0; i < 50; i++) {
            throttle.failed("10.0.0." + i);
        }
        assertEquals(50, throttle.trackedAddresses());
        clock.advance(Duration.ofMinutes(5));
        throttle.failed("10.0.1.1");
        assertEquals(1, throttle.trackedAddresses(), "the table does not keep what it would forget anyway");
    }

    @Test
    void countsExactlyUnderConcurrency() throws Exception {
        int threads = 8;
        int each = 2_000;
        // every failure but the last of all is free: exactly one call may answer with a delay
        LoginThrottle throttle = new LoginThrottle(threads * each - 1, ms(500), Duration.ofSeconds(15),
                Duration.ofMinutes(5), clock);
        AtomicInteger delayed = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < each; i++) {
                        if (!throttle.failed("10.1.2.3").isZero()) {
                            delayed.incrementAndGet();
                        }
                        // and some traffic from other sources meanwhile
                        throttle.failed("10.2." + id + "." + (i & 0xff));
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, delayed.get());
        assertEquals(ms(1000), throttle.failed("10.1.2.3"));
    }

    @Test
    void staysBoundedUnderConcurrentSprays() throws Exception {
        int threads = 8;
        LoginThrottle throttle = new LoginThrottle(5, ms(500), Duration.ofSeconds(15), Duration.ofMinutes(5), clock, 500);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 20_000; i++) {
                        throttle.failed("2001:db8:" + Integer.toHexString(id) + ":" + Integer.toHexString(i) + "::1");
                        if ((i & 0xff) == 0) {
                            clock.advance(ms(1));
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertTrue(throttle.trackedAddresses() <= 500 + threads, "tracked " + throttle.trackedAddresses());
    }

    @Test
    void refusesNonsensicalSettings() {
        Duration s = Duration.ofSeconds(1);
        Duration m = Duration.ofMinutes(1);
        assertThrows(IllegalArgumentException.class, () -> new LoginThrottle(-1, s, s, m, clock));
        assertThrows(IllegalArgumentException.class, () -> new LoginThrottle(5, Duration.ZERO, s, m, clock));
        assertThrows(IllegalArgumentException.class, () -> new LoginThrottle(5, s.negated(), s, m, clock));
        assertThrows(IllegalArgumentException.class, () -> new LoginThrottle(5, s, ms(999), m, clock));
        assertThrows(IllegalArgumentException.class, () -> new LoginThrottle(5, s, s, Duration.ZERO, clock));
        assertThrows(IllegalArgumentException.class, () -> new LoginThrottle(5, s, s, Duration.ofNanos(999_999), clock));
        assertThrows(IllegalArgumentException.class, () -> new LoginThrottle(5, s, s, m, clock, 0));
        assertThrows(NullPointerException.class, () -> new LoginThrottle(5, s, s, m, null));
        assertThrows(NullPointerException.class, () -> new LoginThrottle(5, null, s, m, clock));
    }
}
