package org.fedmap.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import de.hshannover.f4.trust.ifmapj.IfmapJ;
import de.hshannover.f4.trust.ifmapj.channel.ARC;
import de.hshannover.f4.trust.ifmapj.channel.IfmapChannel;
import de.hshannover.f4.trust.ifmapj.channel.SSRC;
import de.hshannover.f4.trust.ifmapj.exception.IfmapErrorResult;
import de.hshannover.f4.trust.ifmapj.identifier.AccessRequest;
import de.hshannover.f4.trust.ifmapj.identifier.Device;
import de.hshannover.f4.trust.ifmapj.identifier.Identifier;
import de.hshannover.f4.trust.ifmapj.identifier.IdentifierWithAd;
import de.hshannover.f4.trust.ifmapj.identifier.Identity;
import de.hshannover.f4.trust.ifmapj.identifier.IpAddress;
import de.hshannover.f4.trust.ifmapj.identifier.MacAddress;
import de.hshannover.f4.trust.ifmapj.messages.PollResult;
import de.hshannover.f4.trust.ifmapj.messages.ResultItem;
import de.hshannover.f4.trust.ifmapj.messages.SearchResult;
import de.hshannover.f4.trust.ifmapj.metadata.StandardIfmapMetadataFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.fedmap.testsupport.TestServer;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * ifmapj clients of a {@link TestServer}, polls that cannot hang a build, and compact views of the
 * results ifmapj hands back, so a test can compare a whole result with one assertion.
 *
 * <p>A target is written {@code ip:192.0.2.7}, {@code ar:name}, {@code mac:00:11:22:33:44:55},
 * {@code id:username:jdoe}, {@code dev:name}, with {@code @domain} when an administrative-domain is
 * set; a link is its two ends sorted and joined by
 * {@code " -- "}. A metadata item is written as its element's local name, followed by
 * {@code =<text of its name child>} when it has one ({@code capability=guest}).
 */
final class Ifmapj {
    static final String META = "http://www.trustedcomputinggroup.org/2010/IFMAP-METADATA/2";
    static final String OPMETA = "http://www.trustedcomputinggroup.org/2012/IFMAP-OPERATIONAL-METADATA/1";
    static final StandardIfmapMetadataFactory MD = IfmapJ.createStandardMetadataFactory();

    /** How long anything that should happen at once may take before the test fails instead of hanging. */
    static final Duration PATIENCE = Duration.ofSeconds(10);

    private static final ExecutorService POLLS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "ifmapj-poll");
        t.setDaemon(true);
        return t;
    });

    private Ifmapj() {
    }

    /** A new SSRC for a client of the server (no session yet). */
    @SuppressWarnings("deprecation") // the configuration-object variant wants a trust store file
    static SSRC ssrc(TestServer server, String user) throws Exception {
        return IfmapJ.createSsrc(server.url(), user, TestServer.PASSWORD, server.trustManagers());
    }

    /** Closes the channels' TCP connections, ignoring failures (for finally blocks). */
    static void close(IfmapChannel... channels) {
        for (IfmapChannel c : channels) {
            if (c != null) {
                try {
                    c.closeTcpConnection();
                } catch (Exception e) {
                    // closing anyway
                }
            }
        }
    }

    /** Starts a poll on another thread; the ARC blocks until the server answers. */
    static Future<PollResult> pollInBackground(ARC arc) {
        return POLLS.submit(arc::poll);
    }

    /** Polls and waits for the answer, failing (and closing the ARC) when none comes in time. */
    static PollResult poll(ARC arc) throws Exception {
        return await(pollInBackground(arc), arc);
    }

    /**
     * The outcome of a background request: its value, or the exception the request threw (an
     * IfmapErrorResult, EndSessionException, ...). When nothing arrives within {@link #PATIENCE} the
     * channel is closed, which unblocks the request's thread, and the test fails.
     */
    static <T> T await(Future<T> outcome, IfmapChannel channel) throws Exception {
        return await(outcome, channel, PATIENCE);
    }

    /** {@link #await(Future, IfmapChannel)} with another patience. */
    static <T> T await(Future<T> outcome, IfmapChannel channel, Duration patience) throws Exception {
        try {
            return outcome.get(patience.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        } catch (TimeoutException e) {
            close(channel);
            throw new AssertionError("no answer within " + patience.toSeconds() + " s", e);
        }
    }

    /** True when the request is still waiting after {@code millis}: it did not return early. */
    static boolean stillWaiting(Future<?> outcome, long millis) throws Exception {
        try {
            outcome.get(millis, TimeUnit.MILLISECONDS);
            return false;
        } catch (TimeoutException e) {
            return true;
        } catch (ExecutionException e) {
            return false;
        }
    }

    /** Waits (up to {@link #PATIENCE}) until a condition about server state holds. */
    static void awaitCondition(String what, BooleanSupplier condition) throws InterruptedException {
        awaitCondition(what, condition, PATIENCE);
    }

    static void awaitCondition(String what, BooleanSupplier condition, Duration patience) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("waited " + patience.toSeconds() + " s for " + what);
            }
            Thread.sleep(10);
        }
    }

    /** Waits until the server holds exactly {@code n} polls open (so a publish happens while they wait). */
    static void awaitPendingPolls(TestServer server, int n) throws InterruptedException {
        awaitCondition(n + " waiting poll(s)", () -> server.server().sessions().pendingPolls() == n);
    }

    /** Asserts the error code of an IF-MAP errorResult ifmapj raised. */
    static void assertErrorCode(String expected, IfmapErrorResult e) {
        assertEquals(expected, e.getErrorCode().name(), "errorResult: " + e);
    }

    // ------------------------------------------------------------------------------------------

    /** Compact text of an ifmapj identifier; a non-empty administrative-domain follows an {@code @}. */
    static String key(Identifier id) {
        String ad = id instanceof IdentifierWithAd w ? w.getAdministrativeDomain() : null;
        return ad == null || ad.isEmpty() ? bareKey(id) : bareKey(id) + "@" + ad;
    }

    private static String bareKey(Identifier id) {
        if (id instanceof IpAddress ip) {
            return "ip:" + ip.getValue();
        }
        if (id instanceof AccessRequest ar) {
            return "ar:" + ar.getName();
        }
        if (id instanceof MacAddress mac) {
            return "mac:" + mac.getValue();
        }
        if (id instanceof Identity i) {
            return "id:" + i.getType() + (i.getOtherTypeDefinition() == null || i.getOtherTypeDefinition().isEmpty()
                    ? "" : "/" + i.getOtherTypeDefinition()) + ":" + i.getName();
        }
        if (id instanceof Device d) {
            return "dev:" + d.getName();
        }
        return id.getClass().getSimpleName() + ":" + id;
    }

    static String link(String a, String b) {
        return a.compareTo(b) <= 0 ? a + " -- " + b : b + " -- " + a;
    }

    static String key(ResultItem item) {
        Identifier a = item.getIdentifier1();
        Identifier b = item.getIdentifier2();
        if (a != null && b != null) {
            return link(key(a), key(b));
        }
        return key(a != null ? a : b);
    }

    /** Compact text of a metadata item: local name, and the text of its name child when it has one. */
    static String describe(Document metadata) {
        Element root = metadata.getDocumentElement();
        for (Node n = root.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && "name".equals(e.getLocalName())) {
                return root.getLocalName() + "=" + e.getTextContent();
            }
        }
        return root.getLocalName();
    }

    /** Target → sorted metadata descriptions; a target listed twice has its metadata merged. */
    static Map<String, List<String>> view(SearchResult result) {
        Map<String, List<String>> out = new TreeMap<>();
        for (ResultItem item : result.getResultItems()) {
            List<String> md = out.computeIfAbsent(key(item), k -> new ArrayList<>());
            for (Document d : item.getMetadata()) {
                md.add(describe(d));
            }
            Collections.sort(md);
        }
        return out;
    }

    /** Every metadata element of a result, for checks of operational attributes. */
    static List<Element> metadataElements(SearchResult result) {
        List<Element> out = new ArrayList<>();
        for (ResultItem item : result.getResultItems()) {
            for (Document d : item.getMetadata()) {
                out.add(d.getDocumentElement());
            }
        }
        return out;
    }

    /** The poll's results as "type name" → view, in the order the server sent them. */
    static List<String> kinds(PollResult poll) {
        List<String> out = new ArrayList<>();
        for (SearchResult r : poll.getResults()) {
            out.add(r.getType() + " " + r.getName());
        }
        for (IfmapErrorResult e : poll.getErrorResults()) {
            out.add("errorResult " + e.getName() + " " + e.getErrorCode());
        }
        return out;
    }

    /** The one result of the given type and subscription in a poll; fails when there is not exactly one. */
    static SearchResult only(PollResult poll, SearchResult.Type type, String name) {
        SearchResult found = null;
        for (SearchResult r : poll.getResults()) {
            if (r.getType() == type && name.equals(r.getName())) {
                if (found != null) {
                    fail("two " + type + " for " + name + " in one poll: " + kinds(poll));
                }
                found = r;
            }
        }
        if (found == null) {
            fail("no " + type + " for " + name + " in the poll: " + kinds(poll));
        }
        return found;
    }

    /** Builds an expected {@link #view}. */
    static Expected expected() {
        return new Expected();
    }

    static final class Expected {
        private final Map<String, List<String>> map = new TreeMap<>();

        Expected id(String key, String... metadata) {
            List<String> md = new ArrayList<>(List.of(metadata));
            Collections.sort(md);
            map.put(key, md);
            return this;
        }

        Expected link(String a, String b, String... metadata) {
            return id(Ifmapj.link(a, b), metadata);
        }

        Map<String, List<String>> build() {
            return map;
        }
    }
}
