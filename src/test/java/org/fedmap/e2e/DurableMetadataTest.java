package org.fedmap.e2e;

import static org.fedmap.testsupport.Soap.errorCode;
import static org.fedmap.testsupport.Soap.v2;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.fedmap.model.Metadata;
import org.fedmap.model.Target;
import org.fedmap.store.Database;
import org.fedmap.testsupport.Cli;
import org.fedmap.testsupport.Files2;
import org.fedmap.testsupport.Gateway11;
import org.fedmap.testsupport.LogCapture;
import org.fedmap.testsupport.Soap;
import org.fedmap.testsupport.SoapConnection;
import org.fedmap.testsupport.SoapConnection.HttpResponse;
import org.fedmap.testsupport.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Durable metadata with the server in-process, stopped and started again on the same data
 * directory: what was acknowledged as long-lived comes back exactly, session metadata does not, a
 * publish the store cannot take is refused whole with SystemError, and the in-memory mode forgets.
 * (Killing the server process is {@code DurabilityTest}'s part.)
 */
class DurableMetadataTest {
    private Path dir;

    @BeforeEach
    void makeDataDir() throws Exception {
        dir = Files.createTempDirectory("fedmap-durable");
    }

    @AfterEach
    void removeDataDir() {
        Files2.deleteTree(dir);
    }

    private TestServer start(Map<String, String> settings, boolean first) {
        TestServer s = TestServer.start(settings, dir, false);
        if (first) {
            s.addClient("alice", TestServer.PASSWORD);
            s.addClient("bob", TestServer.PASSWORD);
        }
        return s;
    }

    private static String update(String lifetime, String ar, String name) {
        return "<update lifetime=\"" + lifetime + "\"><access-request name=\"" + ar + "\"/><metadata>"
                + "<meta:capability ifmap-cardinality=\"multiValue\"><name>" + name + "</name></meta:capability>"
                + "</metadata></update>";
    }

    private static HttpResponse publish(SoapConnection c, String sid, String updates) {
        return c.post(v2("<ifmap:publish session-id=\"" + sid + "\">" + updates + "</ifmap:publish>"));
    }

    @Test
    void foreverAnd11MetadataComeBackAfterARestartAndSessionMetadataDoesNot() {
        Map<Target, List<Metadata>> durable;
        long sequence;
        try (TestServer server = start(Map.of(), true)) {
            try (SoapConnection alice = server.connect("alice")) {
                String sid = Soap.newSession(alice);
                assertEquals("", errorCode(publish(alice, sid, update("forever", "ar1", "kept")
                        + update("session", "ar1", "gone") + update("session", "ar2", "gone-too")).body()));
                // replaced and deleted items must not come back either
                assertEquals("", errorCode(publish(alice, sid, update("forever", "ar3", "deleted")).body()));
                assertEquals("", errorCode(publish(alice, sid, "<delete><access-request name=\"ar3\"/></delete>")
                        .body()));
            }
            try (Gateway11 gw = Gateway11.start(server, "bob")) {
                gw.publish("<update>" + Gateway11.ip("192.0.2.9") + "<metadata><meta:ip-mac/></metadata></update>");
            }
            Map<Target, List<Metadata>> all = server.server().graph().snapshot();
            durable = new java.util.LinkedHashMap<>();
            all.forEach((t, items) -> {
                List<Metadata> kept = items.stream().filter(m -> m.lifetime() == org.fedmap.model.Lifetime.FOREVER)
                        .toList();
                if (!kept.isEmpty()) {
                    durable.put(t, kept);
                }
            });
            assertEquals(2, durable.size(), durable.toString());
            sequence = server.server().graph().stats().sequence();
        }
        try (TestServer again = start(Map.of(), false)) {
            assertEquals(durable, again.server().graph().snapshot(), "publisher, time, content and order come back");
            assertTrue(again.server().graph().stats().sequence() >= sequence - 2,
                    "the change feed goes on from the last durable change");
            try (SoapConnection alice = again.connect("alice")) {
                String sid = Soap.newSession(alice);
                HttpResponse found = alice.post(v2("<ifmap:search session-id=\"" + sid + "\">"
                        + "<access-request name=\"ar1\"/></ifmap:search>"));
                assertEquals("kept", Soap.xpath(found.body(), "//meta:capability/name"));
                assertEquals("alice", Soap.xpath(found.body(), "//meta:capability/@ifmap-publisher-id"));
                // new items get ids above the restored ones: they follow them in their place
                assertEquals("", errorCode(publish(alice, sid, update("forever", "ar1", "later")).body()));
            }
        }
        try (TestServer third = start(Map.of(), false)) {
            List<Metadata> onAr1 = third.server().graph().snapshot().entrySet().stream()
                    .filter(e -> e.getKey().toString().contains("ar1")).findFirst().orElseThrow().getValue();
            assertEquals(2, onAr1.size());
            assertTrue(onAr1.get(0).xml().contains("kept") && onAr1.get(1).xml().contains("later"), onAr1.toString());
        }
    }

    @Test
    void aPublishTheStoreCannotTakeIsRefusedWholeWithSystemError() {
        try (TestServer server = start(Map.of(), true); LogCapture log = new LogCapture();
             SoapConnection alice = server.connect("alice")) {
            String sid = Soap.newSession(alice);
            assertEquals("", errorCode(publish(alice, sid, update("forever", "ar1", "before")).body()));
            Map<Target, List<Metadata>> before = server.server().graph().snapshot();
            // a real refusal by the database: the table goes read-only underneath the server
            try (Database tool = Database.openForTool(dir)) {
                tool.transaction(c -> c.createStatement().execute("SET TABLE metadata_item READONLY TRUE"));
            }
            HttpResponse refused = publish(alice, sid, update("session", "ar2", "s") + update("forever", "ar2", "f"));
            assertEquals("SystemError", errorCode(refused.body()), refused.text());
            assertEquals(before, server.server().graph().snapshot(), "nothing of the refused publish is applied");
            assertTrue(log.contains("could not be made durable"), log.messages().toString());
            // session metadata needs no disk, and the server goes on once the store takes writes again
            assertEquals("", errorCode(publish(alice, sid, update("session", "ar2", "s")).body()));
            try (Database tool = Database.openForTool(dir)) {
                tool.transaction(c -> c.createStatement().execute("SET TABLE metadata_item READONLY FALSE"));
            }
            assertEquals("", errorCode(publish(alice, sid, update("forever", "ar2", "f")).body()));
        }
    }

    @Test
    void aDamagedStoreStopsTheStartWithOneLineInsteadOfDroppingData() throws Exception {
        try (TestServer server = start(Map.of(), true); SoapConnection alice = server.connect("alice")) {
            String sid = Soap.newSession(alice);
            assertEquals("", errorCode(publish(alice, sid, update("forever", "ar1", "x")).body()));
        }
        try (Database tool = Database.openForTool(dir)) {
            tool.transaction(c -> c.createStatement().executeUpdate(
                    "UPDATE metadata_item SET target = '2:ar'"));
        }
        Path conf = dir.resolve("fedmap.properties");
        Files.writeString(conf, "server.hostname=localhost\n");
        // a serve that started would run until stopped: fail instead of hanging the build
        Cli.Run run = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> Cli.fedmap("", "serve", "--data",
                dir.toString(), "--port", Integer.toString(TestServer.freePort()), "--conf", conf.toString()));
        assertEquals(1, run.code(), run.toString());
        assertTrue(run.err().contains("cannot be read back") && run.err().contains("damaged"), run.err());
        assertEquals(1, run.err().lines().count(), run.err());

        // files that are not a database at all
        Files2.deleteTree(dir.resolve("db"));
        Files.createDirectories(dir.resolve("db"));
        Files.writeString(dir.resolve("db").resolve("fedmap.script"), "this is not what fedmap wrote\n");
        Files.writeString(dir.resolve("db").resolve("fedmap.properties"), "version=2.7.4\nmodified=no\n");
        Cli.Run foreign = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> Cli.fedmap("", "serve", "--data",
                dir.toString(), "--port", Integer.toString(TestServer.freePort()), "--conf", conf.toString()));
        assertEquals(1, foreign.code(), foreign.toString());
        assertTrue(foreign.err().startsWith("fedmap: "), foreign.err());
        assertEquals(1, foreign.err().lines().count(), foreign.err());
    }

    @Test
    void inMemoryModeForgetsEverythingAtRestart() {
        Map<String, String> inMemory = Map.of("store.durable-metadata", "false");
        try (TestServer server = start(inMemory, true); SoapConnection alice = server.connect("alice")) {
            String sid = Soap.newSession(alice);
            assertEquals("", errorCode(publish(alice, sid, update("forever", "ar1", "x")).body()));
        }
        try (TestServer again = start(inMemory, false)) {
            assertTrue(again.server().graph().snapshot().isEmpty());
        }
        try (TestServer durable = start(Map.of(), false)) {
            assertTrue(durable.server().graph().snapshot().isEmpty(), "nothing was written in memory-only mode");
        }
    }
}
