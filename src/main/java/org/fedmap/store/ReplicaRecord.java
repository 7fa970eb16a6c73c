package org.fedmap.store;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A replica IF-MAP server as configured: where this server reaches it, the name its certificate must
 * carry, where it may connect in from, and how each side proves itself. A running server replicates
 * with each of them.
 *
 * @param name           the name operators use; letters, digits, '.', '_', '@', '-' like client names
 * @param url            its IF-MAP endpoint, always {@code https://HOST:PORT/PATH} (a missing port is 443, a
 *                       missing path {@link #DEFAULT_PATH})
 * @param hostname       the DNS name or IP literal its certificate must carry when this server connects
 *                       to it (lower case)
 * @param allowedSources addresses and CIDR ranges it may connect in from, in canonical text; at least one
 * @param authMethod     how the two servers prove themselves to each other
 * @param user           for basic authentication, the user name both sides present; else null
 * @param sealedPassword for basic authentication, the password encrypted with this server's replica key
 *                       (it is needed in clear for outbound connections, so it cannot be a hash); else null
 * @param caCertificates for certificate authentication, the CA certificates that issue the replica's
 *                       certificate, as PEM text; else null
 * @param restrictions   for certificate authentication, the subject patterns one of which its certificate
 *                       must match; at least one. Empty for basic authentication
 * @param createdAt      when it was configured
 */
public record ReplicaRecord(String name, String url, String hostname, List<String> allowedSources,
                            AuthMethod authMethod, String user, String sealedPassword, String caCertificates,
                            List<String> restrictions, Instant createdAt) {

    /** The path of the IF-MAP endpoint when a URL names none: where fedmap (and the seeds' servers) serve. */
    public static final String DEFAULT_PATH = "/dana-ws/soap/dsifmap";
    public static final int MAX_NAME_LENGTH = 64;
    public static final int MAX_URL_LENGTH = 2048;
    public static final int MAX_HOSTNAME_LENGTH = 253;
    public static final int MAX_SEALED_PASSWORD_LENGTH = 1024;

    // As client names: they end up in log lines, HTTP Basic user-ids and file names.
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]*");
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern DIGITS = Pattern.compile("[0-9]+");
    private static final Pattern IPV4 = Pattern.compile(
            "((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])");

    public ReplicaRecord {
        checkName(name);
        url = canonicalUrl(url);
        hostname = canonicalHostname(hostname);
        Objects.requireNonNull(authMethod, "authMethod");
        Objects.requireNonNull(createdAt, "createdAt");
        allowedSources = List.copyOf(allowedSources == null ? List.of() : allowedSources);
        restrictions = List.copyOf(restrictions == null ? List.of() : restrictions);
        if (allowedSources.isEmpty()) {
            throw new IllegalArgumentException("replica '" + name + "' needs at least one allowed source address:"
                    + " a replica may connect in only from the addresses configured for it");
        }
        ClientRecord.checkLines(allowedSources, "an allowed source", "allowed sources");
        if (authMethod == AuthMethod.BASIC) {
            checkUser(user);
            if (sealedPassword == null || sealedPassword.isBlank() || sealedPassword.length() > MAX_SEALED_PASSWORD_LENGTH) {
                throw new IllegalArgumentException("replica '" + name + "' uses basic authentication but has no"
                        + " (or an overlong) encrypted password");
            }
            if (caCertificates != null || !restrictions.isEmpty()) {
                throw new IllegalArgumentException("replica '" + name + "' uses basic authentication: CA certificates"
                        + " and subject restrictions apply only to certificate authentication");
            }
        } else {
            if (caCertificates == null || caCertificates.isBlank()) {
                throw new IllegalArgumentException("replica '" + name + "' uses certificate authentication but"
                        + " trusts no CA");
            }
            if (caCertificates.length() > ClientRecord.MAX_CA_CERTIFICATES_LENGTH) {
                throw new IllegalArgumentException("the CA certificates of replica '" + name + "' are longer than "
                        + ClientRecord.MAX_CA_CERTIFICATES_LENGTH + " characters of PEM text");
            }
            // A replica writes everything into this server's graph: any certificate of a CA is too many.
            if (restrictions.isEmpty()) {
                throw new IllegalArgumentException("replica '" + name + "' uses certificate authentication and needs"
                        + " at least one subject restriction");
            }
            ClientRecord.checkLines(restrictions, "a subject restriction", "subject restrictions");
            if (user != null || sealedPassword != null) {
                throw new IllegalArgumentException("replica '" + name + "' uses certificate authentication: it has"
                        + " no user or password");
            }
        }
    }

    /** Returns {@code name} if it may name a replica, or throws an IllegalArgumentException saying why not. */
    public static String checkName(String name) {
        if (name == null || name.isEmpty() || name.length() > MAX_NAME_LENGTH || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("invalid replica name " + (name == null ? "(none)" : "'" + name + "'")
                    + ": use 1 to " + MAX_NAME_LENGTH + " letters, digits, '.', '_', '@' or '-',"
                    + " starting with a letter or digit");
        }
        return name;
    }

    /** Returns {@code user} if it may be a basic replica's user name (as client names: no ':'), else throws. */
    public static String checkUser(String user) {
        if (user == null || user.isEmpty() || user.length() > MAX_NAME_LENGTH || !NAME.matcher(user).matches()) {
            throw new IllegalArgumentException("invalid replica user " + (user == null ? "(none)" : "'" + user + "'")
                    + ": use 1 to " + MAX_NAME_LENGTH + " letters, digits, '.', '_', '@' or '-',"
                    + " starting with a letter or digit");
        }
        return user;
    }

    /**
     * The URL in the form stored: {@code https://host:port/path}, host in lower case. Only https, with
     * a host, no user info, query or fragment.
     *
     * @throws IllegalArgumentException saying what is wrong with it
     */
    public static String canonicalUrl(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("a replica needs a URL such as https://replica.example.com:8443"
                    + DEFAULT_PATH);
        }
        if (text.length() > MAX_URL_LENGTH) {
            throw new IllegalArgumentException("the replica URL is longer than " + MAX_URL_LENGTH + " characters");
        }
        URI uri;
        try {
            uri = new URI(text.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("invalid replica URL '" + text + "': " + e.getReason());
        }
        if (uri.getScheme() == null || !uri.isAbsolute() || uri.isOpaque()) {
            throw new IllegalArgumentException("invalid replica URL '" + text + "': give an absolute URL such as"
                    + " https://replica.example.com:8443" + DEFAULT_PATH);
        }
        if (!uri.getScheme().equalsIgnoreCase("https")) {
            throw new IllegalArgumentException("invalid replica URL '" + text + "': replicas are reached over https"
                    + " only, not " + uri.getScheme());
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("invalid replica URL '" + text + "': it names no usable host");
        }
        if (uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("invalid replica URL '" + text + "': credentials do not belong in"
                    + " the URL (use --user and --password-stdin)");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("invalid replica URL '" + text + "': a query or fragment has no"
                    + " meaning for an IF-MAP endpoint");
        }
        int port = uri.getPort() == -1 ? 443 : uri.getPort();
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("invalid replica URL '" + text + "': port " + port + " is out of range");
        }
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/")
                ? DEFAULT_PATH : uri.getRawPath();
        return "https://" + uri.getHost().toLowerCase(Locale.ROOT) + ":" + port + path;
    }

    /**
     * The host name in the form stored: a DNS name in lower case, or an IPv4 or IPv6 literal (no
     * brackets, no zone). No wildcards: it names one server.
     *
     * @throws IllegalArgumentException if it is neither a DNS name nor an IP literal
     */
    public static String canonicalHostname(String text) {
        String why = "a DNS name such as replica.example.com or an IP address such as 192.0.2.7";
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("a replica needs a --hostname: " + why);
        }
        String h = text.toLowerCase(Locale.ROOT);
        if (h.indexOf(':') >= 0) {
            // Only a literal can contain ':'; InetAddress parses it without asking DNS.
            if (h.indexOf('%') >= 0 || h.indexOf('[') >= 0 || h.indexOf(']') >= 0 || !h.matches("[0-9a-f:.]+")) {
                throw new IllegalArgumentException("invalid hostname '" + text + "': give " + why);
            }
            try {
                return InetAddress.getByName(h).getHostAddress();
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("invalid hostname '" + text + "': not an IPv6 address; give " + why);
            }
        }
        if (IPV4.matcher(h).matches()) {
            return h;
        }
        if (h.length() > MAX_HOSTNAME_LENGTH || h.endsWith(".")) {
            throw new IllegalArgumentException("invalid hostname '" + text + "': give " + why);
        }
        String[] labels = h.split("\\.", -1);
        for (String label : labels) {
            if (!DNS_LABEL.matcher(label).matches()) {
                throw new IllegalArgumentException("invalid hostname '" + text + "': give " + why);
            }
        }
        // No top-level domain is all digits: such a name is a mistyped IPv4 address (192.0.2, 300.1.1.1).
        if (DIGITS.matcher(labels[labels.length - 1]).matches()) {
            throw new IllegalArgumentException("invalid hostname '" + text + "': not a valid IPv4 address; give " + why);
        }
        // Internationalized names are accepted in their ASCII (xn--) form, which the pattern admits.
        return h;
    }

    // The sealed password is not the password, but with the key file it is: keep it out of logs.
    @Override
    public String toString() {
        return "ReplicaRecord[name=" + name + ", url=" + url + ", hostname=" + hostname + ", allowedSources="
                + allowedSources + ", authMethod=" + authMethod + ", user=" + user + ", restrictions=" + restrictions
                + ", createdAt=" + createdAt + "]";
    }
}
