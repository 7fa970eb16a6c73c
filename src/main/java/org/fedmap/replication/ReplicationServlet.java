package org.fedmap.replication;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.InvalidAlgorithmParameterException;
import java.security.MessageDigest;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.zip.GZIPOutputStream;
import org.fedmap.security.AddressRange;
import org.fedmap.security.CertificateAuthenticator;
import org.fedmap.security.SubjectPattern;
import org.fedmap.store.AuthMethod;
import org.fedmap.store.ReplicaRecord;
import org.fedmap.xml.SafeXmlReader;
import org.fedmap.xml.XmlException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The answering side of replication: a configured replica pulls this server's own changes over the
 * IF-MAP endpoint, with {@value #CONTENT_TYPE} instead of SOAP. The replica must come from one of its
 * allowed addresses and present its credentials: its Basic user and password, or a TLS certificate
 * from one of its CAs matching one of its subject restrictions. Anything else is refused with 401 and a
 * log line naming the address and the reason. Data is answered only to a replica that proved itself.
 */
public final class ReplicationServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger log = LoggerFactory.getLogger(ReplicationServlet.class);
    /** What a pull is sent as, so the endpoint hands it here rather than to the IF-MAP codecs. */
    public static final String CONTENT_TYPE = "application/vnd.fedmap.replication+xml";
    /** A pull is one small element. */
    private static final int MAX_PULL_BYTES = 16 * 1024;
    /** The longest a pull may wait for a change before it is answered empty. */
    private static final long MAX_WAIT_MILLIS = 30_000;

    private final transient ReplicaRegistry replicas;
    private final transient Supplier<ReplicaKey> key;
    private final transient Supplier<OwnChanges> ownChanges;

    public ReplicationServlet(ReplicaRegistry replicas, Supplier<ReplicaKey> key, Supplier<OwnChanges> ownChanges) {
        this.replicas = replicas;
        this.key = key;
        this.ownChanges = ownChanges;
    }

    /** Whether a request is a replica's pull (by its content type). */
    public static boolean handles(HttpServletRequest req) {
        String type = req.getContentType();
        return type != null && type.toLowerCase(Locale.ROOT).startsWith(CONTENT_TYPE);
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String from = req.getRemoteAddr();
        if (!"POST".equals(req.getMethod())) {
            plain(resp, 405, "replication pulls are sent with POST");
            return;
        }
        Optional<ReplicaRecord> replica = admit(req, from);
        if (replica.isEmpty()) {
            resp.setHeader("WWW-Authenticate", "Basic realm=\"fedmap replication\"");
            plain(resp, 401, "not a configured replica, or wrong credentials");
            return;
        }
        byte[] body = req.getInputStream().readNBytes(MAX_PULL_BYTES + 1);
        if (body.length > MAX_PULL_BYTES) {
            log.warn("replica '{}' from {}: pull larger than {} bytes refused", replica.get().name(), from, MAX_PULL_BYTES);
            plain(resp, 413, "a pull is at most " + MAX_PULL_BYTES + " bytes");
            return;
        }
        ReplicationMessages.Pull pull;
        try {
            var root = new SafeXmlReader().parse(body);
            pull = ReplicationMessages.decodePull(root);
            pull = new ReplicationMessages.Pull(pull.serverId(), pull.after(), pull.cursor(),
                    Math.min(pull.maxItems(), 50_000), Math.min(pull.waitMillis(), MAX_WAIT_MILLIS));
        } catch (XmlException | IllegalArgumentException e) {
            log.warn("replica '{}' from {}: bad pull refused: {}", replica.get().name(), from, e.getMessage());
            plain(resp, 400, "bad pull: " + e.getMessage());
            return;
        }
        ReplicationMessages.Batch batch;
        try {
            batch = ownChanges.get().answer(pull);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            plain(resp, 503, "the server is stopping");
            return;
        }
        byte[] answer = ReplicationMessages.encode(batch).getBytes(StandardCharsets.UTF_8);
        resp.setStatus(200);
        resp.setContentType(CONTENT_TYPE + "; charset=utf-8");
        String accept = req.getHeader("Accept-Encoding");
        if (accept != null && accept.toLowerCase(Locale.ROOT).contains("gzip") && answer.length > 1024) {
            // replicas may sit across a WAN: batches are repetitive XML and shrink several times over
            ByteArrayOutputStream zipped = new ByteArrayOutputStream(answer.length / 4);
            try (OutputStream z = new GZIPOutputStream(zipped)) {
                z.write(answer);
            }
            answer = zipped.toByteArray();
            resp.setHeader("Content-Encoding", "gzip");
        }
        resp.setContentLength(answer.length);
        resp.getOutputStream().write(answer);
        resp.flushBuffer();
    }

    /** The configured replica this request proves to be, from an allowed address; empty (and logged) otherwise. */
    private Optional<ReplicaRecord> admit(HttpServletRequest req, String from) {
        List<ReplicaRecord> fromHere = replicas.list().stream()
                .filter(r -> AddressRange.anyContains(r.allowedSources().stream().map(AddressRange::parse).toList(), from))
                .toList();
        if (fromHere.isEmpty()) {
            log.warn("replication pull from {} refused: no replica is allowed to connect from there", from);
            return Optional.empty();
        }
        String authorization = req.getHeader("Authorization");
        if (authorization == null) {
            return admitByCertificate(req, from, fromHere);
        }
        if (!authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            log.warn("replication pull from {} refused: credentials that are not Basic", from);
            return Optional.empty();
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            log.warn("replication pull from {} refused: malformed Basic credentials", from);
            return Optional.empty();
        }
        int colon = decoded.indexOf(':');
        String user = colon < 0 ? decoded : decoded.substring(0, colon);
        byte[] given = (colon < 0 ? "" : decoded.substring(colon + 1)).getBytes(StandardCharsets.UTF_8);
        for (ReplicaRecord r : fromHere) {
            if (r.authMethod() != AuthMethod.BASIC || !r.user().equals(user)) {
                continue;
            }
            char[] expected;
            try {
                expected = key.get().open(r.name(), r.user(), r.sealedPassword());
            } catch (RuntimeException unreadable) {
                log.error("replica '{}': its stored password cannot be opened with this server's replica key ({});"
                        + " remove and add it again", r.name(), unreadable.getMessage());
                continue;
            }
            byte[] expectedBytes = new String(expected).getBytes(StandardCharsets.UTF_8);
            java.util.Arrays.fill(expected, '\0');
            if (MessageDigest.isEqual(expectedBytes, given)) {
                return Optional.of(r);
            }
        }
        log.warn("replication pull from {} refused: wrong user or password for the replicas allowed there ({})", from,
                fromHere.stream().map(ReplicaRecord::name).toList());
        return Optional.empty();
    }

    /**
     * The certificate replica allowed at this address whose CAs the peer's TLS certificate chain leads to,
     * with a subject one of its restrictions matches.
     */
    private Optional<ReplicaRecord> admitByCertificate(HttpServletRequest req, String from, List<ReplicaRecord> fromHere) {
        X509Certificate[] chain = (X509Certificate[]) req.getAttribute("jakarta.servlet.request.X509Certificate");
        if (chain == null || chain.length == 0) {
            log.warn("replication pull from {} refused: neither Basic credentials nor a certificate", from);
            return Optional.empty();
        }
        List<String> why = new ArrayList<>();
        for (ReplicaRecord r : fromHere) {
            if (r.authMethod() != AuthMethod.CERTIFICATE) {
                continue;
            }
            String problem;
            try {
                problem = CertificateAuthenticator.chainProblem(chain, anchors(r), System.currentTimeMillis());
            } catch (InvalidAlgorithmParameterException e) {
                problem = "its configured CA cannot be read: " + e.getMessage();
            }
            if (problem == null && !SubjectPattern.anyMatches(r.restrictions().stream().map(SubjectPattern::parse)
                    .toList(), chain[0].getSubjectX500Principal())) {
                problem = "subject " + chain[0].getSubjectX500Principal().getName() + " matches none of "
                        + r.restrictions();
            }
            if (problem == null) {
                return Optional.of(r);
            }
            why.add(r.name() + ": " + problem);
        }
        log.warn("replication pull from {} refused: its certificate fits no replica allowed there ({})", from,
                why.isEmpty() ? "none authenticates by certificate" : String.join("; ", why));
        return Optional.empty();
    }

    private Set<TrustAnchor> anchors(ReplicaRecord r) throws InvalidAlgorithmParameterException {
        Set<TrustAnchor> anchors = new HashSet<>();
        for (X509Certificate c : replicas.cas(r.name())) {
            anchors.add(new TrustAnchor(c, null));
        }
        if (anchors.isEmpty()) {
            throw new InvalidAlgorithmParameterException("no CA certificate configured");
        }
        return anchors;
    }

    private static void plain(HttpServletResponse resp, int status, String message) throws IOException {
        byte[] body = (message + "\n").getBytes(StandardCharsets.UTF_8);
        resp.setStatus(status);
        resp.setContentType("text/plain; charset=utf-8");
        resp.setContentLength(body.length);
        resp.getOutputStream().write(body);
        resp.flushBuffer();
    }
}
