package org.fedmap.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

/** Passwords the commands read from standard input ({@code --password-stdin}) or make up. */
final class Passwords {
    private Passwords() {
    }

    /** The first line of {@code in} without its line end, decoded as UTF-8. */
    static char[] readFirstLine(InputStream in) {
        // Not closed: it is the process's standard input.
        Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8);
        char[] buffer = new char[64];
        int length = 0;
        int c;
        try {
            for (c = reader.read(); c != -1 && c != '\n'; c = reader.read()) {
                if (length == buffer.length) {
                    char[] bigger = Arrays.copyOf(buffer, buffer.length * 2);
                    Arrays.fill(buffer, '\0');
                    buffer = bigger;
                }
                buffer[length++] = (char) c;
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the password from standard input: " + e.getMessage(), e);
        }
        boolean gotALine = c == '\n' || length > 0;
        if (length > 0 && buffer[length - 1] == '\r') {
            length--;
        }
        char[] password = Arrays.copyOf(buffer, length);
        Arrays.fill(buffer, '\0');
        if (password.length == 0) {
            throw new IllegalArgumentException(gotALine
                    ? "the password on standard input is empty"
                    : "no password on standard input");
        }
        return password;
    }

    static char[] generate() {
        // 24 random bytes: 192 bits, 32 URL-safe characters that survive any gateway's config form.
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        char[] password = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes).toCharArray();
        Arrays.fill(bytes, (byte) 0);
        return password;
    }
}
