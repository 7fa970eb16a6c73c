package org.fedmap.security;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The TLS listener's trust manager. It asks clients for a certificate naming the CAs certificate
 * clients trust, and lets any well-formed certificate through the handshake: the handshake proves
 * the peer holds the certificate's key, and {@link CertificateAuthenticator} then decides, per
 * client and with a logged reason, whether the certificate is accepted. A client without a
 * certificate is let through too, for Basic authentication.
 */
public final class ClientCertificateTrust extends X509ExtendedTrustManager {
    private final ClientRegistry registry;
    private volatile java.util.function.Supplier<X509Certificate[]> moreIssuers = () -> new X509Certificate[0];

    public ClientCertificateTrust(ClientRegistry registry) {
        this.registry = registry;
    }

    /** Also names these CAs in the certificate request (replica servers' CAs). */
    public void alsoName(java.util.function.Supplier<X509Certificate[]> issuers) {
        this.moreIssuers = issuers;
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new CertificateException("empty client certificate chain");
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        checkClientTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        checkClientTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("the IF-MAP listener never acts as a TLS client");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        X509Certificate[] clients = registry.trustedCas();
        X509Certificate[] more = moreIssuers.get();
        if (more.length == 0) {
            return clients;
        }
        X509Certificate[] all = java.util.Arrays.copyOf(clients, clients.length + more.length);
        System.arraycopy(more, 0, all, clients.length, more.length);
        return all;
    }
}
