package org.fedmap.ops;

import java.io.IOException;
import java.io.InputStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.fedmap.security.AddressRange;
import org.fedmap.security.LogText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin API's own HTTPS listener: plain Jetty, apart from the IF-MAP listener, with the server's
 * certificate and TLS rules. Every request passes the same door: a source address outside
 * {@code admin.allow} is refused (403) whatever it carries; then, except on open routes (health,
 * metrics), admin credentials are required (401, slowed down after repeated failures without holding
 * a thread); then the route answers.
 */
public final class AdminListener implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AdminListener.class);
    private static final int MAX_BODY = 1 << 20;
    private static final long IDLE_TIMEOUT_MILLIS = 30_000;

    /** The listener's TLS: the IF-MAP listener's key, protocols and cipher suites. */
    public record Tls(SSLContext context, List<String> protocols, List<String> cipherSuites) {
    }

    private final Server server;
    private final ServerConnector connector;
    private final String bind;

    private AdminListener(Server server, ServerConnector connector, String bind) {
        this.server = server;
        this.connector = connector;
        this.bind = bind;
    }

    /**
     * Starts listening.
     *
     * @param port 0 for any free port
     * @throws IllegalStateException when it could not, with Jetty's failure (a BindException, say) as the cause
     */
    public static AdminListener start(String bind, int port, Tls tls, List<AddressRange> allow, Router routes,
                                      AdminAuthenticator authenticator, ScheduledExecutorService timers) {
        QueuedThreadPool threads = new QueuedThreadPool(8, 2);
        threads.setName("fedmap-admin");
        threads.setDaemon(true);
        Server server = new Server(threads);

        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setSslContext(tls.context());
        ssl.setIncludeProtocols(tls.protocols().toArray(String[]::new));
        ssl.setIncludeCipherSuites(tls.cipherSuites().toArray(String[]::new));
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        SecureRequestCustomizer secure = new SecureRequestCustomizer();
        // one certificate for every name the listener is reached by; which name a client used is no reason to refuse it
        secure.setSniHostCheck(false);
        http.addCustomizer(secure);
        ServerConnector connector = new ServerConnector(server, 1, 1,
                new SslConnectionFactory(ssl, "http/1.1"), new HttpConnectionFactory(http));
        connector.setHost(bind);
        connector.setPort(port);
        connector.setIdleTimeout(IDLE_TIMEOUT_MILLIS);
        server.addConnector(connector);
        server.setHandler(new Door(allow, routes, authenticator, timers));
        try {
            server.start();
        } catch (Exception e) {
            try {
                server.stop();
            } catch (Exception ignored) {
                // already failing
            }
            throw new IllegalStateException("cannot start the admin listener on " + bind + " port " + port + ": "
                    + e.getMessage(), e);
        }
        return new AdminListener(server, connector, bind);
    }

    public int port() {
        return connector.getLocalPort();
    }

    /**
     * Where a local command reaches the listener: its bind address, or the loopback address when it
     * listens on every address.
     */
    public URI url() {
        String host = bind;
        try {
            InetAddress a = InetAddress.getByName(bind);
            if (a.isAnyLocalAddress()) {
                host = a instanceof Inet6Address ? "[::1]" : "127.0.0.1";
            } else if (a instanceof Inet6Address && !bind.startsWith("[")) {
                host = "[" + bind + "]";
            }
        } catch (UnknownHostException e) {
            // a host name: used as given
        }
        return URI.create("https://" + host + ":" + port());
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            log.warn("stopping the admin listener: {}", e.toString());
        }
    }

    /** The one handler: source address, credentials, route. */
    private static final class Door extends Handler.Abstract {
        private final List<AddressRange> allow;
        private final Router routes;
        private final AdminAuthenticator authenticator;
        private final ScheduledExecutorService timers;

        Door(List<AddressRange> allow, Router routes, AdminAuthenticator authenticator,
             ScheduledExecutorService timers) {
            this.allow = List.copyOf(allow);
            this.routes = routes;
            this.authenticator = authenticator;
            this.timers = timers;
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            String from = Request.getRemoteAddr(request);
            String method = request.getMethod();
            String path = Request.getPathInContext(request);
            if (!AddressRange.anyContains(allow, from)) {
                log.warn("refused admin request from {} (403): the source address is not in admin.allow ({}): {} {}",
                        from, allow, method, LogText.quote(path, 200));
                send(request, response, callback, Reply.error(403, "this source address is not admitted"));
                return true;
            }
            String admin = null;
            if (!routes.isOpen(path)) {
                AdminAuthenticator.Outcome outcome = authenticator.authenticate(
                        request.getHeaders().get(HttpHeader.AUTHORIZATION), from);
                if (outcome instanceof AdminAuthenticator.Refused refused) {
                    refuse(request, response, callback, from, refused);
                    return true;
                }
                admin = ((AdminAuthenticator.Admitted) outcome).admin();
            }
            Reply reply;
            Map<String, List<String>> query = Map.of();
            try {
                query = query(request);
                reply = answer(request, method, path, admin, from, query);
            } catch (ApiException e) {
                reply = Reply.error(e.status(), e.getMessage());
            } catch (RuntimeException e) {
                log.error("admin request {} {} failed", method, path, e);
                reply = Reply.error(500, "internal error: " + e.getMessage());
            }
            if (admin != null) {
                // reading is routine (scripts poll status); a change is worth a line at INFO
                if ("GET".equals(method) || "HEAD".equals(method)) {
                    log.debug("admin '{}' from {}: {} {} answered {}", admin, from, method, path, reply.status());
                } else {
                    // an action names what it acts on in the query (a session's id): the line says who did what to what
                    log.info("admin '{}' from {}: {} {}{} answered {}", admin, from, method, path, parameters(query),
                            reply.status());
                }
            }
            send(request, response, callback, reply);
            return true;
        }

        private Reply answer(Request request, String method, String path, String admin, String from,
                             Map<String, List<String>> query) {
            Router.Route route = routes.find(method, path);
            if (route == null) {
                if (!routes.knows(path)) {
                    throw new ApiException(404, "no such resource: " + path);
                }
                throw new ApiException(405, method + " is not allowed on " + path + " (allowed: "
                        + String.join(", ", routes.methods(path)) + ")");
            }
            Object result = route.handler().handle(new ApiCall(admin, from, query, body(request, method)));
            return result instanceof Reply r ? r : Reply.json(200, result);
        }

        private static Map<String, List<String>> query(Request request) {
            Map<String, List<String>> query = new LinkedHashMap<>();
            try {
                for (Fields.Field f : Request.extractQueryParameters(request)) {
                    query.put(f.getName(), List.copyOf(f.getValues()));
                }
            } catch (RuntimeException e) {
                throw new ApiException(400, "the query string cannot be read: " + e.getMessage());
            }
            return query;
        }

        /** Query parameters for a log line, decoded and quoted: {@code  'id=access-request:ic1:sid42'}. */
        private static String parameters(Map<String, List<String>> query) {
            StringBuilder b = new StringBuilder();
            query.forEach((name, values) -> values.forEach(v -> b.append(' ').append(LogText.quote(name + "=" + v,
                    240))));
            return b.toString();
        }

        private static byte[] body(Request request, String method) {
            if ("GET".equals(method) || "HEAD".equals(method)) {
                return new byte[0];
            }
            try (InputStream in = Content.Source.asInputStream(request)) {
                byte[] body = in.readNBytes(MAX_BODY + 1);
                if (body.length > MAX_BODY) {
                    throw new ApiException(413, "the request body is larger than " + MAX_BODY + " bytes");
                }
                return body;
            } catch (IOException e) {
                throw new ApiException(400, "the request body cannot be read: " + e.getMessage());
            }
        }

        /** 401 with a Basic challenge, at once or after the throttle's delay without holding a thread. */
        private void refuse(Request request, Response response, Callback callback, String from,
                            AdminAuthenticator.Refused refused) {
            long delay = refused.delay().toMillis();
            log.warn("refused admin request from {} (401){}: {}", from,
                    delay > 0 ? " after " + delay + " ms (repeated failures)" : "", refused.reason());
            response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Basic realm=\"fedmap admin\", charset=\"UTF-8\"");
            Reply reply = Reply.error(401, "admin credentials required");
            if (delay <= 0) {
                send(request, response, callback, reply);
            } else {
                timers.schedule(() -> send(request, response, callback, reply), delay, TimeUnit.MILLISECONDS);
            }
        }

        private static void send(Request request, Response response, Callback callback, Reply reply) {
            response.setStatus(reply.status());
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, reply.contentType());
            response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
            byte[] body = "HEAD".equals(request.getMethod()) ? new byte[0] : reply.body();
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
            response.write(true, ByteBuffer.wrap(body), callback);
        }
    }
}
