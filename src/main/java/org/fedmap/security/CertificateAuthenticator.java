package org.fedmap.security;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.fedmap.security.AuthResult.Refusal;

/**
 * Finds the certificate client a TLS client certificate belongs to.
 *
 * <p>The TLS layer only proves that the peer holds the key of the certificate it sent; whether the
 * certificate is any good is decided here, per client: the chain must lead to one of the client's
 * trusted CAs (PKIX, at the current time), the leaf must be usable for client authentication, and
 * its subject must match one of the client's subject restrictions (if it has any). Deciding here
 * rather than in the handshake lets every refusal be logged with its reason and the source address,
 * and lets CAs be added and removed without restarting the listener.
 *
 * <p>When several clients accept a certificate, the source address decides: the one client whose
 * source rules name that address wins. Anything else is ambiguous and refused, so an operator never
 * gets a client they did not mean.
 */
public final class CertificateAuthenticator {
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    private static final String ANY_EXTENDED_KEY_USAGE = "2.5.29.37.0";

    private final ClientRegistry registry;
    private final Clock clock;

    public CertificateAuthenticator(ClientRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
    }

    /** Checks the certificate chain a client presented in the TLS handshake, leaf first. */
    public AuthResult authenticate(X509Certificate[] chain, String remoteAddress) {
        if (chain == null || chain.length == 0) {
            return AuthResult.Refused.noCredentials();
        }
        X509Certificate leaf = chain[0];
        String described = describe(leaf);
        if (!usableForClientAuth(leaf)) {
            return refused("certificate " + described + " is not for client authentication (extended key usage)");
        }
        String digest = digest(chain);
        long now = clock.millis();
        List<RegisteredClient> trusting = new ArrayList<>();
        String validationProblem = null;
        for (RegisteredClient c : registry.certificateClients()) {
            if (c.defect() != null) {
                continue;
            }
            Long until = c.verifiedUntil(digest);
            if (until == null || now > until) {
                String problem = validate(chain, c, now);
                if (problem != null) {
                    validationProblem = problem;
                    continue;
                }
                c.rememberVerified(digest, validUntil(chain));
            } else if (leaf.getNotBefore().getTime() > now) {
                continue;
            }
            trusting.add(c);
        }
        if (trusting.isEmpty()) {
            return refused("certificate " + described + " is not accepted by any certificate client's CA"
                    + (validationProblem == null ? "" : " (" + validationProblem + ")"));
        }
        List<RegisteredClient> matching = new ArrayList<>();
        for (RegisteredClient c : trusting) {
            if (c.subjects().isEmpty() || c.subjects().stream()
                    .anyMatch(p -> p.matches(leaf.getSubjectX500Principal()))) {
                matching.add(c);
            }
        }
        if (matching.isEmpty()) {
            return refused("certificate " + described + " matches the subject restrictions of none of "
                    + names(trusting));
        }
        if (matching.size() == 1) {
            return new AuthResult.Authenticated(ClientIdentity.of(matching.get(0).record()));
        }
        List<RegisteredClient> byAddress = matching.stream().filter(c -> c.namesAddress(remoteAddress)).toList();
        if (byAddress.size() == 1) {
            return new AuthResult.Authenticated(ClientIdentity.of(byAddress.get(0).record()));
        }
        return refused("certificate " + described + " from " + remoteAddress + " fits " + names(matching)
                + " alike; give them distinct subject restrictions or source addresses");
    }

    private static AuthResult refused(String reason) {
        return new AuthResult.Refused(Refusal.FORBIDDEN, reason, Duration.ZERO);
    }

    /** Null when the chain leads to one of the client's CAs at time {@code now}; otherwise why not. */
    private static String validate(X509Certificate[] chain, RegisteredClient client, long now) {
        return chainProblem(chain, client.anchors(), now);
    }

    /**
     * Null when {@code chain} (leaf first; a CA sent along is ignored) leads to one of {@code anchors} at
     * time {@code now}; otherwise why not. Revocation is not checked: fedmap's CA and gateways' CAs
     * publish no CRLs or OCSP, and an operator revokes by changing the client or replica.
     */
    public static String chainProblem(X509Certificate[] chain, Set<TrustAnchor> anchors, long now) {
        List<X509Certificate> path = new ArrayList<>();
        for (X509Certificate c : chain) {
            // a peer may send its CA along; the anchor must not be part of the path itself
            if (!isAnchor(c, anchors)) {
                path.add(c);
            }
        }
        if (path.isEmpty()) {
            return "only a CA certificate was sent";
        }
        try {
            CertPath certPath = CertificateFactory.getInstance("X.509").generateCertPath(path);
            PKIXParameters params = new PKIXParameters(anchors);
            params.setRevocationEnabled(false);
            params.setDate(new Date(now));
            CertPathValidator.getInstance("PKIX").validate(certPath, params);
            return null;
        } catch (CertPathValidatorException e) {
            return e.getMessage();
        } catch (GeneralSecurityException e) {
            return e.getMessage();
        }
    }

    private static boolean isAnchor(X509Certificate c, Set<TrustAnchor> anchors) {
        for (TrustAnchor a : anchors) {
            if (a.getTrustedCert().equals(c)) {
                return true;
            }
        }
        return false;
    }

    private static boolean usableForClientAuth(X509Certificate leaf) {
        try {
            List<String> eku = leaf.getExtendedKeyUsage();
            return eku == null || eku.contains(CLIENT_AUTH) || eku.contains(ANY_EXTENDED_KEY_USAGE);
        } catch (java.security.cert.CertificateParsingException e) {
            return false;
        }
    }

    private static long validUntil(X509Certificate[] chain) {
        long until = Long.MAX_VALUE;
        for (X509Certificate c : chain) {
            until = Math.min(until, c.getNotAfter().getTime());
        }
        return until;
    }

    private static String digest(X509Certificate[] chain) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (X509Certificate c : chain) {
                byte[] der = c.getEncoded();
                sha.update((byte) (der.length >>> 24));
                sha.update((byte) (der.length >>> 16));
                sha.update((byte) (der.length >>> 8));
                sha.update((byte) der.length);
                sha.update(der);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    private static String describe(X509Certificate leaf) {
        return "'" + leaf.getSubjectX500Principal().getName() + "' (issuer '" + leaf.getIssuerX500Principal().getName()
                + "', serial " + leaf.getSerialNumber().toString(16) + ")";
    }

    private static String names(List<RegisteredClient> clients) {
        return clients.stream().map(c -> "'" + c.name() + "'").toList().toString();
    }
}
