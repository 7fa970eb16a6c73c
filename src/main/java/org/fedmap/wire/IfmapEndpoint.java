package org.fedmap.wire;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.fedmap.model.ErrorCode;
import org.fedmap.model.IfmapException;
import org.fedmap.model.ProtocolVersion;
import org.fedmap.security.AuthResult;
import org.fedmap.security.BasicAuthenticator;
import org.fedmap.security.ClientAdmission;
import org.fedmap.session.Caller;
import org.fedmap.session.Request;
import org.fedmap.session.Response;
import org.fedmap.session.Sessions;
import org.fedmap.xml.SafeXmlReader;
import org.fedmap.xml.XmlElement;
import org.fedmap.xml.XmlException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The IF-MAP endpoint, a servlet on the HTTPS listener. Every request follows one path:
 * authenticate, read the body (bounded, gzip allowed), parse it with the hardened reader, find the
 * SOAP and IF-MAP versions, decode, hand to {@link Sessions}, encode, write. A poll that has to
 * wait leaves the request in Servlet async mode, so no thread is held while it waits.
 *
 * <p>It reads the servlet request itself rather than sitting behind a JAX-WS Provider, because the
 * JAX-WS binding re-parses and re-serializes the body before the application sees it: the server
 * must see the client's exact bytes (hardened parsing, metadata stored as published) and must answer
 * each request in the SOAP version it came in.
 *
 * <p>After every IF-MAP request is answered (or refused, or, for a waiting poll, abandoned) the
 * endpoint hands one {@link Exchange} to its exchange listeners, on the thread that wrote the answer.
 */
public final class IfmapEndpoint extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger log = LoggerFactory.getLogger(IfmapEndpoint.class);
    private static final int GZIP_THRESHOLD = 1024;

    /** Where the Servlet API puts the certificate chain the TLS client presented. */
    private static final String PEER_CERTIFICATES = "jakarta.servlet.request.X509Certificate";

    private final ClientAdmission admission;
    private final ScheduledExecutorService timers;
    private final Sessions sessions;
    private final Connections connections;
    private final WsdlPublisher wsdl;
    private final SafeXmlReader reader;
    private final int maxRequestSize;
    private final Ifmap1Decoder decoder1;
    private final Ifmap1Encoder encoder1 = new Ifmap1Encoder();
    private final Ifmap2Decoder decoder2;
    private final Ifmap2Encoder encoder2 = new Ifmap2Encoder();
    private final List<Consumer<Exchange>> exchangeListeners;

    /**
     * @param exchangeListeners told of every exchange once its answer is written; they run on request
     *                          threads, so each must be quick (hand the exchange to a queue, or count it)
     */
    public IfmapEndpoint(ClientAdmission admission, ScheduledExecutorService timers, Sessions sessions,
                         Connections connections, WsdlPublisher wsdl, CodecSettings codec, SafeXmlReader reader,
                         int maxRequestSize, List<Consumer<Exchange>> exchangeListeners) {
        this.admission = admission;
        this.timers = timers;
        this.sessions = sessions;
        this.connections = connections;
        this.wsdl = wsdl;
        this.reader = reader;
        this.maxRequestSize = maxRequestSize;
        this.decoder1 = new Ifmap1Decoder(codec);
        this.decoder2 = new Ifmap2Decoder(codec);
        this.exchangeListeners = List.copyOf(exchangeListeners);
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) {
        Arrival arrival = Arrival.now();
        try {
            serve(req, resp, arrival);
        } catch (IOException e) {
            log.debug("writing to {} failed: {}", req.getRemoteAddr(), e.toString());
        } catch (RuntimeException e) {
            log.error("unexpected failure handling a request from {}", req.getRemoteAddr(), e);
            byte[] answer = sendPlain(resp, 500, "internal server error");
            httpError(arrival, null, req.getRemoteAddr(), 500, answer);
        }
    }

    /**
     * Another protocol on the same endpoint (replication between servers), told apart by the request
     * before anything IF-MAP is done with it, and authenticating its peers itself.
     */
    public record Extension(java.util.function.Predicate<HttpServletRequest> handles,
                            jakarta.servlet.http.HttpServlet servlet) {
    }

    private volatile Extension extension;

    /** Hands the requests {@code extension} recognises to its servlet. */
    public void extend(Extension extension) {
        this.extension = extension;
    }

    /** Handles one request; returns true when its answer comes later (a poll that waits). */
    private boolean serve(HttpServletRequest req, HttpServletResponse resp, Arrival arrival) throws IOException {
        Extension ext = extension;
        if (ext != null && ext.handles().test(req)) {
            try {
                ext.servlet().service(req, resp);
            } catch (jakarta.servlet.ServletException e) {
                throw new IOException(e);
            }
            return false;
        }
        String method = req.getMethod();
        if ("GET".equals(method) && wsdl.handles(req)) {
            wsdl.serve(req, resp);
            return false;
        }
        if (!"POST".equals(method)) {
            resp.setHeader("Allow", "POST, GET");
            byte[] answer = sendPlain(resp, 405,
                    "IF-MAP requests are SOAP documents sent with POST; GET ?wsdl gives the WSDL");
            httpError(arrival, null, req.getRemoteAddr(), 405, answer);
            return false;
        }
        AuthResult auth = admission.admit(req.getHeader("Authorization"),
                (X509Certificate[]) req.getAttribute(PEER_CERTIFICATES), req.getRemoteAddr());
        if (auth instanceof AuthResult.Refused refused) {
            return refuse(req, resp, refused, arrival);
        }
        var client = ((AuthResult.Authenticated) auth).client();
        String connectionId = req.getServletConnection().getConnectionId();
        // an authenticated client's channels are long-lived: never cut them for being idle
        connections.keepOpen(connectionId);

        byte[] body;
        try {
            body = readBody(req);
        } catch (TooLarge e) {
            log.warn("refused request of client '{}' from {}: larger than http.max-request-size ({} bytes)",
                    client.name(), req.getRemoteAddr(), maxRequestSize);
            byte[] answer = sendPlain(resp, 413, "request larger than " + maxRequestSize + " bytes");
            httpError(arrival, client.name(), req.getRemoteAddr(), 413, answer);
            return false;
        } catch (UnsupportedEncoding e) {
            byte[] answer = sendPlain(resp, 415, e.getMessage());
            httpError(arrival, client.name(), req.getRemoteAddr(), 415, answer);
            return false;
        }

        SoapEnvelope envelope;
        try {
            XmlElement root = reader.parse(body);
            envelope = SoapEnvelope.of(root);
        } catch (XmlException e) {
            fault(resp, req, arrival, client.name(), body, new SoapFault(SoapFault.Code.SENDER,
                    SoapVersion.guessFromContentType(req.getContentType()), e.getMessage()));
            return false;
        } catch (SoapFault f) {
            fault(resp, req, arrival, client.name(), body, f);
            return false;
        }
        ProtocolVersion version = envelope.ifmapVersion();
        String headerSessionId = version == ProtocolVersion.IFMAP_1_1 ? Ifmap1Decoder.headerSessionId(envelope) : null;
        Caller caller = new Caller(client, connectionId, req.getRemoteAddr(), version);
        boolean gzip = acceptsGzip(req.getHeader("Accept-Encoding"));
        Request request;
        try {
            request = version == ProtocolVersion.IFMAP_2 ? decoder2.decode(envelope.operation()) : decoder1.decode(envelope);
        } catch (IfmapException e) {
            String operation = envelope.operation() == null ? "session request" : envelope.operation().localName();
            InFlight undecoded = new InFlight(arrival, envelope, caller, gzip, headerSessionId, body, operation,
                    operationOf(envelope), claimedSessionId(envelope, headerSessionId));
            answer(resp, undecoded, new Response.Failed(e.code(), e.getMessage()));
            return false;
        }
        InFlight inFlight = new InFlight(arrival, envelope, caller, gzip, headerSessionId, body, request.operation(),
                Exchange.Operation.ofElement(request.operation()), request.sessionId());
        CompletableFuture<Response> outcome = sessions.handle(request, caller);
        if (outcome.isDone()) {
            answer(resp, inFlight, outcome.join());
            return false;
        }
        AsyncContext async = req.startAsync();
        async.setTimeout(0); // a poll waits as long as it takes; the session's channel rules end it
        // a waiting poll may wait for hours: notice at once if its client goes away. A publish waits
        // only for its group's disk sync.
        Runnable stopWatching = request instanceof Request.Poll ? connections.watchWhileHeld(connectionId) : () -> { };
        outcome.whenComplete((response, failure) -> async.start(() -> {
            stopWatching.run();
            try {
                // failure: the poll's connection closed or a newer ARC replaced it; nobody is listening
                if (failure == null) {
                    answer((HttpServletResponse) async.getResponse(), inFlight, response);
                } else {
                    exchanged(arrival, client.name(), caller.remoteAddress(), inFlight.sessionId(),
                            exchangeVersion(version), inFlight.operation(), Exchange.Outcome.ABANDONED, null, 0,
                            body, null);
                }
            } catch (IOException | RuntimeException e) {
                log.debug("could not deliver the poll answer to client '{}': {}", client.name(), e.toString());
            } finally {
                async.complete();
            }
        }));
        return true;
    }

    /**
     * Answers a refused request: 401 (with a Basic challenge) or 403, and one log line with the reason
     * and the source address. A refusal that is to be slowed down is answered later, without holding
     * a thread meanwhile.
     *
     * @return whether the answer comes later
     */
    private boolean refuse(HttpServletRequest req, HttpServletResponse resp, AuthResult.Refused refused,
                           Arrival arrival) {
        boolean forbidden = refused.refusal() == AuthResult.Refusal.FORBIDDEN;
        long delay = refused.delay().toMillis();
        log.warn("refused IF-MAP request from {} ({}){}: {}", req.getRemoteAddr(), forbidden ? 403 : 401,
                delay > 0 ? " after " + delay + " ms (repeated failures)" : "", refused.reason());
        if (!forbidden) {
            resp.setHeader("WWW-Authenticate", "Basic realm=\"fedmap IF-MAP\", charset=\"UTF-8\"");
        }
        int status = forbidden ? 403 : 401;
        String message = forbidden ? "this client is not admitted" : "authentication required";
        // who the refused request claims to be, so a trace of one client shows its failed logins too
        String claimed = exchangeListeners.isEmpty() ? null
                : BasicAuthenticator.claimedName(req.getHeader("Authorization"));
        String address = req.getRemoteAddr();
        if (delay <= 0) {
            byte[] answer = sendPlain(resp, status, message);
            httpError(arrival, claimed, address, status, answer);
            return false;
        }
        AsyncContext async = req.startAsync();
        async.setTimeout(0);
        timers.schedule(() -> async.start(() -> {
            try {
                byte[] answer = sendPlain((HttpServletResponse) async.getResponse(), status, message);
                httpError(arrival, claimed, address, status, answer);
            } finally {
                async.complete();
            }
        }), delay, TimeUnit.MILLISECONDS);
        return true;
    }

    /** When a request arrived: the wall-clock time for the record, the monotonic one for its duration. */
    private record Arrival(long millis, long nanos) {
        static Arrival now() {
            return new Arrival(System.currentTimeMillis(), System.nanoTime());
        }
    }

    /**
     * What the answer to one request, and its {@link Exchange}, need to know about it.
     *
     * @param headerSessionId the IF-MAP 1.1 session-id to echo in the answer's Header (null for 2.x)
     * @param body            the request as read (after gzip decoding)
     * @param operationText   the operation as the server's log names it
     * @param sessionId       the session the request names, or null
     */
    private record InFlight(Arrival arrival, SoapEnvelope envelope, Caller caller, boolean gzip, String headerSessionId,
                            byte[] body, String operationText, Exchange.Operation operation, String sessionId) {
    }

    private void answer(HttpServletResponse resp, InFlight inFlight, Response response) throws IOException {
        String operation = inFlight.operationText();
        if (response instanceof Response.Failed f) {
            log.info("client '{}' from {}: {} answered {}: {}", inFlight.caller().client().name(),
                    inFlight.caller().remoteAddress(), operation, f.code(), f.message());
        }
        SoapVersion sv = inFlight.envelope().soapVersion();
        byte[] bytes;
        try {
            bytes = encode(inFlight, response);
        } catch (RuntimeException e) {
            log.error("encoding the answer to {} failed", operation, e);
            response = new Response.Failed(ErrorCode.SystemError, "the answer could not be encoded");
            bytes = encode(inFlight, response);
        }
        if (inFlight.caller().version() == ProtocolVersion.IFMAP_1_1 && endsTheChannel(response)) {
            // IF-MAP 1.1: after an invalid session-id the server ends the SSRC, and the ARC of a session
            // that ended is torn down; the gateway reconnects
            resp.setHeader("Connection", "close");
        }
        try {
            send(resp, 200, sv.contentType(), bytes, inFlight.gzip());
        } finally {
            Exchange.Outcome outcome = Exchange.Outcome.OK;
            ErrorCode code = null;
            if (response instanceof Response.Failed f) {
                outcome = Exchange.Outcome.ERROR_RESULT;
                code = f.code();
            } else if (response instanceof Response.SessionEnded) {
                outcome = Exchange.Outcome.SESSION_ENDED;
            }
            String sessionId = response instanceof Response.SessionStarted started
                    ? started.sessionId() : inFlight.sessionId();
            exchanged(inFlight.arrival(), inFlight.caller().client().name(), inFlight.caller().remoteAddress(),
                    sessionId, exchangeVersion(inFlight.caller().version()), inFlight.operation(), outcome, code, 200,
                    inFlight.body(), bytes);
        }
    }

    /** The exchange of a request answered with a plain HTTP error. */
    private void httpError(Arrival arrival, String client, String sourceAddress, int status, byte[] answer) {
        exchanged(arrival, client, sourceAddress, null, Exchange.Version.UNKNOWN, Exchange.Operation.UNKNOWN,
                Exchange.Outcome.HTTP_ERROR, null, status, null, answer);
    }

    /** Hands one exchange to the listeners; a listener that fails cannot fail the request. */
    private void exchanged(Arrival arrival, String client, String sourceAddress, String sessionId,
                           Exchange.Version version, Exchange.Operation operation, Exchange.Outcome outcome,
                           ErrorCode errorCode, int httpStatus, byte[] request, byte[] response) {
        if (exchangeListeners.isEmpty()) {
            return;
        }
        Exchange e = new Exchange(arrival.millis(), System.nanoTime() - arrival.nanos(), client, sourceAddress,
                sessionId, operation.channel(), version, operation, outcome, errorCode, httpStatus, request, response);
        for (Consumer<Exchange> listener : exchangeListeners) {
            try {
                listener.accept(e);
            } catch (RuntimeException ex) {
                log.warn("an exchange listener failed on a {} of client '{}': {}", operation.label(), client,
                        ex.toString());
            }
        }
    }

    private static Exchange.Version exchangeVersion(ProtocolVersion version) {
        return version == ProtocolVersion.IFMAP_2 ? Exchange.Version.IFMAP_2 : Exchange.Version.IFMAP_1_1;
    }

    /** The operation of a request that could not be decoded, as far as its envelope tells. */
    private static Exchange.Operation operationOf(SoapEnvelope envelope) {
        if (envelope.operation() != null) {
            return Exchange.Operation.ofElement(envelope.operation().localName());
        }
        // IF-MAP 1.1 session requests live in the Header
        for (XmlElement h : envelope.headers()) {
            Exchange.Operation op = Exchange.Operation.ofElement(h.localName());
            if (op == Exchange.Operation.NEW_SESSION || op == Exchange.Operation.ATTACH_SESSION) {
                return op;
            }
        }
        return Exchange.Operation.UNKNOWN;
    }

    /** The session-id a request that could not be decoded names, as sent. */
    private static String claimedSessionId(SoapEnvelope envelope, String headerSessionId) {
        if (headerSessionId != null) {
            return headerSessionId;
        }
        return envelope.operation() == null ? null : envelope.operation().attribute("session-id");
    }

    private static boolean endsTheChannel(Response response) {
        return response instanceof Response.SessionEnded
                || response instanceof Response.Failed f && f.code() == ErrorCode.InvalidSessionID;
    }

    private byte[] encode(InFlight inFlight, Response response) {
        SoapVersion sv = inFlight.envelope().soapVersion();
        return inFlight.caller().version() == ProtocolVersion.IFMAP_2
                ? encoder2.encode(response, sv)
                : encoder1.encode(response, sv, inFlight.headerSessionId());
    }

    private void fault(HttpServletResponse resp, HttpServletRequest req, Arrival arrival, String client, byte[] body,
                       SoapFault f) throws IOException {
        log.warn("refused request of client '{}' from {}: {}", client, req.getRemoteAddr(), f.getMessage());
        byte[] answer = f.toEnvelope();
        try {
            send(resp, f.httpStatus(), f.version().contentType(), answer, false);
        } finally {
            exchanged(arrival, client, req.getRemoteAddr(), null, Exchange.Version.UNKNOWN, Exchange.Operation.UNKNOWN,
                    Exchange.Outcome.SOAP_FAULT, null, f.httpStatus(), body, answer);
        }
    }

    private byte[] readBody(HttpServletRequest req) throws IOException, TooLarge, UnsupportedEncoding {
        long declared = req.getContentLengthLong();
        if (declared > maxRequestSize) {
            throw new TooLarge();
        }
        String encoding = req.getHeader("Content-Encoding");
        InputStream in = req.getInputStream();
        if (encoding != null && !encoding.isBlank() && !encoding.trim().equalsIgnoreCase("identity")) {
            if (!encoding.trim().equalsIgnoreCase("gzip")) {
                throw new UnsupportedEncoding("Content-Encoding '" + encoding + "' is not supported; use gzip or none");
            }
            in = new GZIPInputStream(in);
        }
        if (in == req.getInputStream() && declared >= 0) {
            // the usual case: a plain body of known length is read once, straight into its array
            byte[] body = in.readNBytes((int) declared);
            if (body.length < declared) {
                throw new java.io.EOFException("the body ended after " + body.length + " of " + declared + " bytes");
            }
            return body;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(declared > 0 ? (int) declared : 4096);
        byte[] buf = new byte[8192];
        int n;
        long total = 0;
        while ((n = in.read(buf)) > 0) {
            total += n;
            if (total > maxRequestSize) {
                // the limit applies after decompression, so a gzip bomb stops here too
                throw new TooLarge();
            }
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    static boolean acceptsGzip(String acceptEncoding) {
        return acceptEncoding != null && acceptEncoding.toLowerCase(Locale.ROOT).contains("gzip");
    }

    private static void send(HttpServletResponse resp, int status, String contentType, byte[] body, boolean gzip)
            throws IOException {
        resp.setStatus(status);
        resp.setContentType(contentType);
        if (gzip && body.length > GZIP_THRESHOLD) {
            ByteArrayOutputStream zipped = new ByteArrayOutputStream(body.length / 4);
            try (OutputStream z = new GZIPOutputStream(zipped)) {
                z.write(body);
            }
            body = zipped.toByteArray();
            resp.setHeader("Content-Encoding", "gzip");
        }
        resp.setContentLength(body.length);
        resp.getOutputStream().write(body);
        resp.flushBuffer();
    }

    /** Sends a plain-text answer and returns its body. */
    private static byte[] sendPlain(HttpServletResponse resp, int status, String message) {
        byte[] body = (message + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            send(resp, status, "text/plain; charset=utf-8", body, false);
        } catch (IOException e) {
            log.debug("could not send HTTP {}: {}", status, e.toString());
        }
        return body;
    }

    /** The body is larger than http.max-request-size. */
    private static final class TooLarge extends Exception {
        TooLarge() {
            super(null, null, false, false);
        }
    }

    private static final class UnsupportedEncoding extends Exception {
        UnsupportedEncoding(String message) {
            super(message, null, false, false);
        }
    }
}
