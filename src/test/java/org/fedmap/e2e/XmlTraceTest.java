package org.fedmap.e2e;

import static org.fedmap.e2e.Ifmapj.awaitCondition;
import static org.fedmap.e2e.Ifmapj.awaitPendingPolls;
import static org.fedmap.testsupport.Soap.v2;
import static org.fedmap.testsupport.XmlAssert.assertSimilar;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.fedmap.ops.trace.TraceState;
import org.fedmap.ops.trace.XmlTrace;
import org.fedmap.testsupport.Cli;
import org.fedmap.testsupport.Files2;
import org.fedmap.testsupport.Gateway11;
import org.fedmap.testsupport.Soap;
import org.fedmap.testsupport.SoapConnection;
import org.fedmap.testsupport.SoapConnection.HttpResponse;
import org.fedmap.testsupport.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The IF-MAP server trace against the real server: switched on and off with {@code fedmap trace}
 * while the server runs, entries for IF-MAP 2 and 1.1 requests with their facts and their XML
 * (parsed back and compared), per-client tracing, and no credential ever in the file.
 */
class XmlTraceTest {
    private static final String VENDOR = "urn:example:vendor";
    private static final String SECRET = "hunter2-in-metadata";
    private static final String BASIC_ALICE = base64("alice:" + TestServer.PASSWORD);

    private TestServer server;

    @BeforeEach
    void start() {
        server = TestServer.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    // ---------------------------------------------------------------- helpers

    private static String base64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private Cli.Run trace(String... args) {
        List<String> all = new ArrayList<>(List.of("trace"));
        all.addAll(List.of(args));
        all.add("--data");
        all.add(server.dataDir().toString());
        return Cli.fedmap("", all.toArray(String[]::new));
    }

    /** Runs {@code fedmap trace ...}, which must succeed, and waits until the running server follows. */
    private void switchTrace(String expected, String... args) throws InterruptedException {
        Cli.Run run = trace(args);
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().startsWith("IF-MAP trace " + expected + "\n"), run.out());
        awaitCondition("the server to follow 'trace " + String.join(" ", args) + "'",
                () -> server.server().trace().state().describe().equals(expected));
    }

    /** One entry of the trace file: the facts of its header line, and its request and answer as written. */
    record Entry(Map<String, String> facts, String requestLine, String request, String responseLine, String response) {
        String fact(String key) {
            return facts.get(key);
        }

        boolean is(String key, String value) {
            return value.equals(facts.get(key));
        }

        byte[] requestXml() {
            return request.getBytes(StandardCharsets.UTF_8);
        }

        byte[] responseXml() {
            return response.getBytes(StandardCharsets.UTF_8);
        }
    }

    private Path traceFile() {
        return server.dataDir().resolve("logs").resolve(XmlTrace.FILE_NAME);
    }

    private String traceText() {
        try {
            return Files.exists(traceFile()) ? Files.readString(traceFile(), StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads the trace file the way an operator would: entry by entry, each header, then the two bodies. */
    private List<Entry> entries() {
        List<Entry> out = new ArrayList<>();
        Map<String, String> facts = null;
        String requestLine = null;
        String responseLine = null;
        StringBuilder body = null;
        StringBuilder request = null;
        for (String line : traceText().split("\n", -1)) {
            if (line.startsWith("=== ")) {
                if (facts != null) {
                    out.add(new Entry(facts, requestLine, request.toString(), responseLine, body.toString()));
                }
                facts = new LinkedHashMap<>();
                String[] words = line.substring(4).split(" ");
                facts.put("time", words[0]);
                for (int i = 1; i < words.length; i++) {
                    int eq = words[i].indexOf('=');
                    facts.put(words[i].substring(0, eq), words[i].substring(eq + 1));
                }
                body = new StringBuilder();
            } else if (line.startsWith(">>> request")) {
                requestLine = line;
                body = new StringBuilder();
            } else if (line.startsWith("<<< response")) {
                responseLine = line;
                request = body;
                body = new StringBuilder();
            } else if (body != null) {
                body.append(line).append('\n');
            }
        }
        if (facts != null) {
            out.add(new Entry(facts, requestLine, request.toString(), responseLine, body.toString()));
        }
        return out;
    }

    private Entry awaitEntry(String what, Predicate<Entry> which) throws InterruptedException {
        awaitCondition("a trace entry of " + what, () -> entries().stream().anyMatch(which));
        List<Entry> found = entries().stream().filter(which).toList();
        assertEquals(1, found.size(), "one entry of " + what + ": " + found);
        return found.get(0);
    }

    private static String publish2(String sessionId, String arName) {
        return v2("<ifmap:publish session-id=\"" + sessionId + "\"><update lifetime=\"forever\">"
                + "<access-request name=\"" + arName + "\"/><metadata><meta:capability ifmap-cardinality=\"multiValue\">"
                + "<name>guest</name></meta:capability></metadata></update></ifmap:publish>");
    }

    /** A vendor metadata item with a password attribute and a Basic credential in its text. */
    private static String vendorAccount(String password, String basic) {
        return "<v:account xmlns:v=\"" + VENDOR + "\" ifmap-cardinality=\"singleValue\" password=\"" + password
                + "\"><v:note>seen with Authorization: Basic " + basic + "</v:note></v:account>";
    }

    // ---------------------------------------------------------------- tests

    @Test
    void tracingSwitchedOnAtRunTimeWritesBothVersionsWithTheirXmlAndNoCredentials() throws Exception {
        Cli.Run status = trace("status");
        assertEquals(0, status.code(), status.err());
        assertTrue(status.out().startsWith("IF-MAP trace off\n"), status.out());

        try (SoapConnection alice = server.connect("alice")) {
            String early = Soap.newSession(alice);
            assertEquals("", Soap.errorCode(alice.post(publish2(early, "ar-while-off")).body()));

            switchTrace("on for all clients", "on");

            // IF-MAP 2, SOAP 1.2
            String sid = Soap.newSession(alice);
            Entry started = awaitEntry("alice's newSession", e -> e.is("operation", "newSession") && e.is("session", sid));
            assertEquals("alice", started.fact("client"));
            assertEquals("127.0.0.1", started.fact("source"));
            assertEquals("2", started.fact("version"));
            assertEquals("SSRC", started.fact("channel"));
            assertEquals("ok", started.fact("result"));
            assertEquals("200", started.fact("http"));
            assertTrue(started.fact("duration").matches("\\d+\\.\\d{3}ms"), started.fact("duration"));
            assertSimilar(v2("<ifmap:newSession/>"), started.requestXml());

            String update = "<ifmap:publish session-id=\"" + sid + "\"><update lifetime=\"forever\">"
                    + "<access-request name=\"ar-traced\"/><metadata>%s</metadata></update></ifmap:publish>";
            HttpResponse published = alice.post(v2(String.format(update, vendorAccount(SECRET, BASIC_ALICE))));
            assertEquals("", Soap.errorCode(published.body()), published.text());
            Entry publish = awaitEntry("alice's publish", e -> e.is("operation", "publish") && e.is("session", sid));
            assertEquals("ok", publish.fact("result"));
            assertTrue(publish.requestLine().matches(">>> request, \\d+ bytes"), publish.requestLine());
            // the XML as sent, with the credentials masked
            assertSimilar(v2(String.format(update, vendorAccount("*****", "*****"))), publish.requestXml());
            assertSimilar(published.text(), publish.responseXml());

            HttpResponse bad = alice.post(v2("<ifmap:search session-id=\"" + sid + "\" max-depth=\"1\">"
                    + "<ip-address value=\"010.0.0.1\"/></ifmap:search>"));
            assertEquals("InvalidIdentifier", Soap.errorCode(bad.body()));
            Entry refused = awaitEntry("the bad search", e -> e.is("operation", "search"));
            assertEquals("InvalidIdentifier", refused.fact("result"));
            assertSimilar(bad.text(), refused.responseXml());

            HttpResponse broken = alice.post("<env:Envelope xmlns:env=\"http://www.w3.org/2003/05/soap-envelope\">");
            assertEquals(400, broken.status());
            Entry fault = awaitEntry("the broken request", e -> e.is("result", "soapFault"));
            assertEquals("400", fault.fact("http"));
            assertTrue(fault.requestLine().contains("NOT WELL-FORMED XML"), fault.requestLine());
            assertTrue(fault.request().startsWith("<env:Envelope"), fault.request());
            assertSimilar(broken.text(), fault.responseXml());
        }

        // IF-MAP 1.1 the way a gateway sends it
        try (Gateway11 gateway = Gateway11.connect(server, "bob")) {
            HttpResponse started = gateway.newSession();
            Entry newSession = awaitEntry("bob's new-session",
                    e -> e.is("client", "bob") && e.is("operation", "newSession"));
            assertEquals(gateway.sessionId(), newSession.fact("session"));
            assertEquals("1.1", newSession.fact("version"));
            assertSimilar(Gateway11.newSessionRequest(), newSession.requestXml());
            assertSimilar(started.text(), newSession.responseXml());

            String operation = "<ifmap:publish validation=\"None\"><update>" + Gateway11.ar("ar-gateway")
                    + "<metadata><meta:capability><name>engineering</name></meta:capability></metadata></update>"
                    + "</ifmap:publish>";
            gateway.publish("<update>" + Gateway11.ar("ar-gateway")
                    + "<metadata><meta:capability><name>engineering</name></meta:capability></metadata></update>");
            Entry publish = awaitEntry("bob's publish", e -> e.is("client", "bob") && e.is("operation", "publish"));
            assertEquals(gateway.sessionId(), publish.fact("session"));
            assertEquals("1.1", publish.fact("version"));
            assertSimilar(Gateway11.request(gateway.sessionId(), operation), publish.requestXml());
        }

        String text = traceText();
        if (Files.getFileStore(traceFile()).supportsFileAttributeView("posix")) {
            assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(traceFile()),
                    "what clients publish is readable by the server's user only");
        }
        assertFalse(text.contains("ar-while-off"), "requests before the trace was switched on are not traced");
        assertFalse(text.contains(TestServer.PASSWORD), "the Basic password");
        assertFalse(text.contains(BASIC_ALICE), "the Authorization header's value");
        assertFalse(text.contains(base64("bob:" + TestServer.PASSWORD)), "the Authorization header's value");
        assertFalse(text.contains(SECRET), "a password attribute in metadata");

        switchTrace("off", "off");
        try (SoapConnection alice = server.connect("alice")) {
            String sid = Soap.newSession(alice);
            alice.post(publish2(sid, "ar-after-off"));
        }
        // entries are written in order: once bob's is there, anything alice's requests had queued would be too
        switchTrace("on for client 'bob'", "on", "--client", "bob");
        try (SoapConnection bob = server.connect("bob")) {
            String sid = Soap.newSession(bob);
            awaitEntry("bob's second newSession", e -> e.is("session", sid));
        }
        assertFalse(traceText().contains("ar-after-off"), "nothing is traced while the trace is off");
    }

    @Test
    void onForOneClientTracesOnlyThatClientIncludingItsRefusedLogins() throws Exception {
        switchTrace("on for client 'alice'", "on", "--client", "alice");
        try (SoapConnection bob = server.connect("bob")) {
            String sid = Soap.newSession(bob);
            bob.post(publish2(sid, "ar-of-bob"));
        }
        String wrong = "not-alices-password";
        try (SoapConnection impostor = SoapConnection.withAuthorization(server, "/dana-ws/soap/dsifmap",
                SoapConnection.basic("alice", wrong))) {
            assertEquals(401, impostor.post(v2("<ifmap:newSession/>")).status());
        }
        Entry refused = awaitEntry("the refused login", e -> e.is("result", "http401"));
        assertEquals("alice", refused.fact("client"), "the name the credentials claim");
        assertEquals("401", refused.fact("http"));
        assertEquals("unknown", refused.fact("operation"));
        assertTrue(refused.requestLine().contains("not read"), refused.requestLine());
        assertTrue(refused.responseLine().contains("plain text"), refused.responseLine());

        try (SoapConnection alice = server.connect("alice")) {
            String sid = Soap.newSession(alice);
            alice.post(publish2(sid, "ar-of-alice"));
            awaitEntry("alice's publish", e -> e.is("operation", "publish") && e.is("session", sid));
        }
        String text = traceText();
        assertTrue(entries().stream().allMatch(e -> e.is("client", "alice")), "only alice is traced");
        assertFalse(text.contains("ar-of-bob"));
        assertFalse(text.contains(wrong), "the wrong password");
        assertFalse(text.contains(base64("alice:" + wrong)), "the Authorization header's value");

        Cli.Run offForBob = trace("off", "--client", "bob");
        assertEquals(0, offForBob.code(), offForBob.err());
        assertTrue(offForBob.out().startsWith("IF-MAP trace on for client 'alice'\n"), offForBob.out());
        Cli.Run unknown = trace("on", "--client", "nobody");
        assertEquals(1, unknown.code());
        assertTrue(unknown.err().contains("no client named 'nobody'"), unknown.err());
        Cli.Run allButOne = trace("on");
        assertEquals(0, allButOne.code(), allButOne.err());
        Cli.Run exception = trace("off", "--client", "alice");
        assertEquals(1, exception.code(), "all clients means all: no exceptions");
        assertTrue(exception.err().contains("on for all clients"), exception.err());
    }

    @Test
    void aPollAnsweredLaterIsTracedWhenItIsAnsweredOnTheArcAndAnAbandonedOneWhenItsConnectionCloses() throws Exception {
        switchTrace("on for all clients", "on");
        try (Gateway11 gateway = Gateway11.start(server, "alice")) {
            gateway.publish("<update>" + Gateway11.ar("ar-polled")
                    + "<metadata><meta:capability><name>guest</name></meta:capability></metadata></update>");
            gateway.ok("<ifmap:subscribe validation=\"None\"><update name=\"s1\" max-depth=\"0\">"
                    + Gateway11.ar("ar-polled") + "</update></ifmap:subscribe>");
            gateway.attach();
            assertEquals(200, gateway.poll().status(), "the first poll is answered at once");
            gateway.sendPoll();
            awaitPendingPolls(server, 1);
            gateway.publish("<update>" + Gateway11.ar("ar-polled")
                    + "<metadata><meta:capability><name>remediation</name></meta:capability></metadata></update>");
            HttpResponse answered = gateway.arc().read();
            assertEquals(200, answered.status());

            awaitCondition("two polls traced", () -> entries().stream().filter(e -> e.is("operation", "poll")).count() == 2);
            Entry late = entries().stream().filter(e -> e.is("operation", "poll")).toList().get(1);
            assertEquals("ARC", late.fact("channel"));
            assertEquals(gateway.sessionId(), late.fact("session"));
            assertEquals("ok", late.fact("result"));
            assertSimilar(answered.text(), late.responseXml());
            Entry attach = awaitEntry("the attach-session", e -> e.is("operation", "attachSession"));
            assertEquals("ARC", attach.fact("channel"));

            // a poll whose connection goes away is traced when the server notices, without an answer
            gateway.sendPoll();
            awaitPendingPolls(server, 1);
            gateway.arc().close();
            Entry abandoned = awaitEntry("the abandoned poll", e -> e.is("result", "abandoned"));
            assertEquals("poll", abandoned.fact("operation"));
            assertEquals("-", abandoned.fact("http"));
            assertTrue(abandoned.responseLine().startsWith("<<< response: none"), abandoned.responseLine());
            assertTrue(abandoned.request().contains("<ifmap:poll"), abandoned.request());
        }
    }

    @Test
    void aServerStartSwitchesTheTraceOff() throws Exception {
        Path dir = Files.createTempDirectory("fedmap-trace");
        try {
            TestServer first = TestServer.start(Map.of(), dir, false);
            first.addClient("alice", TestServer.PASSWORD);
            TestServer second;
            try {
                Cli.Run on = Cli.fedmap("", "trace", "on", "--data", dir.toString());
                assertEquals(0, on.code(), on.err());
                awaitCondition("the trace on", () -> !first.server().trace().state().isOff());
            } finally {
                first.close();
            }
            Cli.Run stopped = Cli.fedmap("", "trace", "status", "--data", dir.toString());
            assertTrue(stopped.out().startsWith("IF-MAP trace on for all clients\n"), stopped.out());
            assertTrue(stopped.out().contains("No server is running"), stopped.out());

            second = TestServer.start(Map.of(), dir, false);
            try {
                assertEquals(TraceState.OFF, second.server().trace().state());
                assertEquals(TraceState.OFF, TraceState.fromSetting(second.server().clients()
                        .setting(TraceState.SETTING).orElseThrow()));
                Cli.Run status = Cli.fedmap("", "trace", "status", "--data", dir.toString());
                assertEquals("IF-MAP trace off\n", status.out());
            } finally {
                second.close();
            }
        } finally {
            Files2.deleteTree(dir);
        }
    }
}
