package org.fedmap.e2e;

import static org.fedmap.e2e.Ifmapj.awaitCondition;
import static org.fedmap.testsupport.Gateway11.id;
import static org.fedmap.testsupport.Gateway11.link;
import static org.fedmap.testsupport.Soap.v2;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.fedmap.ops.trace.ClientMessages;
import org.fedmap.testsupport.Gateway11;
import org.fedmap.testsupport.Soap;
import org.fedmap.testsupport.SoapConnection;
import org.fedmap.testsupport.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The client messages against the real server: one line per publish, purge and session end that
 * deleted metadata, naming the client, its session and what really changed, so an operator can
 * follow a user's session from the gateway that signed the user in.
 */
class ClientMessagesTest {
    private static final String AR = "<access-request name=\"ic1:sid4f3a\"/>";
    private static final String ENDPOINT = "<ip-address value=\"192.0.2.7\" type=\"IPv4\"/>";
    private static final String DEVICE = "<device><name>ic1:1138</name></device>";
    private static final String USER = "<identity name=\"alice.smith\" type=\"username\"/>";
    /** The start of every line: time, level, who. */
    private static final Pattern LINE = Pattern.compile(
            "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}([+-]\\d\\d:\\d\\d|Z) INFO  client '[^']+' session [0-9a-f]{32} from 127\\.0\\.0\\.1: .*");

    private TestServer server;

    @BeforeEach
    void start() {
        server = TestServer.start();
        server.addClient("ic1", TestServer.PASSWORD);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private List<String> lines() {
        Path file = server.dataDir().resolve("logs").resolve(ClientMessages.FILE_NAME);
        try {
            return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits for the {@code n}th line and returns it; every line so far must have the common form. */
    private String awaitLine(int n) throws InterruptedException {
        awaitCondition(n + " client message line(s)", () -> lines().size() >= n);
        List<String> all = lines();
        assertEquals(n, all.size(), "one line per change: " + all);
        for (String line : all) {
            assertTrue(LINE.matcher(line).matches(), line);
        }
        return all.get(n - 1);
    }

    @Test
    void aGatewaysPublishesAndPurgeAreOneLineEachSayingWhatChanged() throws Exception {
        try (Gateway11 ic1 = Gateway11.start(server, "ic1")) {
            String who = "client 'ic1' session " + ic1.sessionId() + " from 127.0.0.1: ";
            // what a gateway publishes when a user signs in
            ic1.publish("<update>" + link(id(AR), id(ENDPOINT)) + "<metadata><meta:access-request-ip/></metadata></update>"
                    + "<update>" + link(id(AR), id(DEVICE)) + "<metadata><meta:access-request-device/></metadata></update>"
                    + "<update>" + link(id(AR), id(USER)) + "<metadata><meta:authenticated-as/>"
                    + "<meta:role><name>Employees</name></meta:role><meta:role><name>VPN</name></meta:role></metadata></update>"
                    + "<update>" + id(AR) + "<metadata><meta:capability><name>engineering</name></meta:capability>"
                    + "<meta:device-attribute><name>HC-Antivirus-OK</name></meta:device-attribute></metadata></update>");
            String published = awaitLine(1);
            assertTrue(published.endsWith(who + "publish added 7 items"
                    + " [access-request ic1:sid4f3a -- ip-address 192.0.2.7: meta:access-request-ip]"
                    + " [access-request ic1:sid4f3a -- device ic1:1138: meta:access-request-device]"
                    + " [access-request ic1:sid4f3a -- identity username alice.smith: meta:authenticated-as, meta:role x2]"
                    + " [access-request ic1:sid4f3a: meta:capability, meta:device-attribute]"), published);

            // the user's role is taken away: the delete names its filter, the line what it removed
            ic1.publish("<delete filter=\"meta:role[name='VPN']\">" + link(id(AR), id(USER)) + "</delete>"
                    + "<delete filter=\"meta:role[name='nothing-like-this']\">" + id(AR) + "</delete>");
            String deleted = awaitLine(2);
            assertTrue(deleted.endsWith(who + "publish removed 1 item"
                    + " [access-request ic1:sid4f3a -- identity username alice.smith: meta:role];"
                    + " deletes [access-request ic1:sid4f3a -- identity username alice.smith filter 'meta:role[name='VPN']']"
                    + " [access-request ic1:sid4f3a filter 'meta:role[name='nothing-like-this']']"), deleted);

            ic1.ok("<ifmap:purgePublisher publisher-id=\"ic1\"/>");
            String purged = awaitLine(3);
            // in the order the server removed them: newest first
            assertTrue(purged.endsWith(who + "purgePublisher ic1 removed 6 items"
                    + " [access-request ic1:sid4f3a: meta:device-attribute, meta:capability]"
                    + " [access-request ic1:sid4f3a -- identity username alice.smith: meta:role, meta:authenticated-as]"
                    + " [access-request ic1:sid4f3a -- device ic1:1138: meta:access-request-device]"
                    + " [access-request ic1:sid4f3a -- ip-address 192.0.2.7: meta:access-request-ip]"), purged);
        }
    }

    @Test
    void aSessionEndThatDeletesSessionMetadataIsOneLineAndAnUpdateThatReplacesSaysSo() throws Exception {
        try (SoapConnection alice = server.connect("alice")) {
            String sid = Soap.newSession(alice);
            String who = "client 'alice' session " + sid + " from 127.0.0.1: ";
            String update = v2("<ifmap:publish session-id=\"" + sid + "\"><update><access-request name=\"ar1\"/>"
                    + "<mac-address value=\"00:11:22:33:44:55\" administrative-domain=\"site-a\"/><metadata>"
                    + "<meta:access-request-mac ifmap-cardinality=\"singleValue\"/></metadata></update>"
                    + "<update><ip-address value=\"10.0.0.5\"/><metadata><meta:capability ifmap-cardinality=\"multiValue\">"
                    + "<name>guest</name></meta:capability></metadata></update>"
                    + "<notify><ip-address value=\"10.0.0.5\"/><metadata><meta:event ifmap-cardinality=\"multiValue\">"
                    + "<name>scan</name><discovered-time>2024-01-01T10:00:00Z</discovered-time>"
                    + "<discoverer-id>ids</discoverer-id><magnitude>1</magnitude><confidence>1</confidence>"
                    + "<significance>informational</significance><type>other</type></meta:event></metadata></notify>"
                    + "</ifmap:publish>");
            String link = "[access-request ar1 -- mac-address 00:11:22:33:44:55 (domain site-a): meta:access-request-mac]";
            String notified = "; notified 1 item [ip-address 10.0.0.5: meta:event]";
            assertEquals("", Soap.errorCode(alice.post(update).body()));
            assertTrue(awaitLine(1).endsWith(who + "publish added 2 items " + link
                    + " [ip-address 10.0.0.5: meta:capability]" + notified), lines().toString());

            // singleValue: the same update again replaces the link's item; multiValue adds a second one
            assertEquals("", Soap.errorCode(alice.post(update).body()));
            assertTrue(awaitLine(2).endsWith(who + "publish added 2 items " + link
                    + " [ip-address 10.0.0.5: meta:capability]; removed 1 item " + link + notified), lines().toString());

            alice.post(v2("<ifmap:endSession session-id=\"" + sid + "\"/>"));
            String ended = awaitLine(3);
            assertTrue(ended.contains(who + "session ended (the client ended it), its session metadata removed 3 items "),
                    ended);
            assertTrue(ended.contains(link) && ended.contains("[ip-address 10.0.0.5: meta:capability x2]"), ended);
        }
    }
}
