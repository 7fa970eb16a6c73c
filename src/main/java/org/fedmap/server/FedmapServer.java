package org.fedmap.server;

import java.io.IOException;
import java.net.BindException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.fedmap.engine.ChangeFeed;
import org.fedmap.engine.Graph;
import org.fedmap.engine.GroupCommit;
import org.fedmap.ops.AdminAccess;
import org.fedmap.ops.AdminAuthenticator;
import org.fedmap.ops.AdminListener;
import org.fedmap.ops.ConfiguredReplica;
import org.fedmap.ops.FederatedSessions;
import org.fedmap.ops.Health;
import org.fedmap.ops.HealthEndpoint;
import org.fedmap.ops.Metrics;
import org.fedmap.ops.Reply;
import org.fedmap.ops.Router;
import org.fedmap.ops.SessionRoutes;
import org.fedmap.ops.StoreCommits;
import org.fedmap.ops.Views;
import org.fedmap.ops.trace.ClientMessages;
import org.fedmap.ops.trace.LogFileLimits;
import org.fedmap.ops.trace.TraceState;
import org.fedmap.ops.trace.XmlTrace;
import org.fedmap.replication.ReplicaRegistry;
import org.fedmap.replication.Replication;
import org.fedmap.replication.ReplicationServlet;
import org.fedmap.replication.ServerId;
import org.fedmap.security.BasicAuthenticator;
import org.fedmap.security.CertificateAuthenticator;
import org.fedmap.security.ClientAdmission;
import org.fedmap.security.ClientCertificateTrust;
import org.fedmap.security.LoginThrottle;
import org.fedmap.security.ClientRegistry;
import org.fedmap.security.PasswordHasher;
import org.fedmap.security.ServerKeys;
import org.fedmap.session.Sessions;
import org.fedmap.store.AdminStore;
import org.fedmap.store.ClientRecord;
import org.fedmap.store.ClientStore;
import org.fedmap.store.Database;
import org.fedmap.store.MetadataStore;
import org.fedmap.store.ReplicaStore;
import org.fedmap.wire.CodecSettings;
import org.fedmap.wire.Connections;
import org.fedmap.wire.Exchange;
import org.fedmap.wire.IfmapEndpoint;
import org.fedmap.wire.WsdlPublisher;
import org.fedmap.xml.SafeXmlReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running server: starts the parts in dependency order (store, keys, graph, sessions, HTTPS
 * endpoint) and stops them in reverse. Anything that keeps it from starting is reported as a
 * {@link StartupException} with one line for the operator, and what was already started is stopped.
 */
public final class FedmapServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(FedmapServer.class);

    /** The IF-MAP endpoint paths: Juniper's documented path and the alias later guides use. */
    public static final List<String> PATHS = List.of("/dana-ws/soap/dsifmap", "/dana-ws/soap/ifmap");
    private static final String FIRST_CLIENT_SETTING = "first-client-issued";
    public static final String FIRST_CLIENT_NAME = "client1";

    /** A client credential made at first start, to be shown to the operator once. */
    public record FirstClient(String name, String password) {
    }

    /** How often the server looks for client changes made by the command-line tools. */
    private static final Duration CLIENT_CHANGE_CHECK = Duration.ofMillis(250);
    /** How often replica links are matched to the configuration and checked for fail-secure. */
    private static final Duration REPLICA_CHECK = Duration.ofMillis(500);

    /** TLS versions of both listeners: nothing older than 1.2. */
    static final List<String> TLS_PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    /**
     * Forward-secret AEAD suites only (TLS 1.3, then ECDHE/DHE with GCM or ChaCha20 for TLS 1.2);
     * whichever of them the JDK lacks are left out by the listener.
     */
    static final List<String> STRONG_CIPHER_SUITES = List.of(
            "TLS_AES_256_GCM_SHA384", "TLS_AES_128_GCM_SHA256", "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384", "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256");

    private final Config config;
    private final Path dataDir;
    private Database database;
    private ClientStore clients;
    private ClientRegistry registry;
    private String serverId;
    private ReplicaRegistry replicas;
    private volatile Replication replication; // read by the admin API's status
    private ClientAdmission admission;
    private ServerKeys keys;
    private Graph graph;
    private GroupCommit commits;
    private FederatedSessions federatedSessions;
    private Sessions sessions;
    private XmlTrace trace;
    private ClientMessages clientMessages;
    private ScheduledExecutorService timers;
    private Server http;
    private Connections connections;
    private FirstClient firstClient;
    private int port;
    private Instant startedAt;
    private volatile boolean stopping;
    private Metrics metrics;
    private StoreCommits storeCommits;
    private Health health;
    private AdminListener admin;
    /** What the status view says of the XML trace; the trace replaces it when it exists. */
    private Supplier<String> traceState = () -> "off";

    private FedmapServer(Config config, Path dataDir) {
        this.config = config;
        this.dataDir = dataDir.toAbsolutePath().normalize();
    }

    /** Starts a server; on failure everything already started is stopped again. */
    public static FedmapServer start(Config config, Path dataDir) {
        FedmapServer server = new FedmapServer(config, dataDir);
        try {
            server.startParts();
            return server;
        } catch (RuntimeException e) {
            server.close();
            throw e instanceof StartupException ? e : new StartupException(describe(e), e);
        }
    }

    private void startParts() {
        startedAt = Instant.now();
        metrics = new Metrics();
        prepareDataDir();
        database = Database.openForServer(dataDir);
        clients = new ClientStore(database);
        registry = new ClientRegistry(clients);
        try {
            serverId = ServerId.resolve(config.serverId(), clients, config.hostName());
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new StartupException(e.getMessage(), e);
        }
        // follows `fedmap replica` changes; replication starts a link for each replica it lists
        replicas = new ReplicaRegistry(new ReplicaStore(database));
        registry.addStoreChangeListener(replicas::refreshIfChanged);
        keys = config.certificate() != null
                ? ServerKeys.fromPem(config.certificate(), config.privateKey(),
                        config.privateKeyPassword().isEmpty() ? null : config.privateKeyPassword().toCharArray())
                : ServerKeys.loadOrCreate(dataDir, config.bindAddress(), config.hostName(), config.keystore(),
                        config.keystorePassword().isEmpty() ? null : config.keystorePassword().toCharArray());

        timers = Executors.newScheduledThreadPool(1, r -> {
            Thread t = new Thread(r, "fedmap-timers");
            t.setDaemon(true);
            return t;
        });
        graph = restoreGraph();
        commits = new GroupCommit(graph);
        federatedSessions = new FederatedSessions(graph);
        sessions = new Sessions(graph, commits, timers, new Sessions.Settings(config.failsecureTimeout(),
                config.defaultMaxPollResultSize(), config.maxPollResultSizeLimit()));
        metrics.watch(graph);
        metrics.watch(sessions);
        startLogFiles();
        metrics.registerTraceDrops(trace::dropped);
        traceState = () -> trace.state().describe();
        BasicAuthenticator basic = new BasicAuthenticator(registry, new PasswordHasher());
        // one throttle for IF-MAP and admin logins: a guesser gains nothing by switching doors
        LoginThrottle throttle = LoginThrottle.defaults();
        admission = new ClientAdmission(registry, basic, new CertificateAuthenticator(registry, Clock.systemUTC()),
                throttle, Clock.systemDefaultZone());
        registry.addChangeListener(this::clientChanged);
        registry.startPolling(timers, CLIENT_CHANGE_CHECK);
        // expiry dates pass without any change to the store
        timers.scheduleWithFixedDelay(this::enforceAdmissionOnSessions, 1, 1, TimeUnit.MINUTES);

        connections = new Connections(sessions::connectionClosed);
        sessions.closeConnectionsWith(connections::close);
        SafeXmlReader reader = new SafeXmlReader(new SafeXmlReader.Limits(config.xmlMaxDepth(), 256,
                config.maxRequestSize()));
        // each hears of every request and its answer: the trace, and any other view of the traffic
        List<Consumer<Exchange>> exchangeListeners = new java.util.ArrayList<>();
        exchangeListeners.add(trace);
        exchangeListeners.add(e -> metrics.recordRequest(e.version().label(), e.operation().label(), e.result(),
                e.durationNanos()));
        IfmapEndpoint endpoint = new IfmapEndpoint(admission, timers, sessions, connections, new WsdlPublisher(), new CodecSettings(config.searchMaxSize(), config.metadataMaxSize()),
                reader, config.maxRequestSize(), exchangeListeners);
        replication = new Replication(graph, serverId, replicas, dataDir, config.failsecureTimeout(),
                config.bindAddress(), keys.keyManagers());
        endpoint.extend(new IfmapEndpoint.Extension(ReplicationServlet::handles, replication.servlet()));
        replication.start(timers, REPLICA_CHECK);
        health = new Health(List.of(this::listenerProblem, database::writeProblem,
                () -> storeCommits == null ? null : storeCommits.problem()));
        startHttps(endpoint, new HealthEndpoint(health));
        startAdmin(throttle);
        // only once the listeners are up: a start that fails must not use up the one-time credential
        firstClient = issueFirstClient().orElse(null);
        log.info("fedmap serving IF-MAP 1.1 and 2 on {} as server id {} (data in {})", url(), serverId, dataDir);
    }

    /**
     * The XML trace and the client messages, in DATA/logs. The trace starts off whatever the store
     * says (it slows the server down, so it must not outlive the troubleshooting it was switched on
     * for), then follows {@code fedmap trace} through the store's change counter.
     */
    private void startLogFiles() {
        Path logs = dataDir.resolve("logs");
        Config.LogFiles files = config.logFiles();
        trace = new XmlTrace(logs, new LogFileLimits(files.traceMaxFileSize(), files.traceMaxHistory(),
                files.traceTotalSizeCap()), files.traceQueueMemory());
        clientMessages = new ClientMessages(logs, new LogFileLimits(files.clientMessagesMaxFileSize(),
                files.clientMessagesMaxHistory(), files.clientMessagesTotalSizeCap()));
        sessions.addChangeListener(clientMessages);
        Optional<String> stored = clients.setting(TraceState.SETTING);
        if (stored.isPresent() && !stored.get().equals(TraceState.OFF.toSetting())) {
            clients.putSetting(TraceState.SETTING, TraceState.OFF.toSetting());
            String was;
            try {
                was = TraceState.fromSetting(stored.get()).describe();
            } catch (IllegalArgumentException e) {
                was = "in an unreadable state";
            }
            log.info("the IF-MAP trace was {} when the server last ran; every start switches it off"
                    + " (fedmap trace on switches it on again)", was);
        }
        XmlTrace t = trace;
        ClientStore store = clients;
        registry.addStoreChangeListener(() -> t.follow(() -> store.setting(TraceState.SETTING)));
    }

    /**
     * Applies a change to a client's registration to its live sessions at once: a removed or disabled
     * client, or one whose credentials changed, loses its sessions (and with them their session
     * metadata); a session from an address the client may no longer use ends too.
     */
    private void clientChanged(String name, ClientRecord before, ClientRecord after) {
        if (after == null) {
            sessions.endClientSessions(name, "client registration removed");
        } else if (!after.enabled()) {
            sessions.endClientSessions(name, "client disabled");
        } else if (before != null && after.credentialsDifferFrom(before)) {
            sessions.endClientSessions(name, "client credentials changed");
        } else {
            enforceAdmission(name);
        }
    }

    private void enforceAdmissionOnSessions() {
        try {
            for (String name : sessions.clientsWithSessions()) {
                enforceAdmission(name);
            }
        } catch (RuntimeException e) {
            // keep the schedule: a task that throws is never run again
            log.warn("could not check the admission of clients with sessions: {}", e.toString());
        }
    }

    private void enforceAdmission(String name) {
        sessions.endClientSessions(name, address -> admission.refusal(name, address));
    }

    /**
     * The graph, rebuilt from the durable store before the port opens (no session survives a restart, so
     * nothing session-lifetime was ever stored); with durable metadata off, an empty graph that keeps
     * everything in memory.
     */
    private Graph restoreGraph() {
        if (!config.durableMetadata()) {
            log.warn("store.durable-metadata is false: published metadata is kept in memory only and lost at restart");
            return new Graph();
        }
        MetadataStore store = new MetadataStore(database);
        long started = System.nanoTime();
        MetadataStore.Contents contents = store.load();
        storeCommits = new StoreCommits(e -> store.write(e.sequence(), e.added(), e.removed(), e.hidden(), e.shown()),
                metrics);
        Graph g = new Graph(new ChangeFeed(), System::currentTimeMillis, storeCommits);
        g.restore(contents.items(), contents.hidden(), contents.lastSequence());
        log.info("restored {} durable metadata item(s) and {} deactivated identifier(s) in {} ms; the change feed"
                        + " goes on after sequence {}", contents.items().size(), contents.hidden().size(),
                (System.nanoTime() - started) / 1_000_000, contents.lastSequence());
        return g;
    }

    private void prepareDataDir() {
        if (Files.exists(dataDir) && !Files.isDirectory(dataDir)) {
            throw new StartupException("data directory " + dataDir + " exists but is not a directory");
        }
        try {
            Files.createDirectories(dataDir);
        } catch (java.io.IOException e) {
            throw new StartupException("cannot create data directory " + dataDir + ": " + e.getMessage(), e);
        }
        if (!Files.isDirectory(dataDir) || !Files.isReadable(dataDir) || !Files.isWritable(dataDir)) {
            throw new StartupException("data directory " + dataDir + " is not a readable and writable directory");
        }
    }

    /** On the very first start, a client to connect with, so a new server is usable at once. */
    private Optional<FirstClient> issueFirstClient() {
        if (!clients.isEmpty() || clients.setting(FIRST_CLIENT_SETTING).isPresent()) {
            return Optional.empty();
        }
        byte[] secret = new byte[18];
        new SecureRandom().nextBytes(secret);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        clients.add(FIRST_CLIENT_NAME, new PasswordHasher().hash(password.toCharArray()));
        clients.putSetting(FIRST_CLIENT_SETTING, java.time.Instant.now().toString());
        return Optional.of(new FirstClient(FIRST_CLIENT_NAME, password));
    }

    /** Why the server cannot take IF-MAP requests now, or null when it can. */
    private String listenerProblem() {
        if (stopping) {
            return "the server is stopping";
        }
        Server listener = http;
        return listener == null || !listener.isRunning() ? "the IF-MAP listener is not running" : null;
    }

    /**
     * The admin API on its own listener, and {@code DATA/admin/admin.json} telling the command line how
     * to reach it with a local credential made now (the previous start's no longer works).
     */
    private void startAdmin(LoginThrottle throttle) {
        Config.Admin settings = config.admin();
        if (!settings.enabled()) {
            deleteAdminAccess();
            return;
        }
        byte[] secret = new byte[24];
        new SecureRandom().nextBytes(secret);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        AdminAuthenticator authenticator = new AdminAuthenticator(new AdminStore(database), new PasswordHasher(),
                throttle, password.toCharArray());
        Views views = new Views(new Views.Parts(serverId, startedAt, url(), sessions, graph, clients, admission,
                database.directory(), config.durableMetadata(), () -> traceState.get(), this::replicaStatus));
        SessionRoutes sessionRoutes = new SessionRoutes(federatedSessions);
        Router routes = new Router()
                .open("/health", call -> health.reply())
                .open("/metrics", call -> Reply.text(200, Metrics.CONTENT_TYPE, metrics.scrape()))
                .get("/api/status", call -> views.status())
                .get("/api/clients", call -> views.clients(call.param("name")))
                .get("/api/sessions", sessionRoutes::find)
                .post("/api/sessions/deactivate", sessionRoutes::deactivate)
                .post("/api/sessions/activate", sessionRoutes::activate)
                .post("/api/sessions/remove", sessionRoutes::remove)
                .get("/api/dump", sessionRoutes::dump)
                .get("/api/replicas", call -> replicas.list().stream().map(ConfiguredReplica::of).toList());
        SSLContext tls;
        try {
            tls = SSLContext.getInstance("TLS");
            tls.init(keys.keyManagers(), null, null);
        } catch (GeneralSecurityException e) {
            throw new StartupException("cannot set up TLS for the admin listener: " + e.getMessage(), e);
        }
        try {
            admin = AdminListener.start(settings.bind(), settings.port(),
                    new AdminListener.Tls(tls, TLS_PROTOCOLS, STRONG_CIPHER_SUITES), settings.allow(), routes,
                    authenticator, timers);
        } catch (IllegalStateException e) {
            if (hasCause(e, BindException.class)) {
                throw new StartupException("cannot listen on " + settings.bind() + " admin port " + settings.port()
                        + " (admin.port): the port is in use or the address is not on this machine", e);
            }
            throw new StartupException(e.getMessage(), e);
        }
        AdminAccess access = new AdminAccess(admin.url().toString(), AdminAccess.LOCAL_ADMIN, password,
                AdminAccess.fingerprint(keys.certificate()));
        try {
            access.write(dataDir);
        } catch (IOException e) {
            throw new StartupException("cannot write " + AdminAccess.file(dataDir) + ": " + e.getMessage(), e);
        }
        log.info("admin API on {} (admitting {}); local credential in {}", admin.url(), settings.allow(),
                AdminAccess.file(dataDir));
    }

    private void deleteAdminAccess() {
        try {
            AdminAccess.delete(dataDir);
        } catch (IOException e) {
            log.warn("could not delete {}: {}", AdminAccess.file(dataDir), e.toString());
        }
    }

    /**
     * The HTTPS listener: Jetty with the endpoint as a servlet at both IF-MAP paths. Plain Jetty rather
     * than CXF's HTTP transport: the endpoint reads the servlet request itself, and CXF's message
     * set-up around it cost about a tenth of the server's CPU per request under load.
     */
    private void startHttps(IfmapEndpoint endpoint, HealthEndpoint healthEndpoint) {
        QueuedThreadPool threads = new QueuedThreadPool(config.maxThreads(), Math.min(8, config.maxThreads()));
        threads.setName("fedmap-http");
        http = new Server(threads);
        http.setStopTimeout(2_000);

        SslContextFactory.Server tls = new SslContextFactory.Server();
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            // A certificate is asked for but not required: Basic clients have none. Certificate clients
            // are checked per request by ClientAdmission, which can say why it refuses one.
            ClientCertificateTrust clientTrust = new ClientCertificateTrust(registry);
            Replication r = replication;
            if (r != null) {
                clientTrust.alsoName(r::replicaCas);
            }
            context.init(keys.keyManagers(), new TrustManager[] {clientTrust}, null);
            tls.setSslContext(context);
        } catch (GeneralSecurityException e) {
            throw new StartupException("cannot set up TLS: " + e.getMessage(), e);
        }
        tls.setIncludeProtocols(TLS_PROTOCOLS.toArray(new String[0]));
        tls.setIncludeCipherSuites(STRONG_CIPHER_SUITES.toArray(new String[0]));
        tls.setWantClientAuth(true);
        tls.setNeedClientAuth(false);
        tls.setSniRequired(false);

        HttpConfiguration httpConfig = new HttpConfiguration();
        httpConfig.setSendServerVersion(false);
        httpConfig.setSendXPoweredBy(false);
        httpConfig.setSecureScheme("https");
        SecureRequestCustomizer secure = new SecureRequestCustomizer();
        // clients reach the server by address as often as by name; the certificate is checked by them
        secure.setSniHostCheck(false);
        httpConfig.addCustomizer(secure);
        ServerConnector connector = new ServerConnector(http, 1, -1,
                new SslConnectionFactory(tls, "http/1.1"), new HttpConnectionFactory(httpConfig));
        connector.setHost(config.bindAddress());
        connector.setPort(config.port());
        connector.setIdleTimeout(config.idleTimeout().toMillis());
        connector.addEventListener(connections);
        http.addConnector(connector);

        ServletContextHandler context = new ServletContextHandler("/");
        ServletHolder holder = new ServletHolder("ifmap", endpoint);
        holder.setAsyncSupported(true);
        for (String path : PATHS) {
            context.addServlet(holder, path);
        }
        // for load balancers in front of the IF-MAP port: no credentials, GET only
        context.addServlet(new ServletHolder("health", healthEndpoint), HealthEndpoint.PATH);
        http.setHandler(context);
        try {
            http.start();
            port = connector.getLocalPort();
        } catch (Exception e) {
            if (hasCause(e, BindException.class)) {
                throw new StartupException("cannot listen on " + config.bindAddress() + " port " + config.port()
                        + ": the port is in use or the address is not on this machine", e);
            }
            throw new StartupException("cannot start the HTTPS listener on " + config.bindAddress() + " port "
                    + config.port() + ": " + describe(e), e);
        }
    }

    private String baseUrl(int p) {
        String host = config.bindAddress();
        try {
            if (InetAddress.getByName(host) instanceof Inet6Address && !host.startsWith("[")) {
                host = "[" + host + "]";
            }
        } catch (UnknownHostException e) {
            // a host name; used as given
        }
        return "https://" + host + ":" + p;
    }

    /** The URL of the IF-MAP endpoint. */
    public URI url() {
        return URI.create(baseUrl(port) + PATHS.get(0));
    }

    public int port() {
        return port;
    }

    public Path dataDir() {
        return dataDir;
    }

    public X509Certificate certificate() {
        return keys.certificate();
    }

    public ServerKeys keys() {
        return keys;
    }

    /** The credential made at this (first) start, if any. */
    public Optional<FirstClient> firstClient() {
        return Optional.ofNullable(firstClient);
    }

    public ClientStore clients() {
        return clients;
    }

    /** This server's id in a replica mesh: {@code server.id}, or the one made on the first start. */
    public String serverId() {
        return serverId;
    }

    /** The state of this server's link to each configured replica (none while replication is not running). */
    public List<org.fedmap.replication.ReplicaStatus> replicaStatus() {
        Replication r = replication;
        return r == null ? List.of() : r.status();
    }

    /** The configured replicas, as the command line last left them. */
    public ReplicaRegistry replicas() {
        return replicas;
    }

    public ClientRegistry registry() {
        return registry;
    }

    public Graph graph() {
        return graph;
    }

    public Sessions sessions() {
        return sessions;
    }

    /** The federated-session view and the administrator's actions on sessions, for the admin API. */
    public FederatedSessions federatedSessions() {
        return federatedSessions;
    }

    public Connections connections() {
        return connections;
    }

    /** The XML trace: its state, and its counters for status and metrics. */
    public XmlTrace trace() {
        return trace;
    }

    public ClientMessages clientMessages() {
        return clientMessages;
    }

    public Config config() {
        return config;
    }

    /** The server's meters; IF-MAP request timings are recorded through {@link Metrics#recordRequest}. */
    public Metrics metrics() {
        return metrics;
    }

    /** Whether the server can do its work now, as {@code GET /health} answers. */
    public Health health() {
        return health;
    }

    /** The admin listener's URL, when it listens. */
    public Optional<URI> adminUrl() {
        return admin == null ? Optional.empty() : Optional.of(admin.url());
    }

    /** HTTP worker threads: busy now, alive now, and the configured maximum. */
    public record HttpThreads(int busy, int alive, int max) {
    }

    public HttpThreads httpThreads() {
        if (http != null && http.getThreadPool() instanceof QueuedThreadPool pool) {
            return new HttpThreads(pool.getBusyThreads(), pool.getThreads(), pool.getMaxThreads());
        }
        return new HttpThreads(0, 0, config.maxThreads());
    }

    @Override
    public synchronized void close() {
        stopping = true;
        if (admin != null) {
            admin.close();
            admin = null;
            deleteAdminAccess();
        }
        if (replication != null) {
            // first: replicas' pulls waiting for a change are answered now, not when the listener gives up
            replication.close();
            replication = null;
        }
        if (http != null) {
            try {
                http.stop();
            } catch (Exception e) {
                log.warn("stopping the HTTPS listener: {}", e.toString());
            }
            http = null;
        }
        if (commits != null) {
            // the listener is down: finish what is queued, so every publish answered is stored
            commits.close();
            commits = null;
        }
        // after the last publish: their client messages are queued by now. Both stay for their
        // counters; closing twice does nothing.
        if (trace != null) {
            trace.close();
        }
        if (clientMessages != null) {
            clientMessages.close();
        }
        if (timers != null) {
            timers.shutdownNow();
            try {
                timers.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            timers = null;
        }
        if (database != null) {
            try {
                database.close();
            } catch (RuntimeException e) {
                log.warn("closing the store: {}", e.toString());
            }
            database = null;
        }
        if (metrics != null) {
            metrics.close();
            metrics = null;
        }
    }

    private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return false;
    }

    private static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = e.getMessage() != null ? e.getMessage() : root.toString();
        return m;
    }
}
