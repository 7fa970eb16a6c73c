package org.fedmap.replication;

import java.security.SecureRandom;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.fedmap.store.ClientStore;

/**
 * This server's unique id in a replica mesh: {@code server.id} when configured, else one made on the
 * first start (the host name's first label and six random characters) and kept in the store, so it
 * stays the same across restarts. The replication protocol will use it to name where data originated
 * and to settle ties between servers; it must therefore never change silently.
 */
public final class ServerId {
    /** The store setting that keeps a generated id. */
    public static final String SETTING = "server-id";
    public static final int MAX_LENGTH = 64;
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._-]{1," + MAX_LENGTH + "}");
    private static final String RANDOM_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final int RANDOM_CHARS = 6;
    private static final SecureRandom RANDOM = new SecureRandom();

    private ServerId() {
    }

    public static boolean isValid(String id) {
        return id != null && VALID.matcher(id).matches();
    }

    /** What a valid id looks like, for messages. */
    public static String rule() {
        return "use 1 to " + MAX_LENGTH + " letters, digits, '.', '-' or '_'";
    }

    /**
     * The id this server runs with: {@code configured} if given (the stored one, if any, is kept for
     * when the configuration no longer names one), else the stored one, else a new one, stored now.
     *
     * @param configured {@code server.id}, or null when not configured
     * @param hostName   this machine's name, to make a new id recognizable
     */
    public static String resolve(String configured, ClientStore store, String hostName) {
        if (configured != null) {
            if (!isValid(configured)) {
                throw new IllegalArgumentException("invalid server.id '" + configured + "': " + rule());
            }
            return configured;
        }
        Optional<String> stored = store.setting(SETTING);
        if (stored.isPresent()) {
            if (!isValid(stored.get())) {
                throw new IllegalStateException("the server id kept in the database ('" + stored.get()
                        + "') is not valid; set server.id in the configuration");
            }
            return stored.get();
        }
        String made = generate(hostName);
        store.putSetting(SETTING, made);
        return made;
    }

    /** A new id: the host name's first label (made valid, or "fedmap") and a dash and six random characters. */
    static String generate(String hostName) {
        String label = hostName == null ? "" : hostName.toLowerCase(Locale.ROOT);
        int dot = label.indexOf('.');
        if (dot >= 0) {
            label = label.substring(0, dot);
        }
        label = label.replaceAll("[^a-z0-9_-]", "-");
        int room = MAX_LENGTH - 1 - RANDOM_CHARS;
        if (label.length() > room) {
            label = label.substring(0, room);
        }
        if (label.isEmpty()) {
            label = "fedmap";
        }
        StringBuilder id = new StringBuilder(label).append('-');
        for (int i = 0; i < RANDOM_CHARS; i++) {
            id.append(RANDOM_ALPHABET.charAt(RANDOM.nextInt(RANDOM_ALPHABET.length())));
        }
        return id.toString();
    }
}
