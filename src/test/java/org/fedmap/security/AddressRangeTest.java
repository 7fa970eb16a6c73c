package org.fedmap.security;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AddressRangeTest {

    private static InetAddress ip(int... bytes) throws UnknownHostException {
        byte[] b = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            b[i] = (byte) bytes[i];
        }
        return InetAddress.getByAddress(b);
    }

    private static String refusal(String text) {
        return assertThrows(IllegalArgumentException.class, () -> AddressRange.parse(text)).getMessage();
    }

    @Test
    void readsSingleAddressesAndBlocksInCanonicalForm() {
        assertEquals("10.1.2.3", AddressRange.parse("10.1.2.3").toString());
        assertEquals("10.0.0.0/8", AddressRange.parse("10.0.0.0/8").toString());
        assertEquals("0.0.0.0/0", AddressRange.parse("0.0.0.0/0").toString());
        assertEquals("10.1.2.3", AddressRange.parse("10.1.2.3/32").toString(), "a /32 is a single address");
        assertEquals("2001:db8::/32", AddressRange.parse("2001:db8::/32").toString());
        assertEquals("::1", AddressRange.parse("::1").toString());
        assertEquals("::1", AddressRange.parse("[::1]").toString());
        assertEquals("fe80::1", AddressRange.parse("fe80::1/128").toString());
        assertEquals("::/0", AddressRange.parse("::/0").toString());
        assertEquals("2001:db8::/32", AddressRange.parse("[2001:db8::]/32").toString());
        assertEquals("10.0.0.0/8", AddressRange.parse("  10.0.0.0/8\t\n").toString(), "surrounding blanks are ignored");
    }

    @Test
    void printsIpv6AsRfc5952() {
        assertEquals("2001:db8::1", AddressRange.parse("2001:0DB8:0000:0000:0000:0000:0000:0001").toString());
        assertEquals("::1", AddressRange.parse("0:0:0:0:0:0:0:1").toString());
        assertEquals("::", AddressRange.parse("0:0:0:0:0:0:0:0").toString());
        assertEquals("1::", AddressRange.parse("1:0:0:0:0:0:0:0").toString());
        // a single zero group is not compressed
        assertEquals("2001:db8:0:1:1:1:1:1", AddressRange.parse("2001:db8::1:1:1:1:1").toString());
        // the longest run is compressed; of equally long runs, the first
        assertEquals("2001:0:0:1::1", AddressRange.parse("2001:0:0:1:0:0:0:1").toString());
        assertEquals("2001:db8::1:0:0:1", AddressRange.parse("2001:db8:0:0:1:0:0:1").toString());
        assertEquals("a:b:c:d:e:f:1:2", AddressRange.parse("A:B:C:D:E:F:1:2").toString());
        // an embedded dotted IPv4 address that is not IPv4-mapped stays IPv6, printed in hex
        assertEquals("::a01:203", AddressRange.parse("::10.1.2.3").toString());
        assertEquals("64:ff9b::a01:203", AddressRange.parse("64:ff9b::10.1.2.3").toString());
    }

    @Test
    void equalRangesAreEqualAndPrintEqually() {
        AddressRange a = AddressRange.parse("2001:DB8:0::/32");
        AddressRange b = AddressRange.parse("[2001:db8:0:0::]/32");
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertEquals(a.toString(), b.toString());
        assertEquals(AddressRange.parse("10.1.2.3"), AddressRange.parse("10.1.2.3/32"));
        assertNotEquals(AddressRange.parse("10.0.0.0/8"), AddressRange.parse("10.0.0.0/16"));
        // the canonical form reads back to the same range
        for (String s : List.of("10.0.0.0/8", "192.168.1.7", "2001:db8::/32", "::1", "fe80::/10", "::/0")) {
            AddressRange r = AddressRange.parse(s);
            assertEquals(s, r.toString());
            assertEquals(r, AddressRange.parse(r.toString()));
        }
    }

    @Test
    void readsBackWhatItPrintsForManyAddresses() throws Exception {
        Random random = new Random(5952);
        for (int n = 0; n < 5000; n++) {
            byte[] bytes = new byte[16];
            random.nextBytes(bytes);
            // zero some groups so that runs of zeros of every length and position turn up
            for (int g = 0; g < 8; g++) {
                if (random.nextInt(3) == 0) {
                    bytes[2 * g] = 0;
                    bytes[2 * g + 1] = 0;
                }
            }
            if (bytes[0] == 0 && bytes[1] == 0 && bytes[2] == 0 && bytes[3] == 0 && bytes[4] == 0) {
                bytes[0] = 0x20; // keep clear of IPv4-mapped addresses, which become IPv4
            }
            String text = AddressRange.format(bytes);
            assertEquals(text.toLowerCase(Locale.ROOT), text);
            assertFalse(text.matches(".*(^|:)0[0-9a-f].*"), text);
            assertArrayEquals(bytes, AddressRange.parse(text).network().getAddress(), text);
            // a literal: Java parses it without a lookup, and must agree
            assertArrayEquals(bytes, InetAddress.getByName(text).getAddress(), text);
        }
    }

    @Test
    void exposesNetworkAndPrefix() throws Exception {
        AddressRange r = AddressRange.parse("192.168.0.0/16");
        assertEquals(ip(192, 168, 0, 0), r.network());
        assertEquals(16, r.prefixLength());
        assertEquals(32, AddressRange.parse("192.168.0.1").prefixLength());
        assertEquals(128, AddressRange.parse("::1").prefixLength());
        assertInstanceOf(Inet6Address.class, AddressRange.parse("::1").network());
    }

    @Test
    void keepsIpv4MappedRangesAsTheIpv4RangesTheyMean() {
        AddressRange single = AddressRange.parse("::ffff:10.1.2.3");
        assertEquals("10.1.2.3", single.toString());
        assertInstanceOf(Inet4Address.class, single.network());
        assertEquals(32, single.prefixLength());
        assertEquals(AddressRange.parse("10.0.0.0/8"), AddressRange.parse("::ffff:10.0.0.0/104"));
        assertEquals(AddressRange.parse("10.0.0.0/8"), AddressRange.parse("::ffff:a00:0/104"));
        assertEquals(AddressRange.parse("0.0.0.0/0"), AddressRange.parse("::ffff:0:0/96"));
    }

    @Test
    void refusesHostNamesWithoutLookingThemUp() {
        for (String name : List.of("localhost", "gw.example.com", "example", "host-1.example")) {
            String message = refusal(name);
            assertTrue(message.contains("'" + name + "'"), message);
            assertTrue(message.contains("host names are not accepted"), message);
        }
        // a name a resolver would answer at once is still refused
        assertTrue(refusal("localhost/32").contains("host names are not accepted"));
        assertTrue(refusal("[localhost]").contains("bad address range '[localhost]'"));
    }

    @Test
    void refusesEmptyText() {
        assertEquals("an address range cannot be empty", refusal(""));
        assertEquals("an address range cannot be empty", refusal("   "));
        assertEquals("an address range cannot be empty", refusal(null));
        assertTrue(refusal("/8").contains("there is no address"));
        assertTrue(refusal("[]").contains("there is no address"));
    }

    @Test
    void refusesPrefixLengthsOutOfRangeOrMalformed() {
        assertEquals("bad address range '10.0.0.0/33': the prefix length after '/' must be a number from 0 to 32",
                refusal("10.0.0.0/33"));
        assertTrue(refusal("2001:db8::/129").contains("from 0 to 128"));
        for (String s : List.of("10.0.0.0/", "10.0.0.0/-1", "10.0.0.0/+8", "10.0.0.0/08", "10.0.0.0/8/8",
                "10.0.0.0/x", "10.0.0.0/ 8", "10.0.0.0/1000", "10.0.0.0/\u0668")) {
            assertTrue(refusal(s).contains("the prefix length after '/' must be a number"), s);
        }
    }

    @Test
    void refusesMalformedIpv4() {
        assertTrue(refusal("010.1.2.3").contains("leading zeros"));
        assertTrue(refusal("10.01.2.3").contains("leading zeros"));
        assertTrue(refusal("10.0.0.00/8").contains("leading zeros"));
        for (String s : List.of("10.1.2", "10", "10.1.2.3.4", "10.1.2.3.")) {
            assertTrue(refusal(s).contains("four parts"), s);
        }
        for (String s : List.of("256.1.1.1", "10.1.2.999", "10.1..3", "10.1.2.-3", "10.1.2.3a4", "10.1.2.\u0663",
                "10.1.2.3 ")) {
            // with the prefix appended, the last one has a blank inside, which is not trimmed away
            assertThrows(IllegalArgumentException.class, () -> AddressRange.parse(s + "/32"), s);
        }
        assertTrue(refusal("10.1.2.+3").contains("0 to 255"));
        assertTrue(refusal("10.1.2.256").contains("0 to 255"));
    }

    @Test
    void refusesMalformedIpv6() {
        for (String s : List.of("1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8:9", "1::2::3", ":::1", "1:::2", ":1::2", "1::2:",
                "12345::", "g::1", "1:2:3:4:5:6:7:8::", "::1:2:3:4:5:6:7:8", "1.2.3.4::", "::1.2.3", "::256.1.1.1",
                "::01.2.3.4", "[::1", "::1]", "[10.1.2.3]", "::\uff11", ":", "1:2")) {
            String message = refusal(s);
            assertTrue(message.startsWith("bad address range '"), message);
        }
        assertTrue(refusal("1::2::3").contains("'::' may appear only once"));
        assertTrue(refusal("[10.1.2.3]").contains("brackets may only enclose an IPv6 address"));
        // '::' standing for a single zero group is accepted, as RFC 4291 allows
        assertEquals("1:2:3:4:5:6:0:8", AddressRange.parse("1:2:3:4:5:6::8").toString());
    }

    @Test
    void refusesZoneIds() {
        assertTrue(refusal("fe80::1%eth0").contains("zone ids"));
        assertTrue(refusal("fe80::%2/64").contains("zone ids"));
        assertTrue(refusal("[fe80::1%eth0]").contains("zone ids"));
        assertThrows(IllegalArgumentException.class,
                () -> new AddressRange(Inet6Address.getByAddress(null, AddressRange.parse("fe80::1").network().getAddress(), 2),
                        128));
    }

    @Test
    void refusesHostBitsAndSuggestsTheBlockMeant() {
        assertEquals("bad address range '10.1.2.3/8': host bits are set beyond the /8 prefix; did you mean 10.0.0.0/8?",
                refusal("10.1.2.3/8"));
        assertTrue(refusal("192.168.1.1/24").endsWith("did you mean 192.168.1.0/24?"));
        assertTrue(refusal("10.0.0.1/31").endsWith("did you mean 10.0.0.0/31?"));
        assertTrue(refusal("2001:db8::1/32").endsWith("did you mean 2001:db8::/32?"));
        assertTrue(refusal("fe80::1/10").endsWith("did you mean fe80::/10?"));
        assertTrue(refusal("::1/0").endsWith("did you mean ::/0?"));
        assertTrue(refusal("::ffff:10.1.2.3/104").endsWith("did you mean 10.0.0.0/8?"));
        assertTrue(refusal("::ffff:10.1.2.3/80").endsWith("did you mean ::/80?"));
    }

    @Test
    void theConstructorChecksAndNormalizesToo() throws Exception {
        assertEquals("10.0.0.0/8", new AddressRange(ip(10, 0, 0, 0), 8).toString());
        assertThrows(NullPointerException.class, () -> new AddressRange(null, 8));
        assertEquals("10.1.2.3/8: host bits are set beyond the /8 prefix; did you mean 10.0.0.0/8?",
                assertThrows(IllegalArgumentException.class, () -> new AddressRange(ip(10, 1, 2, 3), 8)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new AddressRange(ip(10, 0, 0, 0), 33));
        assertThrows(IllegalArgumentException.class, () -> new AddressRange(ip(10, 0, 0, 0), -1));
        // an IPv4-mapped IPv6 object (which InetAddress.getByAddress would not even build) becomes IPv4
        byte[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 10, 0, 0, 0};
        AddressRange r = new AddressRange(Inet6Address.getByAddress(null, mapped, -1), 104);
        assertEquals(AddressRange.parse("10.0.0.0/8"), r);
        // a host name carried by the address object is dropped
        AddressRange named = new AddressRange(InetAddress.getByAddress("gw.example.com", ip(10, 1, 2, 3).getAddress()), 32);
        assertEquals("10.1.2.3", named.toString());
        assertEquals("10.1.2.3", named.network().getHostAddress());
    }

    @Test
    void containsAddressesInsideTheBlockOnly() throws Exception {
        AddressRange r = AddressRange.parse("10.0.0.0/8");
        assertTrue(r.contains(ip(10, 0, 0, 0)));
        assertTrue(r.contains(ip(10, 255, 255, 255)));
        assertFalse(r.contains(ip(11, 0, 0, 0)));
        assertFalse(r.contains(ip(9, 255, 255, 255)));
        assertFalse(r.contains((InetAddress) null));

        AddressRange odd = AddressRange.parse("192.168.4.0/22");
        assertTrue(odd.contains(ip(192, 168, 7, 255)));
        assertFalse(odd.contains(ip(192, 168, 8, 0)));
        assertFalse(odd.contains(ip(192, 168, 3, 255)));

        AddressRange host = AddressRange.parse("10.1.2.3");
        assertTrue(host.contains(ip(10, 1, 2, 3)));
        assertFalse(host.contains(ip(10, 1, 2, 4)));

        assertTrue(AddressRange.parse("0.0.0.0/0").contains(ip(203, 0, 113, 9)));

        AddressRange v6 = AddressRange.parse("2001:db8::/32");
        assertTrue(v6.contains(InetAddress.getByName("2001:db8:ffff::1")));
        assertFalse(v6.contains(InetAddress.getByName("2001:db9::1")));
        assertTrue(AddressRange.parse("fe80::/10").contains(InetAddress.getByName("febf::1")));
        assertFalse(AddressRange.parse("fe80::/10").contains(InetAddress.getByName("fec0::1")));
    }

    @Test
    void matchesIpv4MappedAddressesAsIpv4() throws Exception {
        byte[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 10, 1, 2, 3};
        InetAddress dualStackPeer = Inet6Address.getByAddress(null, mapped, -1);
        assertTrue(AddressRange.parse("10.0.0.0/8").contains(dualStackPeer));
        assertTrue(AddressRange.parse("10.1.2.3").contains(dualStackPeer));
        assertFalse(AddressRange.parse("11.0.0.0/8").contains(dualStackPeer));
        assertFalse(AddressRange.parse("::/0").contains(dualStackPeer), "a mapped address is an IPv4 peer");
        assertTrue(AddressRange.parse("::ffff:10.0.0.0/104").contains(ip(10, 9, 9, 9)));
    }

    @Test
    void keepsTheFamiliesApart() throws Exception {
        assertFalse(AddressRange.parse("0.0.0.0/0").contains(InetAddress.getByName("::1")));
        assertFalse(AddressRange.parse("0.0.0.0/0").contains(InetAddress.getByName("2001:db8::1")));
        assertFalse(AddressRange.parse("::/0").contains(ip(10, 1, 2, 3)));
        // an IPv4-compatible address (::10.1.2.3) is plain IPv6
        assertFalse(AddressRange.parse("10.0.0.0/8").contains("::10.1.2.3"));
        assertTrue(AddressRange.parse("::/96").contains("::10.1.2.3"));
    }

    @Test
    void containsRemoteAddressesAsJettyReportsThem() {
        AddressRange loopback6 = AddressRange.parse("::1");
        assertTrue(loopback6.contains("0:0:0:0:0:0:0:1"));
        assertTrue(loopback6.contains("[::1]"));
        assertTrue(loopback6.contains("::1"));
        assertTrue(loopback6.contains("[0:0:0:0:0:0:0:1]"));
        assertFalse(loopback6.contains("127.0.0.1"));

        AddressRange loopback4 = AddressRange.parse("127.0.0.0/8");
        assertTrue(loopback4.contains("127.0.0.1"));
        assertTrue(loopback4.contains("::ffff:127.0.0.1"));
        assertTrue(loopback4.contains("[::ffff:7f00:1]"));
        assertTrue(loopback4.contains(" 127.0.0.1 "));
        assertFalse(loopback4.contains("0:0:0:0:0:0:0:1"));

        // Java reports link-local peers with a zone; the block applies whatever the interface
        AddressRange linkLocal = AddressRange.parse("fe80::/10");
        assertTrue(linkLocal.contains("fe80:0:0:0:0:0:0:1%eth0"));
        assertTrue(linkLocal.contains("[fe80::1%2]"));
        assertFalse(linkLocal.contains("fe80::1%"));
    }

    @Test
    void containsNothingThatIsNotAnAddressLiteral() {
        AddressRange any4 = AddressRange.parse("0.0.0.0/0");
        AddressRange any6 = AddressRange.parse("::/0");
        for (String s : new String[] {null, "", " ", "localhost", "gw.example.com", "10.1.2", "010.1.2.3",
                "10.0.0.0/8", "::/0", "[10.1.2.3]", "10.1.2.3%eth0", "1::2::3", "[::1", "unix:/run/fedmap.sock"}) {
            assertFalse(any4.contains(s), String.valueOf(s));
            assertFalse(any6.contains(s), String.valueOf(s));
        }
    }

    @Test
    void anyContainsAdmitsEverythingOnlyForAnEmptyList() {
        assertTrue(AddressRange.anyContains(List.of(), "10.1.2.3"));
        assertTrue(AddressRange.anyContains(List.of(), "not an address"), "no restriction at all");
        List<AddressRange> ranges = List.of(AddressRange.parse("10.0.0.0/8"), AddressRange.parse("2001:db8::/32"));
        assertTrue(AddressRange.anyContains(ranges, "10.200.0.1"));
        assertTrue(AddressRange.anyContains(ranges, "::ffff:10.200.0.1"));
        assertTrue(AddressRange.anyContains(ranges, "2001:db8:0:0:0:0:0:7"));
        assertFalse(AddressRange.anyContains(ranges, "192.168.0.1"));
        assertFalse(AddressRange.anyContains(ranges, "2001:db9::1"));
        assertFalse(AddressRange.anyContains(ranges, "localhost"));
        assertFalse(AddressRange.anyContains(ranges, null));
        assertThrows(NullPointerException.class, () -> AddressRange.anyContains(null, "10.1.2.3"));
    }

    @Test
    void boundsAndCleansTheInputInMessages() {
        String message = refusal("bad\u0007name-" + "x".repeat(200));
        assertTrue(message.startsWith("bad address range 'bad?name-xxx"), message);
        assertTrue(message.contains("...'"), message);
        assertTrue(message.length() < 250, message);
    }
}
