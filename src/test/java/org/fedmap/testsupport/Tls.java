package org.fedmap.testsupport;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/** Certificates and real TLS handshakes over loopback, for tests of key material. */
public final class Tls {
    private Tls() {
    }

    /** What each side saw of the other; {@code clientChain} is null when the server asked for no certificate. */
    public record Handshake(Certificate[] serverChain, Certificate[] clientChain) {
    }

    public static X509Certificate readPem(Path file) throws Exception {
        try (InputStream in = Files.newInputStream(file)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    /** The subject alternative names as "DNS:name", "IP:address" (canonical) or "EMAIL:address". */
    public static Set<String> altNames(X509Certificate cert) throws Exception {
        Set<String> names = new HashSet<>();
        if (cert.getSubjectAlternativeNames() == null) {
            return names;
        }
        for (List<?> san : cert.getSubjectAlternativeNames()) {
            int type = (Integer) san.get(0);
            String value = (String) san.get(1);
            if (type == 2) {
                names.add("DNS:" + value);
            } else if (type == 7) {
                names.add("IP:" + InetAddress.getByName(value).getHostAddress());
            } else if (type == 1) {
                names.add("EMAIL:" + value);
            } else {
                names.add("other:" + value);
            }
        }
        return names;
    }

    /** A TLS context presenting {@code keyManagers} (may be null) and trusting exactly {@code trusted}. */
    public static SSLContext context(KeyManager[] keyManagers, X509Certificate... trusted) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        for (int i = 0; i < trusted.length; i++) {
            trust.setCertificateEntry("trusted" + i, trusted[i]);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers, tmf.getTrustManagers(), null);
        return context;
    }

    /**
     * Listens on a loopback port with {@code server}, connects to {@code host} with {@code client}
     * checking the host name as an HTTPS client does, and sends a byte each way.
     *
     * @param needClientAuth whether the server demands a client certificate
     */
    public static Handshake roundTrip(SSLContext server, SSLContext client, String host, boolean needClientAuth)
            throws Exception {
        try (SSLServerSocket listener = (SSLServerSocket) server.getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            listener.setNeedClientAuth(needClientAuth);
            CompletableFuture<Certificate[]> served = CompletableFuture.supplyAsync(() -> {
                try (SSLSocket s = (SSLSocket) listener.accept()) {
                    s.setSoTimeout(10_000);
                    int b = s.getInputStream().read();
                    s.getOutputStream().write(b + 1);
                    s.getOutputStream().flush();
                    return needClientAuth ? s.getSession().getPeerCertificates() : null;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            Certificate[] serverChain;
            try (SSLSocket socket = (SSLSocket) client.getSocketFactory().createSocket(host,
                    listener.getLocalPort())) {
                socket.setSoTimeout(10_000);
                SSLParameters p = socket.getSSLParameters();
                p.setEndpointIdentificationAlgorithm("HTTPS");
                socket.setSSLParameters(p);
                OutputStream out = socket.getOutputStream();
                out.write(41);
                out.flush();
                if (socket.getInputStream().read() != 42) {
                    throw new IllegalStateException("the server did not answer");
                }
                serverChain = socket.getSession().getPeerCertificates();
            }
            // Only once the client has closed: the server's close waits for the client's close_notify.
            return new Handshake(serverChain, served.get(10, TimeUnit.SECONDS));
        }
    }
}
