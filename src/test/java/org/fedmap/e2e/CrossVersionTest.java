package org.fedmap.e2e;

import static org.fedmap.testsupport.Gateway11.count;
import static org.fedmap.testsupport.Gateway11.node;
import static org.fedmap.testsupport.Gateway11.xpath;
import static org.fedmap.e2e.Ifmapj.MD;
import static org.fedmap.e2e.Ifmapj.expected;
import static org.fedmap.e2e.Ifmapj.kinds;
import static org.fedmap.e2e.Ifmapj.only;
import static org.fedmap.e2e.Ifmapj.view;
import static org.fedmap.testsupport.XmlAssert.assertSimilar;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import de.hshannover.f4.trust.ifmapj.channel.ARC;
import de.hshannover.f4.trust.ifmapj.channel.SSRC;
import de.hshannover.f4.trust.ifmapj.identifier.AccessRequest;
import de.hshannover.f4.trust.ifmapj.identifier.Identifiers;
import de.hshannover.f4.trust.ifmapj.identifier.IpAddress;
import de.hshannover.f4.trust.ifmapj.identifier.MacAddress;
import de.hshannover.f4.trust.ifmapj.messages.MetadataLifetime;
import de.hshannover.f4.trust.ifmapj.messages.PollResult;
import de.hshannover.f4.trust.ifmapj.messages.PublishDelete;
import de.hshannover.f4.trust.ifmapj.messages.PublishElement;
import de.hshannover.f4.trust.ifmapj.messages.Requests;
import de.hshannover.f4.trust.ifmapj.messages.ResultItem;
import de.hshannover.f4.trust.ifmapj.messages.SearchRequest;
import de.hshannover.f4.trust.ifmapj.messages.SearchResult;
import de.hshannover.f4.trust.ifmapj.metadata.Cardinality;
import de.hshannover.f4.trust.ifmapj.metadata.EventType;
import de.hshannover.f4.trust.ifmapj.metadata.Significance;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.fedmap.model.Namespaces;
import org.fedmap.testsupport.Gateway11;
import org.fedmap.testsupport.SoapConnection;
import org.fedmap.testsupport.SoapConnection.HttpResponse;
import org.fedmap.testsupport.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * One graph for IF-MAP 1.1 and 2.x. Alice is a gateway speaking raw IF-MAP 1.1 (SOAP 1.1, prefixes
 * declared on the Envelope, session in the Header); bob is an ifmapj 2.x client. What one publishes
 * the other reads on the same identifiers, each element in the namespace it was published in, with
 * the operational attributes of the READER's version: publisher-id/timestamp/cardinality for 1.1,
 * ifmap-publisher-id/ifmap-timestamp/ifmap-cardinality for 2.x. Filters name the reader's
 * attributes; subscriptions answer each reader in its own poll semantics (complete searchResults
 * for 1.1, deltas for 2.x).
 *
 * <p>One server for the class; every test uses its own access-request, ip-address and mac-address,
 * and opens new sessions (a client's new session ends its previous one).
 */
class CrossVersionTest {
    private static final String META1 = Namespaces.META_1;
    private static final String META2 = Namespaces.META_2;
    private static final String JNPR = Gateway11.JNPR;

    private static TestServer server;
    private static int next;

    private Gateway11 alice;
    private SSRC bob;
    private ARC bobArc;

    private String arName;
    private String ipValue;
    private String macValue;
    private AccessRequest ar;
    private IpAddress ip;
    private MacAddress mac;
    private String kAr;
    private String kIp;
    private String kMac;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void openSessions() throws Exception {
        int n = ++next;
        // named the way a gateway names its user sessions: <publisher-id>:sid<hex>
        arName = "alice:sid" + String.format("%048x", n);
        ipValue = "192.0.2." + (20 + n);
        macValue = String.format("00:16:3e:10:00:%02x", n);
        ar = Identifiers.createAr(arName);
        ip = Identifiers.createIp4(ipValue);
        mac = Identifiers.createMac(macValue);
        kAr = Ifmapj.key(ar);
        kIp = Ifmapj.key(ip);
        kMac = Ifmapj.key(mac);

        alice = Gateway11.start(server, "alice");
        bob = Ifmapj.ssrc(server, "bob");
        bob.newSession();
    }

    @AfterEach
    void closeChannels() {
        Ifmapj.close(bobArc, bob);
        if (alice != null) {
            alice.close();
        }
    }

    /** What a gateway publishes when a user logs in: the access-request on the endpoint's address, a capability. */
    private String login() {
        return "<update>" + Gateway11.link(Gateway11.ar(arName), Gateway11.ip(ipValue))
                + "<metadata><meta:access-request-ip/></metadata></update>"
                + "<update>" + Gateway11.ar(arName)
                + "<metadata><meta:capability><name>guest</name></meta:capability></metadata></update>";
    }

    private void publish(SSRC client, PublishElement... elements) throws Exception {
        client.publish(Requests.createPublishReq(List.of(elements)));
    }

    private static SearchResult search(SSRC client, String matchLinks, int depth, String resultFilter,
                                       de.hshannover.f4.trust.ifmapj.identifier.Identifier start) throws Exception {
        SearchRequest s = Requests.createSearchReq(matchLinks, depth, null, null, resultFilter, start);
        s.addNamespaceDeclaration("meta", META2);
        s.addNamespaceDeclaration("meta1", META1);
        return client.search(s);
    }

    /** The metadata elements ifmapj handed back for one target (written as in {@link Ifmapj#key}). */
    private static List<Element> metadataOf(SearchResult r, String target) {
        List<Element> out = new ArrayList<>();
        for (ResultItem item : r.getResultItems()) {
            if (Ifmapj.key(item).equals(target)) {
                for (Document d : item.getMetadata()) {
                    out.add(d.getDocumentElement());
                }
            }
        }
        return out;
    }

    /** An item as a 2.x reader must see it: the 2.x operational attributes only, stamped while the test ran. */
    private static void assertStampedFor2x(Element e, Instant from, Instant to) {
        for (String v11 : List.of("publisher-id", "timestamp", "cardinality")) {
            assertFalse(e.hasAttribute(v11), e.getLocalName() + " carries the 1.1 attribute " + v11);
        }
        Instant t = Instant.parse(e.getAttribute("ifmap-timestamp"));
        assertFalse(t.isBefore(from) || t.isAfter(to), "ifmap-timestamp " + t + " outside " + from + " .. " + to);
    }

    /** Every metadata element of a 1.1 answer carries a timestamp stamped while the test ran, and no 2.x attribute. */
    private static void assertStampedFor11(byte[] answer, Instant from, Instant to) {
        assertEquals(0, count(answer, "//metadata/*/@*[starts-with(local-name(), 'ifmap-')]"),
                "a 1.1 reader got ifmap-* attributes: " + text(answer));
        assertEquals(0, count(answer, "//metadata/*[not(@timestamp) or not(@publisher-id) or not(@cardinality)]"),
                "a 1.1 reader got metadata without its operational attributes: " + text(answer));
        for (Node n : Gateway11.nodes(answer, "//metadata/*/@timestamp")) {
            Instant t = Instant.parse(n.getNodeValue());
            assertFalse(t.isBefore(from) || t.isAfter(to), "timestamp " + t + " outside " + from + " .. " + to);
        }
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    private static Instant nowToTheSecond() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS);
    }

    // ---------------------------------------------------------------- 1.1 writes, 2.x reads

    @Test
    void whatAGatewayPublishesIfmapjReadsInTheNamespacesAsPublishedWith2xOperationalAttributes() throws Exception {
        String ownAddress = "198.51.100." + (20 + next);
        Instant from = nowToTheSecond();
        // jnpr is declared only on the Envelope, as the gateway does
        alice.publish(login() + "<update>" + Gateway11.ip(ownAddress)
                + "<metadata><jnpr:generation-id>1718000042</jnpr:generation-id></metadata></update>");
        Instant to = Instant.now();

        // the identifiers a 1.1 client published are the nodes ifmapj's identifiers name
        SearchResult around = search(bob, null, 1, null, ip);
        assertEquals(expected()
                .id(kIp)
                .link(kAr, kIp, "access-request-ip")
                .id(kAr, "capability=guest")
                .build(), view(around));
        assertEquals(view(around), view(search(bob, null, 1, null, ar)), "the same graph seen from the access-request");

        List<Element> onLink = metadataOf(around, Ifmapj.link(kAr, kIp));
        assertEquals(1, onLink.size());
        assertSimilar("<m:access-request-ip xmlns:m='" + META1 + "' ifmap-publisher-id='alice'"
                + " ifmap-cardinality='singleValue'/>", onLink.get(0), "ifmap-timestamp");
        assertStampedFor2x(onLink.get(0), from, to);

        List<Element> onAr = metadataOf(around, kAr);
        assertEquals(1, onAr.size());
        assertSimilar("<m:capability xmlns:m='" + META1 + "' ifmap-publisher-id='alice' ifmap-cardinality='multiValue'>"
                + "<name>guest</name></m:capability>", onAr.get(0), "ifmap-timestamp");
        assertStampedFor2x(onAr.get(0), from, to);

        SearchResult own = search(bob, null, 0, null, Identifiers.createIp4(ownAddress));
        List<Element> generation = metadataOf(own, "ip:" + ownAddress);
        assertEquals(1, generation.size());
        // vendor metadata without a cardinality accumulates (multiValue)
        assertSimilar("<j:generation-id xmlns:j='" + JNPR + "' ifmap-publisher-id='alice' ifmap-cardinality='multiValue'>"
                + "1718000042</j:generation-id>", generation.get(0), "ifmap-timestamp");
        assertStampedFor2x(generation.get(0), from, to);
    }

    // ---------------------------------------------------------------- 2.x writes, 1.1 reads

    @Test
    void whatIfmapjPublishesAGatewayReadsOnTheSameNodesWith11OperationalAttributesAndThe2xNamespace() throws Exception {
        Instant from = nowToTheSecond();
        alice.publish(login());
        publish(bob,
                Requests.createPublishUpdate(ar, MD.createCapability("remediation"), MetadataLifetime.forever),
                Requests.createPublishUpdate(ar, mac, MD.createArMac(), MetadataLifetime.forever));
        Instant to = Instant.now();

        byte[] found = alice.search("max-depth=\"1\"", Gateway11.ar(arName));
        assertEquals(alice.sessionId(), xpath(found, "/soap:Envelope/soap:Header/ifmap:session-id"));
        String result = "/soap:Envelope/soap:Body/ifmap:response/searchResult";
        assertEquals(3, count(found, result + "/identifierResult"), text(found));
        assertEquals(2, count(found, result + "/linkResult"), text(found));
        assertEquals(0, count(found, result + "/identifierResult[preceding-sibling::linkResult]"),
                "1.1 lists every identifierResult before the first linkResult: " + text(found));

        // one access-request node holds both publishers' items, each in its own namespace
        assertSimilar("<metadata>"
                + "<m1:capability xmlns:m1='" + META1 + "' publisher-id='alice' cardinality='multiValue'><name>guest</name></m1:capability>"
                + "<m2:capability xmlns:m2='" + META2 + "' publisher-id='bob' cardinality='multiValue'><name>remediation</name></m2:capability>"
                + "</metadata>", node(found, result + "/identifierResult[identifier/access-request/@name='" + arName + "']/metadata"),
                "timestamp");
        assertEquals(1, count(found, result + "/identifierResult[identifier/ip-address/@value='" + ipValue + "']"));
        assertEquals(1, count(found, result + "/identifierResult[identifier/mac-address/@value='" + macValue + "']"));
        assertEquals(0, count(found, result + "/identifierResult[not(identifier/access-request)]/metadata"));

        String macLink = result + "/linkResult[link/identifier/mac-address/@value='" + macValue + "']";
        assertEquals(arName, xpath(found, macLink + "/link/identifier/access-request/@name"));
        assertSimilar("<metadata><m2:access-request-mac xmlns:m2='" + META2 + "' publisher-id='bob' cardinality='singleValue'/>"
                + "</metadata>", node(found, macLink + "/metadata"), "timestamp");
        String ipLink = result + "/linkResult[link/identifier/ip-address/@value='" + ipValue + "']";
        assertEquals(arName, xpath(found, ipLink + "/link/identifier/access-request/@name"));
        assertSimilar("<metadata><m1:access-request-ip xmlns:m1='" + META1 + "' publisher-id='alice' cardinality='singleValue'/>"
                + "</metadata>", node(found, ipLink + "/metadata"), "timestamp");

        assertStampedFor11(found, from, to);
    }

    // ---------------------------------------------------------------- filters per reader

    @Test
    void filtersNameTheOperationalAttributesOfTheReadersVersion() throws Exception {
        alice.publish(login());
        // bob publishes an item of the 1.1 metadata namespace with ifmapj
        Document inspected = MD.create("capability", "meta1", META1, Cardinality.multiValue);
        Element name = inspected.createElementNS(null, "name");
        name.setTextContent("inspected");
        inspected.getDocumentElement().appendChild(name);
        publish(bob, Requests.createPublishUpdate(ar, inspected, MetadataLifetime.forever));

        String start = Gateway11.ar(arName);
        String arMetadata = "//identifierResult[identifier/access-request/@name='" + arName + "']/metadata";

        byte[] alicesOwn = alice.search("result-filter=\"meta:capability[@publisher-id = &quot;alice&quot;]\"", start);
        assertSimilar("<metadata><m:capability xmlns:m='" + META1 + "' publisher-id='alice' cardinality='multiValue'>"
                + "<name>guest</name></m:capability></metadata>", node(alicesOwn, arMetadata), "timestamp");

        byte[] by2xName = alice.search("result-filter=\"meta:capability[@ifmap-publisher-id = 'alice']\"", start);
        assertEquals(1, count(by2xName, "//identifierResult"), "the start identifier is still returned");
        assertEquals(0, count(by2xName, "//metadata"), "a 1.1 reader's items have no ifmap-publisher-id: " + text(by2xName));

        byte[] bobs = alice.search("result-filter=\"[@publisher-id = 'bob']\"", start);
        assertSimilar("<metadata><m:capability xmlns:m='" + META1 + "' publisher-id='bob' cardinality='multiValue'>"
                + "<name>inspected</name></m:capability></metadata>", node(bobs, arMetadata), "timestamp");

        // match-links too: the link is followed only when its item matches for this reader
        byte[] followed = alice.search("max-depth=\"1\" match-links=\"meta:access-request-ip[@publisher-id = 'alice']\"",
                Gateway11.ip(ipValue));
        assertEquals(2, count(followed, "//identifierResult"), text(followed));
        assertEquals(1, count(followed, "//linkResult"), text(followed));
        byte[] notFollowed = alice.search("max-depth=\"1\" match-links=\"meta:access-request-ip[@ifmap-publisher-id = 'alice']\"",
                Gateway11.ip(ipValue));
        assertEquals(1, count(notFollowed, "//identifierResult"), text(notFollowed));
        assertEquals(0, count(notFollowed, "//linkResult"), text(notFollowed));

        assertEquals(expected()
                .id(kIp)
                .link(kAr, kIp, "access-request-ip")
                .id(kAr, "capability=guest")
                .build(), view(search(bob, null, 1, "[@ifmap-publisher-id='alice']", ip)));
        assertEquals(expected()
                .id(kIp)
                .link(kAr, kIp)
                .id(kAr)
                .build(), view(search(bob, null, 1, "[@publisher-id='alice']", ip)), "a 2.x reader sees no publisher-id");
        assertEquals(expected().id(kAr, "capability=inspected").build(),
                view(search(bob, null, 0, "meta1:capability[@ifmap-publisher-id='bob']", ar)));
    }

    // ---------------------------------------------------------------- subscriptions across versions

    /**
     * Alice logs in a user, subscribes to the access-request the way a gateway does, attaches her ARC
     * and takes the first poll answer (the complete result); returns the XPath of the subscription's
     * searchResult in a poll answer.
     */
    private String gatewaySubscribes() {
        alice.publish(login());
        byte[] subscribed = alice.ok("<ifmap:subscribe validation=\"None\"><update name=\"sid\" max-depth=\"1\""
                + " match-links=\"meta:access-request-ip\" validation=\"None\">" + Gateway11.ar(arName)
                + "</update></ifmap:subscribe>");
        assertEquals(1, count(subscribed, "/soap:Envelope/soap:Body/ifmap:response/subscribeReceived"));

        HttpResponse attached = alice.attach();
        assertEquals(alice.sessionId(), xpath(attached.body(), "/soap:Envelope/soap:Header/ifmap:session-id"));
        assertEquals(alice.sessionId(), xpath(attached.body(), "/soap:Envelope/soap:Body/ifmap:session-id"));
        assertEquals("alice", xpath(attached.body(), "/soap:Envelope/soap:Body/ifmap:publisher-id"));

        String sid = "/soap:Envelope/soap:Body/ifmap:response/pollResult/searchResult[@name='sid']";
        HttpResponse firstAnswer = alice.poll();
        assertEquals("text/xml;charset=utf-8", mediaType(firstAnswer), "a poll answered at once");
        byte[] first = firstAnswer.body();
        assertEquals(1, count(first, "//pollResult/*"), text(first));
        assertEquals(2, count(first, sid + "/identifierResult"), text(first));
        assertEquals(1, count(first, sid + "/linkResult/metadata/meta:access-request-ip"), text(first));
        assertEquals(List.of("guest"), texts(first, sid + "/identifierResult/metadata/meta:capability/name"));
        return sid;
    }

    @Test
    void aGatewaySubscriberGetsCompleteResultsForIfmapjChangesAndNothingForANotify() throws Exception {
        String sid = gatewaySubscribes();
        String arMetadata = sid + "/identifierResult[identifier/access-request/@name='" + arName + "']/metadata";

        publish(bob, Requests.createPublishUpdate(ar, MD.createCapability("remediation"), MetadataLifetime.session));
        byte[] second = alice.poll().body();
        assertEquals(1, count(second, "//pollResult/*"), "one complete searchResult, no delta: " + text(second));
        assertEquals(2, count(second, sid + "/identifierResult"), text(second));
        assertEquals(1, count(second, sid + "/identifierResult[identifier/ip-address/@value='" + ipValue + "']"));
        assertEquals(1, count(second, sid + "/linkResult/metadata/meta:access-request-ip[@publisher-id='alice']"));
        assertSimilar("<metadata>"
                + "<m1:capability xmlns:m1='" + META1 + "' publisher-id='alice' cardinality='multiValue'><name>guest</name></m1:capability>"
                + "<m2:capability xmlns:m2='" + META2 + "' publisher-id='bob' cardinality='multiValue'><name>remediation</name></m2:capability>"
                + "</metadata>", node(second, arMetadata), "timestamp");

        // 1.1 has no notify: a 2.x notification into the subscription gives the gateway nothing.
        // The server answers a waiting poll on the publishing thread, so the poll still waiting
        // when the publish has returned means the notify answered nothing.
        alice.sendPoll();
        Ifmapj.awaitPendingPolls(server, 1);
        publish(bob, Requests.createPublishNotify(ip, MD.createEvent("port-scan", "2024-01-01T10:00:00Z", "ids-1", 50, 80,
                Significance.important, EventType.behavioralChange, null, "seen by the IDS", null)));
        assertEquals(1, server.server().sessions().pendingPolls(), "the notify answered the gateway's poll");

        // a deletion shows as the complete result without the deleted item; this is the first
        // answer the waiting poll gets, so nothing was sent for the notify either
        PublishDelete delete = Requests.createPublishDelete(ar, "meta:capability[@ifmap-publisher-id='bob']");
        delete.addNamespaceDeclaration("meta", META2);
        publish(bob, delete);
        byte[] third = alice.arc().read().body();
        assertEquals(1, count(third, "//pollResult/*"), text(third));
        assertEquals(List.of("guest"), texts(third, arMetadata + "/*/name"));
        assertEquals(0, count(third, "//meta2:event"), text(third));
        assertEquals(1, count(third, sid + "/linkResult/metadata/meta:access-request-ip"), text(third));
    }

    @Test
    void anIfmapjSubscriberGetsDeltasOfWhatAGatewayPublishesAndDeletes() throws Exception {
        alice.publish(login());
        bobArc = bob.getArc();
        bob.subscribe(Requests.createSubscribeReq(Requests.createSubscribeUpdate("ip", null, 1, null, null, null, ip)));
        PollResult first = Ifmapj.poll(bobArc);
        assertEquals(List.of("searchResult ip"), kinds(first));
        assertEquals(expected()
                .id(kIp)
                .link(kAr, kIp, "access-request-ip")
                .id(kAr, "capability=guest")
                .build(), view(only(first, SearchResult.Type.searchResult, "ip")));

        Instant from = nowToTheSecond();
        alice.publish("<update>" + Gateway11.ar(arName)
                + "<metadata><meta:capability><name>vpn-user</name></meta:capability></metadata></update>");
        Instant to = Instant.now();
        PollResult added = Ifmapj.poll(bobArc);
        assertEquals(List.of("updateResult ip"), kinds(added));
        SearchResult update = only(added, SearchResult.Type.updateResult, "ip");
        assertEquals(expected().id(kAr, "capability=vpn-user").build(), view(update));
        Element vpn = metadataOf(update, kAr).get(0);
        assertSimilar("<m:capability xmlns:m='" + META1 + "' ifmap-publisher-id='alice' ifmap-cardinality='multiValue'>"
                + "<name>vpn-user</name></m:capability>", vpn, "ifmap-timestamp");
        assertStampedFor2x(vpn, from, to);

        // the gateway's delete filters name its own (1.1) attributes: the first deletes nothing
        alice.publish("<delete filter=\"meta:capability[@ifmap-publisher-id = 'alice']\">" + Gateway11.ar(arName) + "</delete>");
        alice.publish("<delete filter=\"meta:capability[@publisher-id = 'alice' and name = 'guest']\">"
                + Gateway11.ar(arName) + "</delete>");
        PollResult deleted = Ifmapj.poll(bobArc);
        assertEquals(List.of("deleteResult ip"), kinds(deleted));
        assertEquals(expected().id(kAr, "capability=guest").build(),
                view(only(deleted, SearchResult.Type.deleteResult, "ip")));

        // deleting the link cuts the access-request off: its remaining item goes with it
        alice.publish("<delete>" + Gateway11.link(Gateway11.ip(ipValue), Gateway11.ar(arName)) + "</delete>");
        PollResult cut = Ifmapj.poll(bobArc);
        assertEquals(List.of("deleteResult ip"), kinds(cut));
        assertEquals(expected()
                .link(kAr, kIp, "access-request-ip")
                .id(kAr, "capability=vpn-user")
                .build(), view(only(cut, SearchResult.Type.deleteResult, "ip")));
        assertEquals(expected().id(kIp).build(), view(search(bob, null, 1, null, ip)));
    }

    @Test
    void aGatewaysPollThatWaitedForIfmapjIsAnsweredAsSoap11TextXml() throws Exception {
        gatewaySubscribes();
        alice.sendPoll();
        Ifmapj.awaitPendingPolls(server, 1);
        publish(bob, Requests.createPublishUpdate(ar, MD.createCapability("remediation"), MetadataLifetime.session));

        HttpResponse answer = alice.arc().read();
        assertEquals(200, answer.status());
        assertEquals(alice.sessionId(), xpath(answer.body(), "/soap:Envelope/soap:Header/ifmap:session-id"));
        assertEquals("text/xml;charset=utf-8", mediaType(answer),
                "a poll answered after waiting is a SOAP 1.1 answer like any other; headers: " + answer.headers());
    }

    @Test
    void aGatewaysPollThatWaitedIsReadableWhenTheGatewayAcceptsGzip() throws Exception {
        gatewaySubscribes();
        alice.sendPoll(Map.of("Accept-Encoding", "gzip"));
        Ifmapj.awaitPendingPolls(server, 1);
        List<PublishElement> many = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            many.add(Requests.createPublishUpdate(ar, MD.createCapability("posture-check-" + i), MetadataLifetime.session));
        }
        publish(bob, many.toArray(PublishElement[]::new));

        HttpResponse answer = alice.arc().read();
        assertEquals(200, answer.status());
        byte[] body = answer.body();
        // the test connection inflates the body when Content-Encoding says gzip; what is left must be XML
        assertFalse(body.length > 1 && body[0] == (byte) 0x1f && body[1] == (byte) 0x8b,
                "the answer is gzip-compressed but does not say so; headers: " + answer.headers());
        assertEquals(41, count(body, "//searchResult/identifierResult/metadata/*/name"));
    }

    // ---------------------------------------------------------------- SOAP versions

    @Test
    void ifmap11InASoap12EnvelopeIsAnsweredInSoap12With11Content() {
        try (SoapConnection c = server.connect("alice")) {
            HttpResponse started = post12(c, Gateway11.soap12("<ifmap:new-session/>", ""));
            assertEquals(200, started.status(), started.text());
            assertEquals("application/soap+xml;charset=utf-8", mediaType(started));
            String sid = xpath(started.body(), "/env:Envelope/env:Body/ifmap:session-id");
            assertFalse(sid.isEmpty(), started.text());
            String pair = "<ifmap:session-id>" + sid + "</ifmap:session-id><ifmap:publisher-id>alice</ifmap:publisher-id>";
            assertSimilar("<env:Envelope xmlns:env='" + Namespaces.SOAP_1_2 + "' xmlns:ifmap='" + Namespaces.IFMAP_1 + "'>"
                    + "<env:Header>" + pair + "</env:Header><env:Body>" + pair + "</env:Body></env:Envelope>", started.body());

            String header = Gateway11.sessionHeader(sid);
            HttpResponse published = post12(c, Gateway11.soap12(header, "<ifmap:publish>" + login() + "</ifmap:publish>"));
            assertEquals("application/soap+xml;charset=utf-8", mediaType(published));
            assertSimilar(envelope12(sid, "<publishReceived/>"), published.body());

            HttpResponse found = post12(c, Gateway11.soap12(header, "<ifmap:search>" + Gateway11.ar(arName) + "</ifmap:search>"));
            assertEquals("application/soap+xml;charset=utf-8", mediaType(found));
            assertSimilar(envelope12(sid, "<searchResult><identifierResult>"
                    + "<identifier><access-request name='" + arName + "'/></identifier>"
                    + "<metadata><m:capability xmlns:m='" + META1 + "' publisher-id='alice' cardinality='multiValue'>"
                    + "<name>guest</name></m:capability></metadata>"
                    + "</identifierResult></searchResult>"), found.body(), "timestamp");
            assertTrue(xpath(found.body(), "//meta:capability/@timestamp").matches(
                    "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"), found.text());

            // the same session, the next request in SOAP 1.1: each answer mirrors its request
            HttpResponse in11 = Gateway11.post11(c, Gateway11.soap11(header, "<ifmap:search>" + Gateway11.ar(arName)
                    + "</ifmap:search>"));
            assertEquals("text/xml;charset=utf-8", mediaType(in11));
            assertEquals(sid, xpath(in11.body(), "/soap:Envelope/soap:Header/ifmap:session-id"));
            assertEquals("guest", xpath(in11.body(), "/soap:Envelope/soap:Body/ifmap:response/searchResult/identifierResult"
                    + "/metadata/meta:capability/name"));

            // errors too: an unknown session-id is echoed in the SOAP 1.2 Header
            HttpResponse refused = post12(c, Gateway11.soap12(Gateway11.sessionHeader("no-such-session"),
                    "<ifmap:search>" + Gateway11.ar(arName) + "</ifmap:search>"));
            assertEquals("application/soap+xml;charset=utf-8", mediaType(refused));
            assertEquals("no-such-session", xpath(refused.body(), "/env:Envelope/env:Header/ifmap:session-id"));
            assertEquals("InvalidSessionID", xpath(refused.body(),
                    "/env:Envelope/env:Body/ifmap:response/errorResult/@errorCode"));
            assertNotNull(node(refused.body(), "/env:Envelope/env:Body/ifmap:response/errorResult/errorString"));
        }
    }

    private static HttpResponse post12(SoapConnection c, String xml) {
        return c.post(xml.getBytes(StandardCharsets.UTF_8), SoapConnection.SOAP12, Map.of());
    }

    private static String envelope12(String sid, String response) {
        return "<env:Envelope xmlns:env='" + Namespaces.SOAP_1_2 + "' xmlns:ifmap='" + Namespaces.IFMAP_1 + "'>"
                + "<env:Header><ifmap:session-id>" + sid + "</ifmap:session-id></env:Header>"
                + "<env:Body><ifmap:response>" + response + "</ifmap:response></env:Body></env:Envelope>";
    }

    /** The Content-Type without optional white space, lower case; "" when the answer has none. */
    private static String mediaType(HttpResponse r) {
        String type = r.header("content-type");
        return type == null ? "" : type.replace(" ", "").toLowerCase(Locale.ROOT);
    }

    private static List<String> texts(byte[] xml, String expression) {
        List<String> out = new ArrayList<>();
        for (Node n : Gateway11.nodes(xml, expression)) {
            out.add(n.getTextContent());
        }
        return out;
    }
}
