package org.fedmap.server;

import java.io.IOException;
import java.io.Reader;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.fedmap.replication.ServerId;
import org.fedmap.security.AddressRange;

/**
 * The server's settings, read once from {@code fedmap.properties}. A file may set only some keys;
 * the rest keep their defaults. Unknown keys and unusable values are refused at start with one line
 * naming the key, so a typo never silently leaves a default in force.
 *
 * @param bindAddress              address the HTTPS listener binds to
 * @param port                     HTTPS port
 * @param hostName                 host name for the self-signed certificate (default: this machine's name)
 * @param failsecureTimeout        how long a client may be out of contact before its session ends
 * @param defaultMaxPollResultSize poll result limit of sessions that ask for none
 * @param maxPollResultSizeLimit   largest max-poll-result-size a client may ask for
 * @param searchMaxSize            max-size of searches that name none
 * @param metadataMaxSize          longest metadata item accepted, in characters
 * @param maxRequestSize           largest request body accepted, in bytes (after gzip decoding)
 * @param idleTimeout              how long a connection that belongs to no session may stay idle
 * @param maxThreads               HTTP worker threads
 * @param keystore                 PKCS#12 file with the server's key and certificate ({@code tls.keystore});
 *                                 null for the key in the data directory
 * @param keystorePassword         its password
 * @param certificate              PEM file with the server's certificate, optionally followed by its chain
 *                                 ({@code tls.certificate}); an alternative to {@code keystore}, null when unset
 * @param privateKey               PEM file with the key of {@code certificate} ({@code tls.private-key}): PKCS#8,
 *                                 PKCS#1 RSA, EC, or encrypted PKCS#8; set exactly when {@code certificate} is
 * @param privateKeyPassword       the password of an encrypted {@code privateKey} ({@code tls.private-key-password});
 *                                 empty when the key is not encrypted
 * @param xmlMaxDepth              deepest element nesting accepted in a request
 * @param durableMetadata          whether lifetime="forever" metadata (and all IF-MAP 1.1 metadata) is
 *                                 written to the store before a publish is acknowledged; false keeps
 *                                 everything in memory only, lost at restart
 * @param admin                    the admin API listener ({@code admin.*})
 * @param logFiles                 how the XML trace and the client messages roll, and the trace's queue
 * @param serverId                 this server's id in a replica mesh ({@code server.id}); null when not
 *                                 configured, and the server then uses one it made and stored on first start
 */
public record Config(String bindAddress, int port, String hostName, Duration failsecureTimeout,
                     long defaultMaxPollResultSize, long maxPollResultSizeLimit, long searchMaxSize,
                     int metadataMaxSize, int maxRequestSize, Duration idleTimeout, int maxThreads,
                     Path keystore, String keystorePassword, Path certificate, Path privateKey,
                     String privateKeyPassword, int xmlMaxDepth, boolean durableMetadata, Admin admin,
                     LogFiles logFiles, String serverId) {

    /**
     * The admin API's own HTTPS listener: operators and monitoring, never IF-MAP clients.
     *
     * @param enabled whether it listens at all
     * @param bind    address it binds to
     * @param port    its port; 0 for any free one (the server records the one it got)
     * @param allow   source address ranges admitted; anything else is refused whatever its credentials
     */
    public record Admin(boolean enabled, String bind, int port, List<AddressRange> allow) {
        public Admin {
            allow = List.copyOf(allow);
        }
    }

    /**
     * The log files the server writes itself under DATA/logs.
     *
     * @param traceMaxFileSize           bytes of ifmap-trace.log before it rolls (it also rolls daily)
     * @param traceMaxHistory            days rolled trace files are kept
     * @param traceTotalSizeCap          bytes all rolled trace files may take together
     * @param traceQueueMemory           bytes of requests and answers that may wait to be traced; beyond,
     *                                   entries are dropped (and counted) rather than waited for
     * @param clientMessagesMaxFileSize  bytes of client-messages.log before it rolls (it also rolls daily)
     * @param clientMessagesMaxHistory   days rolled client-messages files are kept
     * @param clientMessagesTotalSizeCap bytes all rolled client-messages files may take together
     */
    public record LogFiles(long traceMaxFileSize, int traceMaxHistory, long traceTotalSizeCap, long traceQueueMemory,
                           long clientMessagesMaxFileSize, int clientMessagesMaxHistory,
                           long clientMessagesTotalSizeCap) {
    }

    /** Every key a configuration file may set, with its default. */
    static final Map<String, String> DEFAULTS = Map.ofEntries(
            Map.entry("server.bind", "127.0.0.1"),
            Map.entry("server.port", "8443"),
            Map.entry("server.hostname", ""),
            Map.entry("server.id", ""),
            Map.entry("failsecure.timeout", "180s"),
            Map.entry("ifmap.max-poll-result-size", "5000000"),
            Map.entry("ifmap.max-poll-result-size.limit", "100000000"),
            Map.entry("ifmap.search.max-size", "100000"),
            Map.entry("ifmap.metadata.max-size", "65536"),
            Map.entry("http.max-request-size", "16777216"),
            Map.entry("http.idle-timeout", "30s"),
            Map.entry("http.max-threads", "200"),
            Map.entry("tls.keystore", ""),
            Map.entry("tls.keystore-password", ""),
            Map.entry("tls.certificate", ""),
            Map.entry("tls.private-key", ""),
            Map.entry("tls.private-key-password", ""),
            Map.entry("xml.max-depth", "64"),
            Map.entry("store.durable-metadata", "true"),
            Map.entry("admin.enabled", "true"),
            Map.entry("admin.bind", "127.0.0.1"),
            Map.entry("admin.port", "8444"),
            Map.entry("admin.allow", "127.0.0.1,::1"),
            Map.entry("trace.max-file-size", "100MB"),
            Map.entry("trace.max-history", "7"),
            Map.entry("trace.total-size-cap", "2GB"),
            Map.entry("trace.queue-memory", "64MB"),
            Map.entry("client-messages.max-file-size", "100MB"),
            Map.entry("client-messages.max-history", "90"),
            Map.entry("client-messages.total-size-cap", "2GB"));

    public static Config defaults() {
        return from(Map.of(), null);
    }

    /**
     * Reads a configuration file (a missing file is allowed only when it is the default one) and
     * applies overrides such as command-line options.
     */
    public static Config load(Path file, boolean mustExist, Map<String, String> overrides) {
        Map<String, String> values = new HashMap<>();
        if (file != null && Files.exists(file)) {
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                p.load(r);
            } catch (IOException | IllegalArgumentException e) {
                throw new ConfigException("cannot read configuration file " + file + ": " + e.getMessage());
            }
            for (String k : p.stringPropertyNames()) {
                values.put(k.trim(), p.getProperty(k).trim());
            }
        } else if (file != null && mustExist) {
            throw new ConfigException("configuration file " + file + " does not exist");
        }
        values.putAll(overrides);
        return from(values, file == null ? null : file.toAbsolutePath().getParent());
    }

    /** Builds a configuration from key/value pairs; relative paths resolve against {@code baseDir}. */
    public static Config from(Map<String, String> given, Path baseDir) {
        Set<String> unknown = new TreeSet<>(given.keySet());
        unknown.removeAll(DEFAULTS.keySet());
        if (!unknown.isEmpty()) {
            throw new ConfigException("unknown configuration key" + (unknown.size() > 1 ? "s " : " ")
                    + String.join(", ", unknown) + " (known keys: see conf/fedmap.properties)");
        }
        Map<String, String> v = new HashMap<>(DEFAULTS);
        v.putAll(given);
        String host = v.get("server.hostname");
        if (host.isEmpty()) {
            host = localHostName();
        }
        Path keystorePath = path(v, "tls.keystore", baseDir);
        Path certificatePath = path(v, "tls.certificate", baseDir);
        Path privateKeyPath = path(v, "tls.private-key", baseDir);
        checkTlsSource(keystorePath, certificatePath, privateKeyPath, v.get("tls.private-key-password"));
        String bind = v.get("server.bind");
        if (bind.isEmpty()) {
            throw new ConfigException("server.bind must name an address, e.g. 127.0.0.1 or 0.0.0.0");
        }
        if (v.get("admin.bind").isEmpty()) {
            throw new ConfigException("admin.bind must name an address, e.g. 127.0.0.1");
        }
        return new Config(bind,
                (int) number(v, "server.port", 1, 65535),
                host,
                duration(v, "failsecure.timeout"),
                // at most 2^31-1: clients such as ifmapj read the granted size into a 32-bit integer
                number(v, "ifmap.max-poll-result-size", 1, Integer.MAX_VALUE),
                number(v, "ifmap.max-poll-result-size.limit", 5_000_000, Integer.MAX_VALUE),
                number(v, "ifmap.search.max-size", 1, Long.MAX_VALUE),
                (int) number(v, "ifmap.metadata.max-size", 64, Integer.MAX_VALUE),
                (int) number(v, "http.max-request-size", 1024, Integer.MAX_VALUE - 1),
                duration(v, "http.idle-timeout"),
                (int) number(v, "http.max-threads", 8, 10_000),
                keystorePath,
                v.get("tls.keystore-password"),
                certificatePath,
                privateKeyPath,
                v.get("tls.private-key-password"),
                (int) number(v, "xml.max-depth", 16, 10_000),
                bool(v, "store.durable-metadata"),
                new Admin(bool(v, "admin.enabled"), v.get("admin.bind"), (int) number(v, "admin.port", 0, 65535),
                        ranges(v, "admin.allow")),
                new LogFiles(size(v, "trace.max-file-size", 1L << 20),
                        (int) number(v, "trace.max-history", 1, 3650),
                        size(v, "trace.total-size-cap", 1L << 20),
                        size(v, "trace.queue-memory", 1L << 20),
                        size(v, "client-messages.max-file-size", 1L << 20),
                        (int) number(v, "client-messages.max-history", 1, 3650),
                        size(v, "client-messages.total-size-cap", 1L << 20)),
                serverId(v));
    }

    /** A copy with another port (tests bind to a free port). */
    public Config withPort(int newPort) {
        return new Config(bindAddress, newPort, hostName, failsecureTimeout, defaultMaxPollResultSize,
                maxPollResultSizeLimit, searchMaxSize, metadataMaxSize, maxRequestSize, idleTimeout, maxThreads,
                keystore, keystorePassword, certificate, privateKey, privateKeyPassword, xmlMaxDepth, durableMetadata,
                admin, logFiles, serverId);
    }

    /** {@code server.id}: null when empty (the server then makes one), else a valid id. */
    private static String serverId(Map<String, String> v) {
        String id = v.get("server.id");
        if (id.isEmpty()) {
            return null;
        }
        if (!ServerId.isValid(id)) {
            throw new ConfigException("server.id = '" + id + "' is not a valid server id: " + ServerId.rule());
        }
        return id;
    }

    /** Address ranges separated by commas; at least one, since an empty list would admit nobody useful. */
    private static List<AddressRange> ranges(Map<String, String> v, String key) {
        List<AddressRange> ranges = new ArrayList<>();
        for (String part : v.get(key).split(",")) {
            if (part.isBlank()) {
                continue;
            }
            try {
                ranges.add(AddressRange.parse(part));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(key + ": " + e.getMessage());
            }
        }
        if (ranges.isEmpty()) {
            throw new ConfigException(key + " must name at least one address or range, e.g. 127.0.0.0/8,::1");
        }
        return ranges;
    }

    /** A file named by {@code key}, relative to {@code baseDir}, without ".." (messages name it); null when empty. */
    private static Path path(Map<String, String> v, String key, Path baseDir) {
        String file = v.get(key);
        if (file.isEmpty()) {
            return null;
        }
        return (baseDir == null ? Path.of(file) : baseDir.resolve(file)).normalize();
    }

    /**
     * The server's key comes from one place: a keystore, or a PEM certificate with its key, or (neither
     * set) the data directory. A half-given pair or a password without its key is a mistake to report,
     * not to ignore.
     */
    private static void checkTlsSource(Path keystore, Path certificate, Path privateKey, String privateKeyPassword) {
        if (certificate != null && privateKey == null) {
            throw new ConfigException("tls.certificate is set but tls.private-key is not; set both or neither");
        }
        if (privateKey != null && certificate == null) {
            throw new ConfigException("tls.private-key is set but tls.certificate is not; set both or neither");
        }
        if (!privateKeyPassword.isEmpty() && privateKey == null) {
            throw new ConfigException("tls.private-key-password is set but tls.private-key is not");
        }
        if (keystore != null && certificate != null) {
            throw new ConfigException("tls.keystore and tls.certificate/tls.private-key both name the server's key;"
                    + " set only one of them");
        }
    }

    private static boolean bool(Map<String, String> v, String key) {
        String s = v.get(key).trim().toLowerCase(Locale.ROOT);
        if (s.equals("true")) {
            return true;
        }
        if (s.equals("false")) {
            return false;
        }
        throw new ConfigException(key + " = '" + v.get(key) + "' must be true or false");
    }

    private static long number(Map<String, String> v, String key, long min, long max) {
        String s = v.get(key);
        long n;
        try {
            n = Long.parseLong(s.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new ConfigException(key + " = '" + s + "' is not a whole number");
        }
        if (n < min || n > max) {
            throw new ConfigException(key + " = " + n + " is out of range (" + min + " to " + max + ")");
        }
        return n;
    }

    /** Sizes: a number of bytes, or a number with KB, MB or GB (powers of 1024), at least {@code min}. */
    static long size(Map<String, String> v, String key, long min) {
        String s = v.get(key).trim().toUpperCase(Locale.ROOT).replace("_", "");
        long unit = 1;
        if (s.endsWith("KB")) {
            unit = 1L << 10;
        } else if (s.endsWith("MB")) {
            unit = 1L << 20;
        } else if (s.endsWith("GB")) {
            unit = 1L << 30;
        }
        String digits = unit == 1 ? s : s.substring(0, s.length() - 2).trim();
        long n;
        try {
            n = Long.parseLong(digits);
        } catch (NumberFormatException e) {
            throw new ConfigException(key + " = '" + v.get(key) + "' is not a size (e.g. 100MB, 2GB, 65536)");
        }
        if (n < 0 || n > Long.MAX_VALUE / unit || n * unit < min) {
            throw new ConfigException(key + " = '" + v.get(key) + "' is out of range (at least " + (min >> 20) + "MB)");
        }
        return n * unit;
    }

    /** Durations: a number of seconds, or a number with ms, s, m or h. */
    static Duration duration(Map<String, String> v, String key) {
        return duration(key + " = '" + v.get(key) + "'", v.get(key));
    }

    /**
     * A positive duration written {@code 500ms}, {@code 180s}, {@code 3m}, {@code 1h} or in plain seconds.
     *
     * @param what names the setting in the error message
     * @throws ConfigException when {@code text} is not one, or not longer than zero
     */
    public static Duration duration(String what, String text) {
        String s = text.trim().toLowerCase(Locale.ROOT);
        try {
            Duration d;
            if (s.endsWith("ms")) {
                d = Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2).trim()));
            } else if (s.endsWith("s")) {
                d = Duration.ofSeconds(Long.parseLong(s.substring(0, s.length() - 1).trim()));
            } else if (s.endsWith("m")) {
                d = Duration.ofMinutes(Long.parseLong(s.substring(0, s.length() - 1).trim()));
            } else if (s.endsWith("h")) {
                d = Duration.ofHours(Long.parseLong(s.substring(0, s.length() - 1).trim()));
            } else {
                d = Duration.ofSeconds(Long.parseLong(s));
            }
            if (d.isNegative() || d.isZero()) {
                throw new ConfigException(what + " must be longer than zero");
            }
            return d;
        } catch (NumberFormatException e) {
            throw new ConfigException(what + " is not a duration (e.g. 180s, 3m, 500ms)");
        }
    }

    private static String localHostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }
}
