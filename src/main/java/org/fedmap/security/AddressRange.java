package org.fedmap.security;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * An IPv4 or IPv6 address or CIDR block that a client may connect from, as operators write them in
 * {@code client add --allow-ip}: {@code 10.1.2.3}, {@code 10.0.0.0/8}, {@code 2001:db8::/32}, {@code ::1}.
 *
 * <p>Only address literals are understood. A host name is refused, never resolved: what a name resolves
 * to changes and can be forged, and a check on the source of a request must not depend on it (nor stall
 * on a lookup). IPv4 parts with leading zeros are refused too, since some tools read {@code 010} as octal
 * 8 and the operator's meaning is unclear. A CIDR block with bits set after its prefix
 * ({@code 10.1.2.3/8}) is refused rather than silently widened: a typo is likelier than intent.
 *
 * <p>A dual-stack socket reports an IPv4 peer as an IPv4-mapped IPv6 address ({@code ::ffff:10.1.2.3}).
 * Such an address is matched as the IPv4 address it carries, and a range written in that form is kept as
 * the IPv4 range it means. Apart from that, IPv4 ranges match only IPv4 addresses and IPv6 ranges only
 * IPv6 addresses: {@code ::/0} does not admit IPv4 peers.
 *
 * @param network      the first address of the block: an {@link Inet4Address} or an {@link Inet6Address}
 *                     without zone, never an IPv4-mapped one
 * @param prefixLength how many leading bits of an address must equal those of {@code network}: 0 to 32
 *                     for IPv4, 0 to 128 for IPv6; the full length for a single address
 */
public record AddressRange(InetAddress network, int prefixLength) {
    private static final int MAX_INPUT_IN_MESSAGE = 80;

    /**
     * Checks the block and normalizes {@code network}: an IPv4-mapped IPv6 block becomes the IPv4 block
     * it stands for, and any host name the address object carries is dropped.
     *
     * @throws IllegalArgumentException if the prefix length is out of range, bits are set after the
     *                                  prefix, or the address has a zone
     */
    public AddressRange {
        Objects.requireNonNull(network, "network");
        if (network instanceof Inet6Address v6 && (v6.getScopeId() != 0 || v6.getScopedInterface() != null)) {
            throw new IllegalArgumentException("an address range cannot carry a zone id: " + network.getHostAddress());
        }
        byte[] bytes = network.getAddress();
        String problem = problem(bytes, prefixLength);
        if (problem != null) {
            throw new IllegalArgumentException(format(bytes) + "/" + prefixLength + ": " + problem);
        }
        if (isIpv4Mapped(bytes)) {
            // problem() has made sure the prefix covers the whole ::ffff:0:0/96 part
            bytes = Arrays.copyOfRange(bytes, 12, 16);
            prefixLength -= 96;
        }
        network = toInetAddress(bytes);
    }

    /**
     * Reads an address or CIDR block as an operator writes it: {@code 10.1.2.3}, {@code 10.0.0.0/8},
     * {@code 2001:db8::/32}, {@code ::1}, {@code fe80::1/128}, {@code [::1]} or {@code [2001:db8::]/32}.
     * Surrounding whitespace is ignored. No name is ever looked up.
     *
     * @throws IllegalArgumentException naming the input, for anything else: host names, empty text,
     *                                  zone ids ({@code fe80::1%eth0}), IPv4 addresses with leading zeros
     *                                  or fewer than four parts, prefix lengths out of range, and blocks
     *                                  with bits set after the prefix (the message suggests the block
     *                                  that was probably meant)
     */
    public static AddressRange parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("an address range cannot be empty");
        }
        String s = text.strip();
        String address = s;
        String prefix = null;
        int slash = s.indexOf('/');
        if (slash >= 0) {
            address = s.substring(0, slash);
            prefix = s.substring(slash + 1);
        }
        byte[] bytes;
        try {
            bytes = parseAddress(address, false);
        } catch (IllegalArgumentException e) {
            throw refused(text, e.getMessage());
        }
        int bits = bytes.length * 8;
        int prefixLength = bits;
        if (prefix != null) {
            prefixLength = parsePrefix(prefix, bits);
            if (prefixLength < 0) {
                throw refused(text, "the prefix length after '/' must be a number from 0 to " + bits);
            }
        }
        String problem = problem(bytes, prefixLength);
        if (problem != null) {
            throw refused(text, problem);
        }
        if (isIpv4Mapped(bytes)) {
            // InetAddress would turn these bytes into an IPv4 address and the prefix would no longer fit
            return new AddressRange(toInetAddress(bytes), prefixLength - 96);
        }
        return new AddressRange(toInetAddress(bytes), prefixLength);
    }

    /**
     * Whether {@code address} lies in this block. An IPv4-mapped IPv6 address counts as its IPv4 address;
     * a zone on an IPv6 address is ignored. False for null.
     */
    public boolean contains(InetAddress address) {
        return address != null && containsBytes(unmapped(address.getAddress()));
    }

    /**
     * Whether the remote address of a connection, as Jetty reports it ({@code 127.0.0.1},
     * {@code 0:0:0:0:0:0:0:1}, {@code [::1]}, {@code ::ffff:10.1.2.3}), lies in this block. A zone on an
     * IPv6 address ({@code fe80::1%eth0}, which Java reports for link-local peers) is ignored: the block
     * says which addresses, whatever the interface. False for null and for anything that is not an address
     * literal; no name is ever looked up.
     */
    public boolean contains(String address) {
        byte[] bytes = addressBytes(address);
        return bytes != null && containsBytes(bytes);
    }

    /**
     * Whether any of {@code ranges} contains {@code address} (see {@link #contains(String)}). An empty list
     * admits every address, including ones that cannot be read: that is how a client without source
     * restrictions is stored.
     */
    public static boolean anyContains(List<AddressRange> ranges, String address) {
        if (ranges.isEmpty()) {
            return true;
        }
        byte[] bytes = addressBytes(address);
        if (bytes == null) {
            return false;
        }
        for (AddressRange range : ranges) {
            if (range.containsBytes(bytes)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The canonical form: the address in dotted or RFC 5952 form (lower case, longest run of zero groups
     * compressed), followed by {@code /prefix} unless the block is a single address. Equal blocks print
     * equally, and the text parses back to an equal block.
     */
    @Override
    public String toString() {
        byte[] bytes = network.getAddress();
        String address = format(bytes);
        return prefixLength == bytes.length * 8 ? address : address + "/" + prefixLength;
    }

    private boolean containsBytes(byte[] candidate) {
        byte[] net = network.getAddress();
        if (candidate.length != net.length) {
            return false;
        }
        int full = prefixLength / 8;
        for (int i = 0; i < full; i++) {
            if (candidate[i] != net[i]) {
                return false;
            }
        }
        int rest = prefixLength % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xff << (8 - rest)) & 0xff;
        return (candidate[full] & mask) == (net[full] & mask);
    }

    /**
     * The bytes of a remote address as servers report it (4 for IPv4 and IPv4-mapped addresses, 16 for
     * other IPv6 ones), or null if {@code text} is not an address literal. Brackets and a zone are allowed.
     */
    static byte[] addressBytes(String text) {
        if (text == null) {
            return null;
        }
        try {
            return unmapped(parseAddress(text.strip(), true));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** {@code address} (4 or 16 bytes) in canonical text form. */
    static String format(byte[] address) {
        if (address.length == 4) {
            return (address[0] & 0xff) + "." + (address[1] & 0xff) + "." + (address[2] & 0xff) + "." + (address[3] & 0xff);
        }
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((address[2 * i] & 0xff) << 8) | (address[2 * i + 1] & 0xff);
        }
        // RFC 5952: compress the longest run of two or more zero groups, the first of equally long ones.
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j;
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                b.append("::");
                i += bestLength - 1;
                continue;
            }
            if (b.length() > 0 && b.charAt(b.length() - 1) != ':') {
                b.append(':');
            }
            b.append(Integer.toHexString(groups[i]));
        }
        return b.toString();
    }

    /** Why {@code prefixLength} does not make a block of {@code bytes}, or null if it does. */
    private static String problem(byte[] bytes, int prefixLength) {
        int bits = bytes.length * 8;
        if (prefixLength < 0 || prefixLength > bits) {
            return "the prefix length must be from 0 to " + bits + ", not " + prefixLength;
        }
        byte[] masked = bytes.clone();
        for (int bit = prefixLength; bit < bits; bit++) {
            masked[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        if (Arrays.equals(masked, bytes)) {
            return null;
        }
        String suggestion;
        if (isIpv4Mapped(masked) && prefixLength >= 96) {
            suggestion = format(Arrays.copyOfRange(masked, 12, 16)) + "/" + (prefixLength - 96);
        } else {
            suggestion = format(masked) + "/" + prefixLength;
        }
        return "host bits are set beyond the /" + prefixLength + " prefix; did you mean " + suggestion + "?";
    }

    /**
     * The bytes of an address literal, optionally in brackets (IPv6 only). With {@code remote}, a zone on
     * an IPv6 address is dropped, as servers report peers that way; otherwise it is refused.
     *
     * @throws IllegalArgumentException saying what is wrong with it
     */
    private static byte[] parseAddress(String text, boolean remote) {
        String s = text;
        boolean bracketed = s.startsWith("[");
        if (bracketed) {
            if (!s.endsWith("]")) {
                throw new IllegalArgumentException("an opening '[' needs a closing ']'");
            }
            s = s.substring(1, s.length() - 1);
        } else if (s.endsWith("]")) {
            throw new IllegalArgumentException("a closing ']' needs an opening '['");
        }
        if (s.isEmpty()) {
            throw new IllegalArgumentException("there is no address");
        }
        int percent = s.indexOf('%');
        if (percent >= 0) {
            if (!remote) {
                throw new IllegalArgumentException("zone ids ('%...') are not accepted: a range applies on every interface");
            }
            if (percent == s.length() - 1 || s.indexOf(':') < 0) {
                throw new IllegalArgumentException("a zone id belongs after an IPv6 address");
            }
            s = s.substring(0, percent);
        }
        if (s.indexOf(':') >= 0) {
            return parseIpv6(s);
        }
        if (bracketed) {
            throw new IllegalArgumentException("brackets may only enclose an IPv6 address");
        }
        if (looksLikeHostName(s)) {
            throw new IllegalArgumentException("host names are not accepted, only IP addresses (names are never looked up)");
        }
        return parseIpv4(s);
    }

    private static boolean looksLikeHostName(String s) {
        boolean letter = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
                letter = true;
            } else if (!(c >= '0' && c <= '9') && c != '.' && c != '-') {
                return false;
            }
        }
        return letter;
    }

    private static byte[] parseIpv4(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("an IPv4 address has four parts separated by dots");
        }
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            String part = parts[i];
            if (part.isEmpty() || part.length() > 3 || !isAsciiDigits(part)) {
                throw new IllegalArgumentException("each part of an IPv4 address is a number from 0 to 255");
            }
            if (part.length() > 1 && part.charAt(0) == '0') {
                throw new IllegalArgumentException("IPv4 parts may not have leading zeros (some tools read them as octal)");
            }
            int value = Integer.parseInt(part);
            if (value > 255) {
                throw new IllegalArgumentException("each part of an IPv4 address is a number from 0 to 255");
            }
            bytes[i] = (byte) value;
        }
        return bytes;
    }

    private static byte[] parseIpv6(String s) {
        int gap = s.indexOf("::");
        if (gap >= 0 && s.indexOf("::", gap + 1) >= 0) {
            throw new IllegalArgumentException("'::' may appear only once in an IPv6 address");
        }
        int[] head = groups(gap >= 0 ? s.substring(0, gap) : s, gap < 0);
        int[] tail = gap >= 0 ? groups(s.substring(gap + 2), true) : new int[0];
        int count = head.length + tail.length;
        if (gap < 0 ? count != 8 : count > 7) {
            throw new IllegalArgumentException("an IPv6 address has eight groups, or fewer with '::'");
        }
        byte[] bytes = new byte[16];
        for (int i = 0; i < head.length; i++) {
            bytes[2 * i] = (byte) (head[i] >>> 8);
            bytes[2 * i + 1] = (byte) head[i];
        }
        int offset = 8 - tail.length;
        for (int i = 0; i < tail.length; i++) {
            bytes[2 * (offset + i)] = (byte) (tail[i] >>> 8);
            bytes[2 * (offset + i) + 1] = (byte) tail[i];
        }
        return bytes;
    }

    /**
     * The 16-bit groups of one side of an IPv6 address; {@code mayEndInIpv4} allows a dotted IPv4 address
     * as the last part, which counts as two groups.
     */
    private static int[] groups(String part, boolean mayEndInIpv4) {
        if (part.isEmpty()) {
            return new int[0];
        }
        String[] pieces = part.split(":", -1);
        if (pieces.length > 8) {
            throw new IllegalArgumentException("an IPv6 address has eight groups, or fewer with '::'");
        }
        int[] groups = new int[pieces.length + 1];
        int n = 0;
        for (int i = 0; i < pieces.length; i++) {
            String piece = pieces[i];
            if (i == pieces.length - 1 && mayEndInIpv4 && piece.indexOf('.') >= 0) {
                byte[] v4 = parseIpv4(piece);
                groups[n++] = ((v4[0] & 0xff) << 8) | (v4[1] & 0xff);
                groups[n++] = ((v4[2] & 0xff) << 8) | (v4[3] & 0xff);
                continue;
            }
            if (piece.isEmpty() || piece.length() > 4) {
                throw new IllegalArgumentException("each group of an IPv6 address has one to four hex digits");
            }
            int value = 0;
            for (int k = 0; k < piece.length(); k++) {
                int digit = asciiHexDigit(piece.charAt(k));
                if (digit < 0) {
                    throw new IllegalArgumentException("each group of an IPv6 address has one to four hex digits");
                }
                value = value * 16 + digit;
            }
            groups[n++] = value;
        }
        return Arrays.copyOf(groups, n);
    }

    /** The prefix length in {@code text}, or -1 if it is not a plain decimal from 0 to {@code bits}. */
    private static int parsePrefix(String text, int bits) {
        if (text.isEmpty() || text.length() > 3 || !isAsciiDigits(text) || (text.length() > 1 && text.charAt(0) == '0')) {
            return -1;
        }
        int value = Integer.parseInt(text);
        return value <= bits ? value : -1;
    }

    private static boolean isAsciiDigits(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    // Character.digit would also take non-ASCII digits, which no address literal contains.
    private static int asciiHexDigit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    private static boolean isIpv4Mapped(byte[] bytes) {
        if (bytes.length != 16) {
            return false;
        }
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff;
    }

    private static byte[] unmapped(byte[] bytes) {
        return isIpv4Mapped(bytes) ? Arrays.copyOfRange(bytes, 12, 16) : bytes;
    }

    private static InetAddress toInetAddress(byte[] bytes) {
        try {
            // Only builds the object from the bytes: no lookup.
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("an address of " + bytes.length + " bytes", e);
        }
    }

    private static IllegalArgumentException refused(String text, String reason) {
        return new IllegalArgumentException("bad address range " + quote(text.strip()) + ": " + reason);
    }

    private static String quote(String text) {
        return LogText.quote(text, MAX_INPUT_IN_MESSAGE);
    }
}
