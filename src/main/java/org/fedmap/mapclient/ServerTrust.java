package org.fedmap.mapclient;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Which server certificates a client accepts: those issued by (or equal to) the certificates in a PEM
 * file, for the host name the client asked for, or, for loopback tests and benchmarks only, any.
 */
public final class ServerTrust {
    private ServerTrust() {
    }

    /**
     * TLS that trusts the certificates in {@code pem}: the server's own self-signed certificate, or the
     * CA that issued it.
     *
     * @throws IOException when the file cannot be read or holds no certificate
     */
    public static SSLSocketFactory trusting(Path pem) throws IOException {
        return context(pem).getSocketFactory();
    }

    /** The same trust as {@link #trusting}, as a context for {@link java.net.http.HttpClient}. */
    public static SSLContext context(Path pem) throws IOException {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            int n = 0;
            try (InputStream in = Files.newInputStream(pem)) {
                for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                    ks.setCertificateEntry("trusted" + n++, c);
                }
            }
            if (n == 0) {
                throw new IOException(pem + ": no certificate in it");
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            return context(tmf.getTrustManagers());
        } catch (GeneralSecurityException e) {
            throw new IOException(pem + ": not a PEM certificate (" + e.getMessage() + ")", e);
        }
    }

    /** TLS that accepts any server certificate: no protection against a man in the middle. */
    public static SSLSocketFactory trustingAnyone() {
        try {
            return context(new TrustManager[] {new TrustAll()}).getSocketFactory();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM has no TLS", e);
        }
    }

    private static SSLContext context(TrustManager[] trust) throws GeneralSecurityException {
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, trust, null);
        return ctx;
    }

    /**
     * Accepts any certificate for any host name. An extended trust manager, because the JDK wraps a plain
     * one in a check of the host name, which {@link WireConnection} asks for.
     */
    private static final class TrustAll extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            // not a server
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            // any certificate, by the caller's explicit choice
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
            // not a server
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
            // any certificate and any host name, by the caller's explicit choice
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            // not a server
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            // any certificate and any host name, by the caller's explicit choice
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
