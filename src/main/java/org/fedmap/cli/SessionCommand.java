package org.fedmap.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import javax.net.ssl.SSLSocketFactory;
import org.fedmap.federation.GatewayConnector;
import org.fedmap.federation.IfmapSession;
import org.fedmap.federation.ImportEvent;
import org.fedmap.federation.LocalSession;
import org.fedmap.federation.MapServerException;
import org.fedmap.federation.MapperException;
import org.fedmap.federation.MapperSettings;
import org.fedmap.federation.Mappers;
import org.fedmap.federation.SessionAtAddress;
import org.fedmap.mapclient.ServerTrust;
import org.fedmap.server.Config;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code fedmap session export|end|import}: the gateway connector on the command line. A gateway (or a
 * VPN concentrator, a NAC, a Wi-Fi controller) that signs users in exports their sessions through the
 * session-export mapper; one in front of a protected resource imports them through the session-import
 * mapper. It is a client of a MAP server over the wire, like any gateway.
 */
@Command(name = "session", mixinStandardHelpOptions = true,
        description = {"Export this gateway's user sessions to a MAP server, and import other gateways' sessions,"
                + " through the session-export and session-import mappers (by default the policies in"
                + " conf/policies). Speaks IF-MAP 1.1, as Juniper/Ivanti gateways do."},
        subcommands = {SessionCommand.Export.class, SessionCommand.End.class, SessionCommand.Import.class})
final class SessionCommand implements Runnable {
    /** Exit code of {@code session import} when no session is at the address. */
    static final int NO_SESSION = 3;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Where the MAP server is, as whom to connect, and which mappers to use. */
    static final class Connection {
        @Option(names = "--server", required = true, paramLabel = "URL",
                description = "The MAP server, e.g. https://map.example.com:8443/dana-ws/soap/dsifmap.")
        String server;

        @Option(names = "--client", required = true, paramLabel = "NAME",
                description = "This connector's client name at the server (HTTP Basic user).")
        String client;

        @Option(names = "--password-stdin", description = "Read the client's password from the first line of"
                + " standard input.")
        boolean passwordStdin;

        @Option(names = "--trust", paramLabel = "CA.pem",
                description = "Trust server certificates issued by these (the server's certificate or its CA).")
        Path trust;

        @Option(names = "--insecure", description = "Trust any server certificate: for tests on one machine only.")
        boolean insecure;

        @Option(names = "--policies", paramLabel = "DIR", defaultValue = "conf/policies",
                description = "Policy files of the built-in mappers (export.yaml, import.yaml); default ${DEFAULT-VALUE}.")
        Path policies;

        @Option(names = "--mapper", paramLabel = "NAME",
                description = "The mapper to use (an export mapper for export and end, an import mapper for import),"
                        + " by name; default: the one of that kind a --mapper-jar adds, else the built-in policies.")
        String mapper;

        @Option(names = "--mapper-jar", paramLabel = "FILE", description = "A jar with more mappers; repeatable.")
        List<Path> mapperJars = new ArrayList<>();

        @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "30s",
                description = "How long to wait for the server to connect or answer; default ${DEFAULT-VALUE}.")
        String timeout;

        GatewayConnector.Settings settings(boolean exports, Duration failsecureTimeout) throws MapperException,
                IOException {
            if (!passwordStdin) {
                throw new IllegalArgumentException("give --password-stdin and the client's password on standard input");
            }
            if (trust != null && insecure) {
                throw new IllegalArgumentException("give --trust or --insecure, not both");
            }
            SSLSocketFactory tls = null;
            if (server.regionMatches(true, 0, "https:", 0, 6)) {
                if (trust == null && !insecure) {
                    throw new IllegalArgumentException("give --trust CA.pem (the server's certificate or its CA)"
                            + " or --insecure");
                }
                tls = insecure ? ServerTrust.trustingAnyone() : ServerTrust.trusting(trust);
            }
            char[] password = Passwords.readFirstLine(System.in);
            Mappers mappers = new Mappers(mapperJars);
            MapperSettings ms = new MapperSettings(policies);
            return new GatewayConnector.Settings(server, client, new String(password), tls,
                    exports ? mappers.exportMapper(mapper, ms) : null, exports ? null : mappers.importMapper(mapper, ms),
                    failsecureTimeout,
                    Config.duration("--timeout " + timeout, timeout));
        }
    }

    /** Which session: a user of a realm at an endpoint address (export and end name it alike). */
    static final class UserAtAddress {
        @Option(names = "--user", required = true, paramLabel = "U", description = "The user's sign-in name.")
        String user;

        @Option(names = "--realm", paramLabel = "R", defaultValue = "Users",
                description = "The sign-in realm; default ${DEFAULT-VALUE}.")
        String realm;

        @Option(names = "--ip", required = true, paramLabel = "A", description = "The endpoint's IPv4 or IPv6 address.")
        String ip;

        @Override
        public String toString() {
            return user + "@" + realm + " at " + ip;
        }
    }

    /** The common frame: connect, run, one line on failure. */
    abstract static class ConnectorCommand extends ToolCommand {
        @Mixin
        Connection connection;

        Duration failsecureTimeout() {
            return Duration.ofMinutes(3);
        }

        /** Whether the command exports (export and end) rather than imports. */
        boolean exports() {
            return true;
        }

        @Override
        final int execute(PrintWriter out, PrintWriter err) {
            GatewayConnector.Settings settings;
            try {
                settings = connection.settings(exports(), failsecureTimeout());
            } catch (MapperException | IOException e) {
                err.println(e.getMessage());
                return 1;
            }
            try (GatewayConnector c = GatewayConnector.connect(settings)) {
                return run(c, out, err);
            } catch (MapServerException e) {
                err.println(connection.server + ": " + e.getMessage());
                return 1;
            } catch (IOException e) {
                err.println("cannot reach " + connection.server + ": " + (e.getMessage() == null ? e : e.getMessage()));
                return 1;
            }
        }

        abstract int run(GatewayConnector c, PrintWriter out, PrintWriter err) throws IOException, MapServerException;
    }

    @Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Publish a user's session (sign-in), or publish it again with what changed (a role"
                    + " change): what an earlier export of the same realm, user and address published is replaced"
                    + " in one atomic publish."})
    static final class Export extends ConnectorCommand {
        @Mixin
        UserAtAddress session;

        @Option(names = "--role", paramLabel = "R", description = "A local role of the session; repeatable.")
        List<String> roles = new ArrayList<>();

        @Option(names = "--mac", paramLabel = "M", description = "The endpoint's MAC address.")
        String mac;

        @Option(names = "--hc-policy", paramLabel = "P",
                description = "A Host Checker policy the endpoint passed; repeatable.")
        List<String> hostChecker = new ArrayList<>();

        @Option(names = "--sign-in-time", paramLabel = "ISO-8601", description = "When the user signed in; default now.")
        String signInTime;

        @Override
        int run(GatewayConnector c, PrintWriter out, PrintWriter err) throws IOException, MapServerException {
            Instant at;
            try {
                at = signInTime == null ? Instant.now() : Instant.parse(signInTime);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("--sign-in-time " + signInTime + " is not an ISO-8601 instant"
                        + " (e.g. 2026-11-22T09:30:00Z)");
            }
            LocalSession local = new LocalSession(session.user, session.realm, roles, session.ip, mac, hostChecker, at);
            GatewayConnector.Exported e = c.export(local);
            IfmapSession d = e.data();
            out.println("exported " + local.username() + "@" + local.realm() + " at " + local.ip() + " as access-request "
                    + e.accessRequest());
            String domain = d.identity().administrativeDomain().isEmpty() ? ""
                    : ", administrative-domain " + d.identity().administrativeDomain();
            out.println("  identity           " + d.identity().name() + " (" + d.identity().identityType().xmlValue()
                    + domain + ")");
            out.println("  capabilities       " + list(d.capabilities()));
            out.println("  IF-MAP roles       " + list(d.roles()));
            out.println("  device attributes  " + list(d.deviceAttributes()));
            return 0;
        }
    }

    @Command(name = "end", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Remove a user's exported session (sign-out)."})
    static final class End extends ConnectorCommand {
        @Mixin
        UserAtAddress session;

        @Override
        int run(GatewayConnector c, PrintWriter out, PrintWriter err) throws IOException, MapServerException {
            if (c.end(session.realm, session.user, session.ip)) {
                out.println("ended " + session);
            } else {
                out.println("nothing exported for " + session + " by " + connection.client);
            }
            return 0;
        }
    }

    @Command(name = "import", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Print what the session at an endpoint address grants here, through the import mapper:"
                    + " one line, user=<name> roles=<r1,r2,...> (empty when nothing; exit code 3 when no session is"
                    + " there). With --follow, print a line at each change until stopped; when the server is out of"
                    + " contact for --failsecure-timeout, access is withdrawn (an empty line)."})
    static final class Import extends ConnectorCommand {
        @Option(names = "--ip", required = true, paramLabel = "A", description = "The endpoint's IPv4 or IPv6 address.")
        String ip;

        @Option(names = "--follow", description = "Keep printing a line at each change (subscribe and poll).")
        boolean follow;

        @Option(names = "--failsecure-timeout", paramLabel = "DURATION", defaultValue = "180s",
                description = "With --follow: drop the imported session when the server has been out of contact"
                        + " this long; default ${DEFAULT-VALUE}.")
        String failsecure;

        @Override
        Duration failsecureTimeout() {
            return Config.duration("--failsecure-timeout " + failsecure, failsecure);
        }

        @Override
        boolean exports() {
            return false;
        }

        @Override
        int run(GatewayConnector c, PrintWriter out, PrintWriter err) throws IOException, MapServerException {
            if (!follow) {
                Optional<SessionAtAddress> s = c.importAt(ip);
                out.println(s.map(a -> a.local().line()).orElse("user= roles="));
                return s.isPresent() ? 0 : NO_SESSION;
            }
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "fedmap-session-import-stop"));
            c.follow(ip, event -> {
                synchronized (out) {
                    if (event.kind() == ImportEvent.Kind.DROPPED) {
                        err.println("fail-secure: " + connection.server + " out of contact for " + failsecure
                                + "; access at " + event.ip() + " withdrawn");
                        err.flush();
                    }
                    out.println(event.line());
                    out.flush();
                }
            });
            try {
                stopped.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return 0;
        }
    }

    private static String list(List<String> names) {
        return names.isEmpty() ? "-" : String.join(", ", names);
    }
}
