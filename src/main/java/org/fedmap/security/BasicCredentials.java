package org.fedmap.security;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/**
 * The user and password of an HTTP Basic {@code Authorization} header (RFC 7617). The password is a
 * char array so that whoever checks it can {@link #erase()} it afterwards.
 */
public record BasicCredentials(String name, char[] password) {
    private static final String SCHEME = "basic";

    /** Splits {@code Basic base64(user:password)}; null if the header is not that. */
    public static BasicCredentials parse(String header) {
        if (header == null) {
            return null;
        }
        header = header.strip();
        int space = header.indexOf(' ');
        if (space < 0 || !header.substring(0, space).equalsIgnoreCase(SCHEME)) {
            return null;
        }
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(header.substring(space + 1).strip());
        } catch (IllegalArgumentException e) {
            return null;
        }
        CharBuffer chars;
        try {
            CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT);
            chars = utf8.decode(ByteBuffer.wrap(decoded));
        } catch (CharacterCodingException e) {
            return null;
        } finally {
            Arrays.fill(decoded, (byte) 0);
        }
        char[] all = new char[chars.remaining()];
        chars.get(all);
        if (chars.hasArray()) {
            Arrays.fill(chars.array(), '\0');
        }
        // The user-id cannot contain ':', the password can (RFC 7617).
        int colon = -1;
        for (int i = 0; i < all.length; i++) {
            if (all[i] == ':') {
                colon = i;
                break;
            }
        }
        if (colon < 0) {
            Arrays.fill(all, '\0');
            return null;
        }
        String name = new String(all, 0, colon);
        char[] password = Arrays.copyOfRange(all, colon + 1, all.length);
        Arrays.fill(all, '\0');
        return new BasicCredentials(name, password);
    }

    /** Overwrites the password, once it has been checked. */
    public void erase() {
        Arrays.fill(password, '\0');
    }

    // Never print the password.
    @Override
    public String toString() {
        return "BasicCredentials[name=" + name + "]";
    }
}
