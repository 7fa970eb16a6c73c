package org.fedmap.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import org.fedmap.replication.ReplicaKey;
import org.fedmap.security.SubjectPattern;
import org.fedmap.store.AuthMethod;
import org.fedmap.store.Database;
import org.fedmap.store.ReplicaRecord;
import org.fedmap.store.ReplicaStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code fedmap replica add|list|show|remove}: configures the replica IF-MAP servers this one is to
 * replicate with. Like {@code fedmap client}, it works whether or not a server runs on the data
 * directory, and a running server sees the change at once and starts (or stops) replicating with the
 * replica, with basic authentication or by certificate.
 *
 * <p>Option values are checked here rather than by picocli, so that a bad or missing value is one line
 * on standard error and exit code 1.
 */
@Command(name = "replica", mixinStandardHelpOptions = true,
        description = {"Configure the replica IF-MAP servers a running server replicates its data with (each server"
                + " of a mesh configures all the others)."},
        subcommands = {ReplicaCommand.AddCommand.class, ReplicaCommand.ListCommand.class,
                ReplicaCommand.ShowCommand.class, ReplicaCommand.RemoveCommand.class})
final class ReplicaCommand {

    // ---- add ------------------------------------------------------------------------------

    @Command(name = "add", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Configure a replica server.",
                    "basic: both servers present the same user and password to each other; the password is read"
                            + " from standard input and stored encrypted with DATA/replication/replica.key.",
                    "certificate: the replica presents a certificate from one of the --ca certificates whose"
                            + " subject matches a --restrict pattern."})
    static final class AddCommand extends ClientCommand.Base {
        @Parameters(paramLabel = "NAME", description = "Replica name.")
        String name;

        @Option(names = "--url", paramLabel = "URL",
                description = "Its IF-MAP endpoint, https://HOST:PORT/dana-ws/soap/dsifmap (path optional).")
        String url;

        @Option(names = "--hostname", paramLabel = "FQDN|IP",
                description = "The DNS name or IP address its certificate must carry when this server connects to it.")
        String hostname;

        @Option(names = "--allow-ip", paramLabel = "ADDR|CIDR",
                description = "It may connect in only from this address or range (repeatable; at least one).")
        List<String> allowIps = new ArrayList<>();

        @Option(names = "--auth", paramLabel = "basic|certificate", description = "How the servers authenticate.")
        String auth;

        @Option(names = "--user", paramLabel = "USER", description = "basic: the user name both servers present.")
        String user;

        @Option(names = "--password-stdin",
                description = "basic: read the password from the first line of standard input.")
        boolean passwordStdin;

        @Option(names = "--ca", paramLabel = "FILE",
                description = "certificate: trust the CA certificate(s) in this PEM file (repeatable).")
        List<Path> caFiles = new ArrayList<>();

        @Option(names = "--restrict", paramLabel = "DN",
                description = "certificate: admit only a certificate with this subject, e.g. CN=replica2.example.com"
                        + " (repeatable; any one matches; at least one).")
        List<String> restrictions = new ArrayList<>();

        @Override
        int execute(PrintWriter out, PrintWriter err) {
            ReplicaRecord.checkName(name);
            if (url == null) {
                throw new IllegalArgumentException("--url is required, e.g. --url https://replica2.example.com:8443"
                        + ReplicaRecord.DEFAULT_PATH);
            }
            String canonicalUrl = ReplicaRecord.canonicalUrl(url);
            if (hostname == null) {
                throw new IllegalArgumentException("--hostname is required: the name the replica's certificate carries");
            }
            String host = ReplicaRecord.canonicalHostname(hostname);
            if (allowIps.isEmpty()) {
                throw new IllegalArgumentException("--allow-ip is required: the replica may connect in only from the"
                        + " addresses given");
            }
            List<String> sources = ClientCommand.canonicalSources(allowIps);
            if (auth == null) {
                throw new IllegalArgumentException("--auth basic or --auth certificate is required");
            }
            AuthMethod method = AuthMethod.ofLabel(auth);
            List<String> warnings = new ArrayList<>();
            ReplicaRecord record;
            if (method == AuthMethod.BASIC) {
                if (!caFiles.isEmpty() || !restrictions.isEmpty()) {
                    throw new IllegalArgumentException("--ca and --restrict apply only to --auth certificate");
                }
                if (user == null) {
                    throw new IllegalArgumentException("--auth basic needs --user USER");
                }
                ReplicaRecord.checkUser(user);
                if (!passwordStdin) {
                    throw new IllegalArgumentException("--auth basic needs --password-stdin (the password is read"
                            + " from standard input, never from the command line)");
                }
                char[] password = Passwords.readFirstLine(System.in);
                try {
                    String sealed = ReplicaKey.loadOrCreate(dataDir).seal(name, user, password);
                    record = new ReplicaRecord(name, canonicalUrl, host, sources, method, user, sealed, null, null,
                            Instant.now());
                } finally {
                    Arrays.fill(password, '\0');
                }
            } else {
                if (user != null || passwordStdin) {
                    throw new IllegalArgumentException("--user and --password-stdin apply only to --auth basic");
                }
                if (caFiles.isEmpty()) {
                    throw new IllegalArgumentException("--auth certificate needs --ca FILE: the CA that issues the"
                            + " replica's certificate");
                }
                if (restrictions.isEmpty()) {
                    throw new IllegalArgumentException("--auth certificate needs --restrict DN, e.g. --restrict"
                            + " 'CN=replica2.example.com': the subject the replica's certificate must have");
                }
                List<String> patterns = canonicalRestrictions(restrictions);
                TrustedCas.Loaded cas = TrustedCas.read(caFiles);
                warnings.addAll(cas.warnings());
                record = new ReplicaRecord(name, canonicalUrl, host, sources, method, null, null, cas.pem(), patterns,
                        Instant.now());
            }
            ReplicaRecord added;
            try (Database db = Database.openForTool(dataDir)) {
                added = new ReplicaStore(db).add(record);
            }
            out.printf("replica '%s' added (%s, certificate name %s, %s authentication)%n", added.name(), added.url(),
                    added.hostname(), added.authMethod().label());
            out.println("A server running on this data directory starts replicating with it within a second;"
                    + " configure this server on the replica as well.");
            warnings.forEach(err::println);
            return 0;
        }
    }

    /** Subject patterns in the normalized form the server matches them in, duplicates dropped. */
    static List<String> canonicalRestrictions(List<String> given) {
        LinkedHashSet<String> patterns = new LinkedHashSet<>();
        for (String dn : given) {
            if (dn.isBlank()) {
                throw new IllegalArgumentException("empty --restrict: give a distinguished name such as"
                        + " CN=replica2.example.com");
            }
            try {
                patterns.add(SubjectPattern.parse(dn).toString());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--restrict: " + e.getMessage(), e);
            }
        }
        return List.copyOf(patterns);
    }

    // ---- list -----------------------------------------------------------------------------

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the configured replicas.")
    static final class ListCommand extends ClientCommand.Base {
        @Override
        int execute(PrintWriter out, PrintWriter err) {
            List<ReplicaRecord> replicas;
            try (Database db = Database.openForTool(dataDir)) {
                replicas = new ReplicaStore(db).list();
            }
            if (replicas.isEmpty()) {
                out.println("no replicas");
                return 0;
            }
            Table table = new Table("NAME", "URL", "HOSTNAME", "AUTH", "SOURCES");
            for (ReplicaRecord r : replicas) {
                table.row(r.name(), r.url(), r.hostname(), r.authMethod().label(), String.join(",", r.allowedSources()));
            }
            table.print(out);
            return 0;
        }
    }

    // ---- show -----------------------------------------------------------------------------

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Show every setting of a replica (never its password).")
    static final class ShowCommand extends ClientCommand.Base {
        @Parameters(paramLabel = "NAME", description = "Replica name.")
        String name;

        @Override
        int execute(PrintWriter out, PrintWriter err) {
            ReplicaRecord r;
            try (Database db = Database.openForTool(dataDir)) {
                r = new ReplicaStore(db).find(name)
                        .orElseThrow(() -> new IllegalArgumentException("no replica named '" + name + "'"));
            }
            field(out, "name", r.name());
            field(out, "url", r.url());
            field(out, "hostname", r.hostname() + " (its certificate must carry this name)");
            lines(out, "sources", r.allowedSources());
            field(out, "auth", r.authMethod().label());
            if (r.authMethod() == AuthMethod.BASIC) {
                field(out, "user", r.user());
                field(out, "password", passwordState(r));
            } else {
                lines(out, "restrictions", r.restrictions());
                List<String> caLines = new ArrayList<>();
                try {
                    for (X509Certificate ca : TrustedCas.parse(r.caCertificates())) {
                        Instant to = ca.getNotAfter().toInstant();
                        caLines.add(TrustedCas.subject(ca));
                        caLines.add("  SHA-256  " + TrustedCas.sha256(ca));
                        caLines.add("  valid    " + TrustedCas.time(ca.getNotBefore().toInstant()) + " to "
                                + TrustedCas.time(to) + (to.isBefore(Instant.now()) ? " (expired)" : ""));
                    }
                } catch (CertificateException e) {
                    caLines.add("unreadable: " + e.getMessage());
                }
                lines(out, "trusted CAs", caLines);
            }
            field(out, "created", TrustedCas.time(r.createdAt()));
            field(out, "replication", "by a running server (`fedmap status` shows the link)");
            return 0;
        }

        /** Whether the stored password opens with this data directory's key; never the password itself. */
        private String passwordState(ReplicaRecord r) {
            Optional<ReplicaKey> key = ReplicaKey.load(dataDir);
            if (key.isEmpty()) {
                return "set, but " + ReplicaKey.file(dataDir) + " is missing: remove the replica and add it again";
            }
            try {
                Arrays.fill(key.get().open(r.name(), r.user(), r.sealedPassword()), '\0');
                return "set (stored encrypted with " + ReplicaKey.file(dataDir) + ")";
            } catch (IllegalArgumentException e) {
                return "set, but " + e.getMessage();
            }
        }

        private static void field(PrintWriter out, String label, String value) {
            lines(out, label, List.of(value));
        }

        private static void lines(PrintWriter out, String label, List<String> values) {
            for (int i = 0; i < values.size(); i++) {
                out.println(String.format("%-14s%s", i == 0 ? label : "", values.get(i)).stripTrailing());
            }
        }
    }

    // ---- remove ---------------------------------------------------------------------------

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove a replica's configuration.")
    static final class RemoveCommand extends ClientCommand.Base {
        @Parameters(paramLabel = "NAME", description = "Replica name.")
        String name;

        @Override
        int execute(PrintWriter out, PrintWriter err) {
            boolean removed;
            try (Database db = Database.openForTool(dataDir)) {
                removed = new ReplicaStore(db).remove(name);
            }
            if (!removed) {
                err.println("no replica named '" + name + "'");
                return 1;
            }
            out.println("replica '" + name + "' removed");
            return 0;
        }
    }
}
