package org.fedmap.e2e;

import static org.fedmap.testsupport.Soap.v2;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.fedmap.model.Namespaces;
import org.fedmap.testsupport.Gateway11;
import org.fedmap.testsupport.ServerProcess;
import org.fedmap.testsupport.Soap;
import org.fedmap.testsupport.SoapConnection;
import org.fedmap.testsupport.SoapConnection.HttpResponse;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * What survives a restart of {@code serve}, run as its own process and stopped with SIGTERM or
 * killed with SIGKILL: forever-lifetime metadata (IF-MAP 2) and everything an IF-MAP 1.1 client
 * publishes comes back once acknowledged, with the same publisher-id, content and timestamp; no
 * session and no session-lifetime metadata ever does. Also the fail-secure timeout, which ends a
 * silent client's session and purges its session metadata while the server runs.
 *
 * <p>Metadata items are compared as canonical strings: their result item's identifiers, then the
 * element with its namespace, every attribute (ifmap-publisher-id and ifmap-timestamp included)
 * and its content, whatever the prefixes and attribute order.
 */
class DurabilityTest {
    private static final String PASSWORD = "alice-password";
    private static final String ACME = "http://example.com/acme/1";

    @TempDir
    Path dir;

    @Test
    @DisplayName("forever metadata survives a restart and session metadata does not")
    void foreverMetadataSurvivesARestartAndSessionMetadataDoesNot() {
        try (ServerProcess server = ServerProcess.in(dir)) {
            server.addClient("alice", PASSWORD).addClient("gw", PASSWORD).start();
            String aliceSession;
            String gatewaySession;
            Set<String> before;
            try (SoapConnection alice = server.connect("alice");
                 Gateway11 gateway = Gateway11.start(server, "gw")) {
                aliceSession = Soap.newSession(alice);
                gatewaySession = gateway.sessionId();
                ok(alice, publish(aliceSession,
                        update("forever", "<access-request name=\"dur-ar\"/><ip-address value=\"192.0.2.10\" type=\"IPv4\"/>",
                                "<meta:access-request-ip ifmap-cardinality=\"singleValue\"/>")
                        + update("forever", "<access-request name=\"dur-ar\"/>",
                                "<meta:capability ifmap-cardinality=\"multiValue\"><name>forever-capability</name>"
                                        + "</meta:capability>")
                        + update("forever", "<ip-address value=\"192.0.2.10\" type=\"IPv4\"/>"
                                        + "<mac-address value=\"00:16:3e:00:00:0a\"/>",
                                "<meta:ip-mac ifmap-cardinality=\"multiValue\"><start-time>2024-05-01T10:00:00Z"
                                        + "</start-time><dhcp-server>dhcp1</dhcp-server></meta:ip-mac>")));
                // forever and session items in one request; a session item also by leaving lifetime out
                ok(alice, publish(aliceSession,
                        update("forever", "<mac-address value=\"00:16:3e:00:00:0a\"/>",
                                "<acme:posture xmlns:acme=\"" + ACME + "\" ifmap-cardinality=\"multiValue\" level=\"3\">"
                                        + "<acme:check name=\"av\">passed &amp; current</acme:check><note>kept</note>"
                                        + "</acme:posture>")
                        + update("session", "<access-request name=\"dur-ar\"/>",
                                "<meta:capability ifmap-cardinality=\"multiValue\"><name>session-capability</name>"
                                        + "</meta:capability>")
                        + update(null, "<ip-address value=\"192.0.2.10\" type=\"IPv4\"/>",
                                "<meta:capability ifmap-cardinality=\"multiValue\"><name>session-by-default</name>"
                                        + "</meta:capability>")));
                // IF-MAP 1.1 has no lifetimes: what a gateway publishes stays until it deletes it
                gateway.publish("<update>" + Gateway11.ar("dur-ar")
                        + "<metadata><meta:capability><name>gateway-capability</name></meta:capability></metadata></update>"
                        + "<update>" + Gateway11.ip("192.0.2.10")
                        + "<metadata><jnpr:generation-id>1718000042</jnpr:generation-id></metadata></update>");
                before = items(search(alice, aliceSession, 3, "<access-request name=\"dur-ar\"/>"));
                assertEquals(8, before.size(), "everything published is in the graph: " + before);

                // stopped with the sessions still open and their session metadata in the graph
                server.stop();
            }
            Set<String> expected = new TreeSet<>();
            for (String item : before) {
                if (!item.contains("session-")) {
                    expected.add(item);
                }
            }
            assertEquals(6, expected.size(), expected.toString());

            server.restart();
            try (SoapConnection alice = server.connect("alice")) {
                assertEquals("InvalidSessionID", Soap.errorCode(alice.post(v2("<ifmap:renewSession session-id=\""
                        + aliceSession + "\"/>")).body()), "alice's session of the first run");
                String again = Soap.newSession(alice);
                Set<String> after = items(search(alice, again, 3, "<access-request name=\"dur-ar\"/>"));
                assertEquals(String.join("\n", expected), String.join("\n", after),
                        "after the restart: the forever and IF-MAP 1.1 items, with the same publisher-id, content"
                                + " and timestamp, and no session item");
            }
            try (Gateway11 gateway = Gateway11.connect(server, "gw")) {
                HttpResponse r = Gateway11.post11(gateway.ssrc(), Gateway11.request(gatewaySession,
                        "<ifmap:search validation=\"None\">" + Gateway11.ar("dur-ar") + "</ifmap:search>"));
                assertEquals("InvalidSessionID", Gateway11.errorCode(r.body()), "the gateway's 1.1 session: " + r.text());
            }
        }
    }

    @Test
    @DisplayName("kill -9 during a publish stream loses nothing acknowledged")
    void killDuringAPublishStreamLosesNothingAcknowledged() throws Exception {
        int writers = 4;
        try (ServerProcess server = ServerProcess.in(dir)) {
            server.addClient("alice", PASSWORD).start();
            // one registration, like the nodes of a gateway cluster: a session per source address
            List<List<String>> sent = new ArrayList<>();
            Set<String> acknowledged = ConcurrentHashMap.newKeySet();
            List<String> problems = new CopyOnWriteArrayList<>();
            AtomicBoolean killed = new AtomicBoolean();
            CountDownLatch ready = new CountDownLatch(writers);
            CountDownLatch go = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(writers);
            List<Future<?>> streams = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                List<String> mine = Collections.synchronizedList(new ArrayList<>());
                sent.add(mine);
                String source = "127.0.0." + (w + 1);
                String prefix = "w" + w + "-";
                streams.add(pool.submit(() -> stream(server, source, prefix, mine, acknowledged, problems, killed,
                        ready, go)));
            }
            try {
                assertTrue(ready.await(20, TimeUnit.SECONDS), "writers' sessions: " + problems);
                go.countDown();
                Thread.sleep(2000);
                killed.set(true);
                server.kill();
                for (Future<?> f : streams) {
                    f.get(30, TimeUnit.SECONDS);
                }
            } finally {
                go.countDown();
                pool.shutdownNow();
            }
            assertEquals(List.of(), problems, "every publish before the kill was acknowledged, and the kill came"
                    + " mid-stream");
            int attempted = sent.stream().mapToInt(List::size).sum();
            System.out.println("DurabilityTest: " + acknowledged.size() + " of " + attempted
                    + " publish requests acknowledged before the kill");
            for (int w = 0; w < writers; w++) {
                String prefix = "w" + w + "-";
                assertTrue(acknowledged.stream().anyMatch(n -> n.startsWith(prefix)), "writer " + w
                        + " got no publish through in 2 s");
            }

            server.restart();
            long verifying = System.nanoTime();
            Map<String, Boolean> foundA = new ConcurrentHashMap<>();
            Map<String, Boolean> foundB = new ConcurrentHashMap<>();
            List<Future<?>> checks = new ArrayList<>();
            ExecutorService readers = Executors.newFixedThreadPool(writers);
            for (int w = 0; w < writers; w++) {
                List<String> copy = List.copyOf(sent.get(w));
                String source = "127.0.0." + (w + 1);
                checks.add(readers.submit(() -> {
                    try (SoapConnection c = server.connectFrom(source, "alice")) {
                        String sid = Soap.newSession(c);
                        // pipelined: a batch of searches on the wire, then their answers in order
                        for (int from = 0; from < copy.size(); from += 50) {
                            List<String> batch = copy.subList(from, Math.min(copy.size(), from + 50));
                            for (String name : batch) {
                                c.send(searchRequest(sid, 0, "<access-request name=\"crash-a:" + name + "\"/>"));
                                c.send(searchRequest(sid, 0, "<access-request name=\"crash-b:" + name + "\"/>"));
                            }
                            for (String name : batch) {
                                foundA.put(name, hasCapability(c.read(), name));
                                foundB.put(name, hasCapability(c.read(), name));
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : checks) {
                f.get(60, TimeUnit.SECONDS);
            }
            readers.shutdown();
            System.out.println("DurabilityTest: searched the " + 2 * attempted + " identifiers of every publish attempted in "
                    + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - verifying) + " ms");

            List<String> lost = new ArrayList<>();
            List<String> halves = new ArrayList<>();
            for (List<String> names : sent) {
                for (String name : List.copyOf(names)) {
                    boolean a = foundA.get(name);
                    boolean b = foundB.get(name);
                    if (a != b) {
                        halves.add(name + (a ? " (only a)" : " (only b)"));
                    }
                    if (acknowledged.contains(name) && !(a && b)) {
                        lost.add(name);
                    }
                }
            }
            assertEquals(List.of(), halves, "a publish is applied whole or not at all");
            assertTrue(lost.isEmpty(), lost.size() + " of " + acknowledged.size()
                    + " acknowledged publish requests are missing after the kill, e.g. " + first(lost, 10));
        }
    }

    @Test
    @DisplayName("sessions do not survive a kill either")
    void sessionsDoNotSurviveAKillEither() {
        try (ServerProcess server = ServerProcess.in(dir)) {
            server.addClient("alice", PASSWORD).start();
            String oldSession;
            try (SoapConnection alice = server.connect("alice")) {
                oldSession = Soap.newSession(alice);
                ok(alice, publish(oldSession,
                        update("session", "<access-request name=\"kill-ar\"/>",
                                "<meta:capability ifmap-cardinality=\"multiValue\"><name>session-capability</name>"
                                        + "</meta:capability>")
                        + update(null, "<access-request name=\"kill-ar\"/><ip-address value=\"192.0.2.30\" type=\"IPv4\"/>",
                                "<meta:access-request-ip ifmap-cardinality=\"singleValue\"/>")
                        + update("forever", "<access-request name=\"kill-ar\"/>",
                                "<meta:capability ifmap-cardinality=\"multiValue\"><name>forever-control</name>"
                                        + "</meta:capability>")));
                assertEquals(3, items(search(alice, oldSession, 1, "<access-request name=\"kill-ar\"/>")).size());
                server.kill();
            }
            server.restart();
            try (SoapConnection alice = server.connect("alice")) {
                assertEquals("InvalidSessionID", Soap.errorCode(alice.post(v2("<ifmap:renewSession session-id=\""
                        + oldSession + "\"/>")).body()), "the session of the killed server");
                String sid = Soap.newSession(alice);
                Set<String> after = items(search(alice, sid, 1, "<access-request name=\"kill-ar\"/>"));
                for (String item : after) {
                    assertTrue(!item.contains("session-capability") && !item.contains("access-request-ip"),
                            "session metadata came back after a kill: " + after);
                }
                assertEquals(1, after.size(), "only the forever control item, which shows the store was read: " + after);
                assertTrue(after.iterator().next().contains("forever-control"), after.toString());
            }
        }
    }

    @Test
    @DisplayName("the fail-secure timeout purges a silent client's session metadata")
    void theFailSecureTimeoutPurgesASilentClientsSessionMetadata() {
        try (ServerProcess server = ServerProcess.in(dir, Map.of("failsecure.timeout", "2s"))) {
            server.addClient("alice", PASSWORD).addClient("bob", PASSWORD).start();
            String ip = "<ip-address value=\"192.0.2.44\" type=\"IPv4\"/>";
            try (SoapConnection bob = server.connect("bob"); SoapConnection bobArc = server.connect("bob")) {
                String bobSession = Soap.newSession(bob);
                SoapConnection alice = server.connect("alice");
                try {
                    String aliceSession = Soap.newSession(alice);
                    ok(alice, publish(aliceSession, update("session", ip,
                            "<meta:capability ifmap-cardinality=\"multiValue\"><name>silent-alice</name></meta:capability>")));
                } finally {
                    alice.close();
                }
                long silentSince = System.nanoTime();
                ok(bob, "<ifmap:subscribe session-id=\"" + bobSession + "\"><update name=\"watch\" max-depth=\"0\">" + ip
                        + "</update></ifmap:subscribe>");
                HttpResponse first = bobArc.post(v2("<ifmap:poll session-id=\"" + bobSession + "\"/>"));
                assertEquals(1, Soap.count(first.body(), "//searchResult[@name='watch']//meta:capability[name='silent-alice']"),
                        first.text());

                bobArc.send(v2("<ifmap:poll session-id=\"" + bobSession + "\"/>"));
                HttpResponse second = bobArc.readWithin(12_000);
                long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - silentSince);
                assertNotNull(second, "no poll answer within 12 s of alice going silent:\n" + server.output());
                assertEquals(1, Soap.count(second.body(), "//deleteResult[@name='watch']//meta:capability"
                        + "[name='silent-alice'][@ifmap-publisher-id='alice']"), second.text());
                assertTrue(waited >= 1500 && waited <= 10_000, "deleted " + waited + " ms after alice's last connection"
                        + " closed; the timeout is 2 s");

                String line = server.awaitOutput(Duration.ofSeconds(5), "of client 'alice'", "ended (fail-secure timeout)");
                assertTrue(line.contains("ended (fail-secure timeout); 1 session metadata item(s) deleted"), line);
                assertEquals("", Soap.errorCode(bob.post(v2("<ifmap:renewSession session-id=\"" + bobSession + "\"/>"))
                        .body()), "bob, who kept his connections, still has his session");
            }
        }
    }

    @Test
    @DisplayName("in-memory mode forgets everything on restart")
    void inMemoryModeForgetsEverythingOnRestart() {
        try (ServerProcess server = ServerProcess.in(dir, Map.of("store.durable-metadata", "false"))) {
            server.addClient("alice", PASSWORD).addClient("gw", PASSWORD).start();
            try (SoapConnection alice = server.connect("alice");
                 Gateway11 gateway = Gateway11.start(server, "gw")) {
                String sid = Soap.newSession(alice);
                ok(alice, publish(sid, update("forever", "<access-request name=\"mem-ar\"/>",
                        "<meta:capability ifmap-cardinality=\"multiValue\"><name>forever-in-memory</name>"
                                + "</meta:capability>")));
                gateway.publish("<update>" + Gateway11.ar("mem-ar")
                        + "<metadata><meta:capability><name>gateway-in-memory</name></meta:capability></metadata></update>");
                assertEquals(2, items(search(alice, sid, 0, "<access-request name=\"mem-ar\"/>")).size());
                server.stop();
            }
            server.restart();
            try (SoapConnection alice = server.connect("alice")) {
                String sid = Soap.newSession(alice);
                assertEquals(Set.of(), items(search(alice, sid, 0, "<access-request name=\"mem-ar\"/>")),
                        "store.durable-metadata=false: nothing comes back");
            }
        }
    }

    // ---------------------------------------------------------------- the publish stream

    /**
     * Publishes until the connection breaks (the kill): each request puts one capability named N on two
     * identifiers, crash-a:N and crash-b:N, so a half-applied request shows after the restart.
     */
    private static Void stream(ServerProcess server, String source, String prefix, List<String> sent,
                               Set<String> acknowledged, List<String> problems, AtomicBoolean killed,
                               CountDownLatch ready, CountDownLatch go) throws InterruptedException {
        SoapConnection c;
        String sid;
        try {
            c = server.connectFrom(source, "alice");
            sid = Soap.newSession(c);
        } catch (RuntimeException | AssertionError e) {
            problems.add(source + ": " + e);
            return null;
        } finally {
            ready.countDown();
        }
        go.await();
        try (c) {
            for (int i = 0; ; i++) {
                String name = prefix + i;
                String capability = "<meta:capability ifmap-cardinality=\"multiValue\"><name>" + name
                        + "</name></meta:capability>";
                sent.add(name);
                HttpResponse r;
                try {
                    r = c.post(v2(publish(sid,
                            update("forever", "<access-request name=\"crash-a:" + name + "\"/>", capability)
                            + update("forever", "<access-request name=\"crash-b:" + name + "\"/>", capability))));
                } catch (UncheckedIOException e) {
                    if (!killed.get()) {
                        problems.add(name + ": connection lost before the kill: " + e);
                    }
                    return null;
                }
                if (r.status() == 200 && Soap.count(r.body(), "/env:Envelope/env:Body/ifmap:response/publishReceived") == 1) {
                    acknowledged.add(name);
                } else if (!killed.get()) {
                    problems.add(name + ": " + r.status() + " " + r.text());
                    return null;
                }
            }
        }
    }

    /** Whether a search answer holds a capability named {@code name} (read with DOM: thousands are read). */
    private static boolean hasCapability(HttpResponse answer, String name) {
        assertEquals(200, answer.status(), answer.text());
        Document d = Soap.dom(answer.body());
        if (d.getElementsByTagNameNS("*", "searchResult").getLength() != 1) {
            fail("not a searchResult: " + answer.text());
        }
        NodeList capabilities = d.getElementsByTagNameNS(Namespaces.META_2, "capability");
        for (int i = 0; i < capabilities.getLength(); i++) {
            if (name.equals(capabilities.item(i).getTextContent().trim())) {
                return true;
            }
        }
        return false;
    }

    // ---------------------------------------------------------------- requests

    private static String update(String lifetime, String identifiers, String metadata) {
        return "<update" + (lifetime == null ? "" : " lifetime=\"" + lifetime + "\"") + ">" + identifiers
                + "<metadata>" + metadata + "</metadata></update>";
    }

    private static String publish(String sid, String operations) {
        return "<ifmap:publish session-id=\"" + sid + "\">" + operations + "</ifmap:publish>";
    }

    private static byte[] ok(SoapConnection c, String request) {
        HttpResponse r = c.post(v2(request));
        assertEquals(200, r.status(), r.text());
        assertEquals("", Soap.errorCode(r.body()), r.text());
        return r.body();
    }

    private static String searchRequest(String sid, int depth, String start) {
        return v2("<ifmap:search session-id=\"" + sid + "\" max-depth=\"" + depth + "\">" + start + "</ifmap:search>");
    }

    private static byte[] search(SoapConnection c, String sid, int depth, String start) {
        HttpResponse r = c.post(searchRequest(sid, depth, start));
        assertEquals(200, r.status(), r.text());
        assertEquals("", Soap.errorCode(r.body()), r.text());
        byte[] answer = r.body();
        if (Soap.count(answer, "/env:Envelope/env:Body/ifmap:response/searchResult") != 1) {
            fail("not a searchResult: " + new String(answer, java.nio.charset.StandardCharsets.UTF_8));
        }
        return answer;
    }

    // ---------------------------------------------------------------- comparing results

    /** Every metadata item of a searchResult as a canonical string, sorted. */
    private static Set<String> items(byte[] searchAnswer) {
        Document d = Soap.dom(searchAnswer);
        Set<String> out = new TreeSet<>();
        for (Node n = first(d.getElementsByTagNameNS("*", "searchResult").item(0)); n != null; n = next(n)) {
            if (!"resultItem".equals(n.getLocalName())) {
                continue;
            }
            List<String> identifiers = new ArrayList<>();
            List<Element> metadata = new ArrayList<>();
            for (Node c = first(n); c != null; c = next(c)) {
                if ("metadata".equals(c.getLocalName())) {
                    for (Node m = first(c); m != null; m = next(m)) {
                        metadata.add((Element) m);
                    }
                } else {
                    identifiers.add(canonical((Element) c));
                }
            }
            Collections.sort(identifiers); // a link's ends in either order
            for (Element m : metadata) {
                out.add(String.join(" -- ", identifiers) + " :: " + canonical(m));
            }
        }
        return out;
    }

    /** {namespace}name{attributes sorted}[children and non-blank text], without namespace declarations. */
    private static String canonical(Element e) {
        StringBuilder b = new StringBuilder();
        b.append('{').append(e.getNamespaceURI() == null ? "" : e.getNamespaceURI()).append('}').append(e.getLocalName());
        Map<String, String> attributes = new TreeMap<>();
        NamedNodeMap attrs = e.getAttributes();
        for (int i = 0; i < attrs.getLength(); i++) {
            Node a = attrs.item(i);
            if ("http://www.w3.org/2000/xmlns/".equals(a.getNamespaceURI())) {
                continue;
            }
            attributes.put((a.getNamespaceURI() == null ? "" : "{" + a.getNamespaceURI() + "}") + a.getLocalName(),
                    a.getNodeValue());
        }
        b.append(attributes).append('[');
        String separator = "";
        for (Node c = e.getFirstChild(); c != null; c = c.getNextSibling()) {
            String part = null;
            if (c.getNodeType() == Node.ELEMENT_NODE) {
                part = canonical((Element) c);
            } else if ((c.getNodeType() == Node.TEXT_NODE || c.getNodeType() == Node.CDATA_SECTION_NODE)
                    && !c.getNodeValue().isBlank()) {
                part = "'" + c.getNodeValue().trim() + "'";
            }
            if (part != null) {
                b.append(separator).append(part);
                separator = ", ";
            }
        }
        return b.append(']').toString();
    }

    private static Node first(Node parent) {
        Node c = parent == null ? null : parent.getFirstChild();
        return c == null || c.getNodeType() == Node.ELEMENT_NODE ? c : next(c);
    }

    private static Node next(Node n) {
        Node s = n.getNextSibling();
        while (s != null && s.getNodeType() != Node.ELEMENT_NODE) {
            s = s.getNextSibling();
        }
        return s;
    }

    private static List<String> first(List<String> list, int n) {
        return list.subList(0, Math.min(n, list.size()));
    }
}
