package org.fedmap.security;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.fedmap.store.AuthMethod;
import org.fedmap.store.ClientRecord;

/**
 * A client record made ready for checking requests: its source rules, subject restrictions and
 * trusted CAs parsed once, when the registry loads it, instead of on every request.
 *
 * <p>A record the server cannot make sense of (a CA that is not a certificate, say, written by hand
 * into the database) still loads, with a {@link #defect()} that refuses every request for it; one
 * bad record must not keep the others out.
 */
public final class RegisteredClient {
    private static final int MAX_VERIFIED_CHAINS = 1024;

    private final ClientRecord record;
    private final List<AddressRange> sources;
    private final List<SubjectPattern> subjects;
    private final List<X509Certificate> caCertificates;
    private final Set<TrustAnchor> anchors;
    private final String defect;
    /** Chains (by digest) that verified against this client's CAs, with the end of their validity in ms. */
    private final ConcurrentHashMap<String, Long> verifiedChains = new ConcurrentHashMap<>();

    private RegisteredClient(ClientRecord record, List<AddressRange> sources, List<SubjectPattern> subjects,
                             List<X509Certificate> caCertificates, String defect) {
        this.record = record;
        this.sources = sources;
        this.subjects = subjects;
        this.caCertificates = caCertificates;
        Set<TrustAnchor> a = new HashSet<>();
        for (X509Certificate ca : caCertificates) {
            a.add(new TrustAnchor(ca, null));
        }
        this.anchors = Set.copyOf(a);
        this.defect = defect;
    }

    public static RegisteredClient of(ClientRecord record) {
        List<AddressRange> sources = new ArrayList<>();
        List<SubjectPattern> subjects = new ArrayList<>();
        List<X509Certificate> cas = new ArrayList<>();
        String defect = null;
        try {
            for (String s : record.allowedSources()) {
                sources.add(AddressRange.parse(s));
            }
            for (String s : record.certSubjects()) {
                subjects.add(SubjectPattern.parse(s));
            }
            if (record.authMethod() == AuthMethod.CERTIFICATE) {
                cas.addAll(parseCertificates(record.caCertificates()));
                if (cas.isEmpty()) {
                    defect = "its trusted CA list holds no certificate";
                }
            }
        } catch (IllegalArgumentException e) {
            defect = "its stored registration is unusable: " + e.getMessage();
        }
        return new RegisteredClient(record, List.copyOf(sources), List.copyOf(subjects), List.copyOf(cas), defect);
    }

    /** The certificates in PEM text (one or more BEGIN CERTIFICATE blocks). */
    public static List<X509Certificate> parseCertificates(String pem) {
        if (pem == null || pem.isBlank()) {
            return List.of();
        }
        try {
            List<X509Certificate> out = new ArrayList<>();
            for (Certificate c : CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))) {
                out.add((X509Certificate) c);
            }
            return List.copyOf(out);
        } catch (CertificateException | ClassCastException e) {
            throw new IllegalArgumentException("not PEM certificates: " + e.getMessage(), e);
        }
    }

    public ClientRecord record() {
        return record;
    }

    public String name() {
        return record.name();
    }

    /** The source rules; empty means any address. */
    public List<AddressRange> sources() {
        return sources;
    }

    /** Whether requests from {@code address} are allowed (no rules means from anywhere). */
    public boolean admitsAddress(String address) {
        return AddressRange.anyContains(sources, address);
    }

    /** Whether a rule names {@code address} explicitly (used to tell certificate clients apart). */
    public boolean namesAddress(String address) {
        return !sources.isEmpty() && AddressRange.anyContains(sources, address);
    }

    public List<SubjectPattern> subjects() {
        return subjects;
    }

    public List<X509Certificate> caCertificates() {
        return caCertificates;
    }

    Set<TrustAnchor> anchors() {
        return anchors;
    }

    /** Why no request can be admitted for this client whatever it sends, or null. */
    public String defect() {
        return defect;
    }

    /** The validity end (ms) of a chain already verified against this client's CAs, or null. */
    Long verifiedUntil(String chainDigest) {
        return verifiedChains.get(chainDigest);
    }

    void rememberVerified(String chainDigest, long validUntilMillis) {
        if (verifiedChains.size() >= MAX_VERIFIED_CHAINS) {
            // Rare (a client with that many certificates); starting over is simpler than an LRU.
            verifiedChains.clear();
        }
        verifiedChains.put(chainDigest, validUntilMillis);
    }

    @Override
    public String toString() {
        return "client '" + record.name() + "'";
    }
}
