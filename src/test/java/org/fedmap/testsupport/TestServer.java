package org.fedmap.testsupport;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import org.fedmap.security.PasswordHasher;
import org.fedmap.server.Config;
import org.fedmap.server.FedmapServer;
import org.fedmap.server.StartupException;

/**
 * The real server, started in-process on a free loopback port with its own data directory, and the
 * trust material a client needs to talk to it over HTTPS.
 */
public final class TestServer implements SoapTarget, AutoCloseable {
    public static final String PASSWORD = "secret-password-1";

    private final FedmapServer server;
    private final Path dataDir;
    private final boolean ownsDataDir;

    private TestServer(FedmapServer server, Path dataDir, boolean ownsDataDir) {
        this.server = server;
        this.dataDir = dataDir;
        this.ownsDataDir = ownsDataDir;
    }

    /** A server with default settings and clients "alice" and "bob" (password {@link #PASSWORD}). */
    public static TestServer start() {
        return start(Map.of());
    }

    public static TestServer start(Map<String, String> settings) {
        try {
            Path dir = Files.createTempDirectory("fedmap-test");
            TestServer s = start(settings, dir, true);
            s.addClient("alice", PASSWORD);
            s.addClient("bob", PASSWORD);
            return s;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A server on an existing data directory (for restart tests); no clients are added. */
    public static TestServer start(Map<String, String> settings, Path dataDir, boolean ownsDataDir) {
        for (int attempt = 1; ; attempt++) {
            Map<String, String> values = new HashMap<>(settings);
            values.putIfAbsent("server.port", Integer.toString(freePort()));
            values.putIfAbsent("server.hostname", "localhost");
            // any free port: tests run side by side, and the default 8444 would be taken by the first
            values.putIfAbsent("admin.port", "0");
            Config config = Config.from(values, null);
            try {
                return new TestServer(FedmapServer.start(config, dataDir), dataDir, ownsDataDir);
            } catch (StartupException e) {
                // a free port is free only until someone takes it: the server's own database listener,
                // started just before HTTPS on an ephemeral port, may have; pick another
                if (settings.containsKey("server.port") || attempt == 5 || !e.getMessage().contains("port is in use")) {
                    throw e;
                }
            }
        }
    }

    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public void addClient(String name, String password) {
        server.clients().add(name, new PasswordHasher().hash(password.toCharArray()));
    }

    public FedmapServer server() {
        return server;
    }

    public String url() {
        return server.url().toString();
    }

    public String url(String path) {
        return "https://127.0.0.1:" + server.port() + path;
    }

    public int port() {
        return server.port();
    }

    public Path dataDir() {
        return dataDir;
    }

    public X509Certificate certificate() {
        return server.certificate();
    }

    /** Trust managers that trust exactly this server's certificate. */
    public TrustManager[] trustManagers() {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setCertificateEntry("fedmap", certificate());
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            return tmf.getTrustManagers();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public SSLContext sslContext() {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, trustManagers(), null);
            return ctx;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A new raw connection (one TCP connection) for a client. */
    @Override
    public SoapConnection connect(String user) {
        return new SoapConnection(this, user, PASSWORD);
    }

    @Override
    public void close() {
        server.close();
        if (ownsDataDir) {
            Files2.deleteTree(dataDir);
        }
    }
}
