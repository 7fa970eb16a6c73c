package org.fedmap.ops;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.StringJoiner;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import org.fedmap.mapclient.ServerTrust;

/**
 * The command line's side of the admin API: finds the running server and asks it over HTTPS.
 *
 * <p>Given a data directory, it reads {@link AdminAccess} and trusts exactly the certificate recorded
 * there (by its SHA-256, whatever names it carries: the recorded URL may be an address the certificate
 * does not name). Given a URL, it checks the server's certificate the usual way, names included,
 * against the certificates of a PEM file or else the JDK's trusted CAs.
 */
public final class AdminClient {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final URI base;
    private final String authorization;
    private final HttpClient http;
    /** Added to "nobody answers" messages: where the URL came from. */
    private final String origin;

    private AdminClient(URI base, String authorization, SSLContext tls, String origin) {
        this.base = base;
        this.authorization = authorization;
        this.origin = origin;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .sslContext(tls)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    /**
     * The server running on {@code dataDir}, as recorded in {@code DATA/admin/admin.json}.
     *
     * @throws IllegalStateException in one line when no server records an admin listener there
     */
    public static AdminClient forDataDir(Path dataDir) {
        Path file = AdminAccess.file(dataDir);
        AdminAccess access;
        try {
            access = AdminAccess.read(dataDir).orElseThrow(() -> new IllegalStateException(
                    "no running fedmap server with an admin listener found for " + dataDir.toAbsolutePath().normalize()
                            + " (no " + file + "); start `fedmap serve --data DIR`, or use --admin URL"));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        return new AdminClient(URI.create(access.url()), basic(access.user(), access.password().toCharArray()),
                pinned(access.certificateSha256()), " (recorded in " + file + "; is the server still running?)");
    }

    /**
     * The admin API at {@code url} with an admin account's credentials.
     *
     * @param trustPem the server's certificate or its CA's, PEM; null for the JDK's trusted CAs
     */
    public static AdminClient forUrl(URI url, String user, char[] password, Path trustPem) {
        if (url.getScheme() == null || !url.getScheme().equals("https") || url.getHost() == null) {
            throw new IllegalArgumentException("--admin " + url + ": give the admin listener as https://HOST:PORT");
        }
        SSLContext tls = trustPem == null ? defaultTls() : trusting(trustPem);
        return new AdminClient(url, basic(user, password), tls, "");
    }

    /**
     * A path of the API with query parameters, each value URL-encoded; a null value is left out:
     * {@code path("/api/sessions", "id", "ar:ic1:s1", "ip", null)} is {@code /api/sessions?id=ar%3Aic1%3As1}.
     *
     * @param namesAndValues a name, then its value, and so on
     */
    public static String path(String path, String... namesAndValues) {
        StringJoiner query = new StringJoiner("&", "?", "").setEmptyValue("");
        for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
            if (namesAndValues[i + 1] != null) {
                query.add(namesAndValues[i] + "=" + URLEncoder.encode(namesAndValues[i + 1], StandardCharsets.UTF_8));
            }
        }
        return path + query;
    }

    /**
     * GETs a path of the API (e.g. {@code /api/status}) and returns the body of a 200 answer.
     *
     * @throws IllegalStateException in one line for anything else
     */
    public String get(String pathAndQuery) {
        return new String(send("GET", pathAndQuery, "application/json"), StandardCharsets.UTF_8);
    }

    /**
     * GETs a path of the API that answers something other than JSON (the graph dump's XML), as the bytes
     * that came.
     *
     * @throws IllegalStateException in one line for anything but a 200 answer
     */
    public byte[] getBytes(String pathAndQuery, String accept) {
        return send("GET", pathAndQuery, accept);
    }

    /**
     * POSTs to a path of the API (an action; its parameters in the query) and returns the body of a 200
     * answer.
     *
     * @throws IllegalStateException in one line for anything else
     */
    public String post(String pathAndQuery) {
        return new String(send("POST", pathAndQuery, "application/json"), StandardCharsets.UTF_8);
    }

    private byte[] send(String method, String pathAndQuery, String accept) {
        URI target = base.resolve(pathAndQuery);
        HttpRequest request = HttpRequest.newBuilder(target).timeout(TIMEOUT)
                .header("Authorization", authorization).header("Accept", accept)
                .method(method, HttpRequest.BodyPublishers.noBody()).build();
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (ConnectException | HttpConnectTimeoutException e) {
            throw new IllegalStateException("no fedmap admin API answers at " + base + origin, e);
        } catch (SSLException e) {
            throw new IllegalStateException("the server at " + base + " did not prove itself with a trusted"
                    + " certificate: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new IllegalStateException("talking to the admin API at " + base + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + base, e);
        }
        int status = response.statusCode();
        if (status == 200) {
            return response.body();
        }
        if (status == 401) {
            throw new IllegalStateException("the admin API at " + base + " refused the credentials (HTTP 401)");
        }
        if (status == 403) {
            throw new IllegalStateException("the admin API at " + base + " does not admit this machine's address"
                    + " (HTTP 403); see admin.allow");
        }
        String message = new String(response.body(), StandardCharsets.UTF_8);
        try {
            Object error = Json.read(message, java.util.Map.class).get("error");
            if (error != null) {
                message = error.toString();
            }
        } catch (IllegalArgumentException e) {
            // not our JSON: show the body as it came
        }
        throw new IllegalStateException("the admin API answered HTTP " + status + " to " + target.getPath() + ": "
                + message.strip());
    }

    private static String basic(String user, char[] password) {
        String pair = user + ":" + new String(password);
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    private static SSLContext defaultTls() {
        try {
            return SSLContext.getDefault();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no TLS available: " + e.getMessage(), e);
        }
    }

    /** Trusts the certificates of a PEM file as trust anchors, names checked as usual. */
    private static SSLContext trusting(Path pem) {
        try {
            return ServerTrust.context(pem);
        } catch (IOException e) {
            throw new IllegalArgumentException("--trust-pem " + e.getMessage(), e);
        }
    }

    /** Trusts exactly the certificate with this SHA-256, and nothing else. */
    private static SSLContext pinned(String sha256) {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {new Pinned(sha256)}, null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no TLS available: " + e.getMessage(), e);
        }
    }

    /**
     * Accepts a server whose certificate is the recorded one. The pin is the whole check: no name is
     * compared, because the pin already says which key the server must hold.
     */
    private static final class Pinned extends X509ExtendedTrustManager {
        private final String sha256;

        Pinned(String sha256) {
            this.sha256 = sha256;
        }

        private void check(X509Certificate[] chain) throws CertificateException {
            if (chain == null || chain.length == 0) {
                throw new CertificateException("the server sent no certificate");
            }
            String seen = AdminAccess.fingerprint(chain[0]);
            if (!seen.equalsIgnoreCase(sha256)) {
                throw new CertificateException("the server's certificate (SHA-256 " + seen
                        + ") is not the one recorded for it (" + sha256 + ")");
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            check(chain);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            check(chain);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            check(chain);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("a client trusts no clients");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            throw new CertificateException("a client trusts no clients");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            throw new CertificateException("a client trusts no clients");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
