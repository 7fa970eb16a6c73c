package org.fedmap.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import org.fedmap.security.AddressRange;
import org.fedmap.security.CertificateAuthority;
import org.fedmap.security.PasswordHasher;
import org.fedmap.security.SubjectPattern;
import org.fedmap.store.AuthMethod;
import org.fedmap.store.ClientRecord;
import org.fedmap.store.ClientStore;
import org.fedmap.store.Database;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code fedmap client add|update|show|list|remove|disable|enable}: manages the clients allowed to
 * connect, with basic (password) or certificate authentication. Works whether or not a server runs
 * on the same data directory; a running server notices changes within a second.
 *
 * <p>Option values are checked here rather than by picocli's converters, so that a bad value is one
 * line on standard error and exit code 1, like every other failure of these commands.
 */
@Command(name = "client", mixinStandardHelpOptions = true, description = "Manage IF-MAP clients.",
        subcommands = {ClientCommand.AddCommand.class, ClientCommand.UpdateCommand.class,
                ClientCommand.ShowCommand.class, ClientCommand.ListCommand.class, ClientCommand.RemoveCommand.class,
                ClientCommand.DisableCommand.class, ClientCommand.EnableCommand.class, ClientStatusCommand.class})
final class ClientCommand {


    private static final int DESCRIPTION_COLUMN = 40;

    /** What every client subcommand shares: the data directory, and failures as one line and exit code 1. */
    abstract static class Base extends ToolCommand {
        @Option(names = "--data", paramLabel = "DIR", defaultValue = "./data",
                description = "Data directory (default: ${DEFAULT-VALUE}).")
        Path dataDir;

        /** The CA made by {@code fedmap pki init-ca}, for a certificate client given no {@code --ca}. */
        TrustedCas.Loaded pkiCa() {
            Path data = dataDir.toAbsolutePath().normalize();
            Path file = CertificateAuthority.caCertificate(data);
            if (!Files.exists(file)) {
                throw new IllegalArgumentException("no --ca given and no CA in " + file.getParent()
                        + "; run `fedmap pki init-ca` or pass --ca FILE");
            }
            return TrustedCas.read(List.of(file));
        }
    }

    // ---- add ------------------------------------------------------------------------------

    @Command(name = "add", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Register a client.",
                    "Basic clients sign in with their name and a password; without --password-stdin a strong"
                            + " password is generated and shown once.",
                    "Certificate clients present a TLS client certificate issued by a CA they trust (--ca, or"
                            + " the CA of `fedmap pki init-ca`), optionally restricted to certain subjects."})
    static final class AddCommand extends Base {
        @Parameters(paramLabel = "NAME", description = "Client name; also its publisher-id.")
        String name;

        @Option(names = "--auth", paramLabel = "basic|certificate",
                description = "How it authenticates (default: certificate when --cert-subject or --ca is given,"
                        + " else basic).")
        String auth;

        @Option(names = "--password-stdin", description = "Basic: read the password from the first line of standard input.")
        boolean passwordStdin;

        @Option(names = "--cert-subject", paramLabel = "DN",
                description = "Certificate: admit only a certificate with this subject, e.g. CN=ic1.example.com."
                        + " Repeat for several; any one matches.")
        List<String> certSubjects = new ArrayList<>();

        @Option(names = "--ca", paramLabel = "FILE",
                description = "Certificate: trust the CA certificate(s) in this PEM file (repeatable). Default:"
                        + " DIR/pki/ca.pem, made by `fedmap pki init-ca`.")
        List<Path> caFiles = new ArrayList<>();

        @Option(names = "--allow-ip", paramLabel = "ADDR|CIDR",
                description = "Admit it only from this IPv4/IPv6 address or range (repeatable). Default: any.")
        List<String> allowIps = new ArrayList<>();

        @Option(names = "--read-only", description = "It may search, subscribe and poll, but not publish or purge.")
        boolean readOnly;

        @Option(names = "--purge-others", description = "It may purge other publishers' metadata.")
        boolean purgeOthers;

        @Option(names = "--expires", paramLabel = "YYYY-MM-DD", description = "The last day it is admitted.")
        String expires;

        @Option(names = "--max-sessions", paramLabel = "N", description = "At most N sessions at once (N >= 1).")
        String maxSessions;

        @Option(names = "--max-metadata", paramLabel = "N", description = "At most N metadata items published (N >= 0).")
        String maxMetadata;

        @Option(names = "--description", paramLabel = "TEXT", description = "Free text for operators.")
        String description;

        @Option(names = "--disabled", description = "Register it disabled (see `client enable`).")
        boolean disabled;

        @Override
        int execute(PrintWriter out, PrintWriter err) {
            ClientRecord.checkName(name);
            boolean certOptions = !certSubjects.isEmpty() || !caFiles.isEmpty();
            AuthMethod method = auth != null ? parseAuth(auth) : certOptions ? AuthMethod.CERTIFICATE : AuthMethod.BASIC;
            if (method == AuthMethod.BASIC && certOptions) {
                throw new IllegalArgumentException("--ca and --cert-subject apply only to certificate authentication");
            }
            if (method == AuthMethod.CERTIFICATE && passwordStdin) {
                throw new IllegalArgumentException("a certificate client has no password: --password-stdin applies"
                        + " only to basic authentication");
            }
            if (readOnly && purgeOthers) {
                throw new IllegalArgumentException("--purge-others conflicts with --read-only");
            }
            List<String> subjects = canonicalSubjects(certSubjects);
            List<String> sources = canonicalSources(allowIps);
            LocalDate expiry = expires == null ? null : parseDate(expires);
            Integer sessionCap = maxSessions == null ? null : parseMaxSessions(maxSessions);
            Long metadataCap = maxMetadata == null ? null : parseMaxMetadata(maxMetadata);
            checkDescription(description);

            List<String> warnings = new ArrayList<>();
            TrustedCas.Loaded cas = null;
            char[] password = null;
            String hash = null;
            try {
                if (method == AuthMethod.CERTIFICATE) {
                    cas = caFiles.isEmpty() ? pkiCa() : TrustedCas.read(caFiles);
                    warnings.addAll(cas.warnings());
                    if (subjects.isEmpty() && sources.isEmpty()) {
                        warnings.add(unrestrictedWarning(name));
                    }
                } else {
                    password = passwordStdin ? Passwords.readFirstLine(System.in) : Passwords.generate();
                    hash = new PasswordHasher().hash(password);
                }
                if (expiry != null && expiry.isBefore(LocalDate.now())) {
                    warnings.add(pastExpiryWarning(expiry));
                }
                ClientRecord record = new ClientRecord(name, name, method, hash, cas == null ? null : cas.pem(),
                        subjects, sources, readOnly, purgeOthers, expiry, sessionCap, metadataCap, !disabled,
                        description, Instant.now());
                ClientRecord added;
                try (Database db = Database.openForTool(dataDir)) {
                    added = new ClientStore(db).add(record);
                }
                out.printf("client '%s' added (publisher-id %s, %s authentication%s)%n", added.name(),
                        added.publisherId(), added.authMethod().label(), added.enabled() ? "" : ", disabled");
                if (cas != null) {
                    for (X509Certificate ca : cas.certificates()) {
                        out.println("trusts CA '" + TrustedCas.subject(ca) + "' (SHA-256 " + TrustedCas.sha256(ca) + ")");
                    }
                }
                if (password != null && !passwordStdin) {
                    out.println("password: " + new String(password));
                    out.println("This password is shown only now; enter it in the gateway's IF-MAP settings.");
                }
                warnings.forEach(err::println);
                return 0;
            } finally {
                if (password != null) {
                    Arrays.fill(password, '\0');
                }
            }
        }
    }

    // ---- update ---------------------------------------------------------------------------

    @Command(name = "update", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Change a registered client; what no option names stays as it is.",
                    "List options (--cert-subject, --ca, --allow-ip) replace the whole list.",
                    "Switching to certificate authentication needs a CA (--ca, or the CA of `fedmap pki init-ca`);"
                            + " switching to basic needs a password (--password-stdin or --new-password).",
                    "A running server applies the change within a second; a client that is disabled, or whose",
                    "credentials change, loses its sessions."})
    static final class UpdateCommand extends Base {
        @Parameters(paramLabel = "NAME", description = "Client name.")
        String name;

        @Option(names = "--auth", paramLabel = "basic|certificate", description = "Switch authentication method.")
        String auth;

        @Option(names = "--password-stdin", description = "Basic: set the password from the first line of standard input.")
        boolean passwordStdin;

        @Option(names = "--new-password", description = "Basic: generate a new password and show it once.")
        boolean newPassword;

        @Option(names = "--cert-subject", paramLabel = "DN",
                description = "Certificate: admit only these subjects (repeatable; replaces the list).")
        List<String> certSubjects = new ArrayList<>();

        @Option(names = "--no-cert-subjects", description = "Certificate: admit any certificate from the trusted CAs.")
        boolean noCertSubjects;

        @Option(names = "--ca", paramLabel = "FILE",
                description = "Certificate: trust the CA certificate(s) in these PEM files (repeatable; replaces).")
        List<Path> caFiles = new ArrayList<>();

        @Option(names = "--allow-ip", paramLabel = "ADDR|CIDR",
                description = "Admit it only from these addresses or ranges (repeatable; replaces the list).")
        List<String> allowIps = new ArrayList<>();

        @Option(names = "--allow-any-ip", description = "Admit it from any address.")
        boolean allowAnyIp;

        @Option(names = "--read-only", description = "It may search, subscribe and poll, but not publish or purge.")
        boolean readOnly;

        @Option(names = "--read-write", description = "It may publish and purge its own metadata again.")
        boolean readWrite;

        @Option(names = "--purge-others", description = "It may purge other publishers' metadata.")
        boolean purgeOthers;

        @Option(names = "--no-purge-others", description = "It may purge only its own metadata.")
        boolean noPurgeOthers;

        @Option(names = "--expires", paramLabel = "YYYY-MM-DD", description = "The last day it is admitted.")
        String expires;

        @Option(names = "--no-expiry", description = "Admit it with no end date.")
        boolean noExpiry;

        @Option(names = "--max-sessions", paramLabel = "N", description = "At most N sessions at once (N >= 1).")
        String maxSessions;

        @Option(names = "--no-max-sessions", description = "No cap on sessions.")
        boolean noMaxSessions;

        @Option(names = "--max-metadata", paramLabel = "N", description = "At most N metadata items published (N >= 0).")
        String maxMetadata;

        @Option(names = "--no-max-metadata", description = "No cap on metadata items.")
        boolean noMaxMetadata;

        @Option(names = "--description", paramLabel = "TEXT", description = "Free text for operators (\"\" clears it).")
        String description;

        @Option(names = "--enabled", description = "Admit it (as `client enable`).")
        boolean enabled;

        @Option(names = "--disabled", description = "Refuse it (as `client disable`).")
        boolean disabled;

        @Override
        int execute(PrintWriter out, PrintWriter err) {
            ClientRecord.checkName(name);
            conflict(passwordStdin, "--password-stdin", newPassword, "--new-password");
            conflict(!certSubjects.isEmpty(), "--cert-subject", noCertSubjects, "--no-cert-subjects");
            conflict(!allowIps.isEmpty(), "--allow-ip", allowAnyIp, "--allow-any-ip");
            conflict(readOnly, "--read-only", readWrite, "--read-write");
            conflict(purgeOthers, "--purge-others", noPurgeOthers, "--no-purge-others");
            conflict(readOnly, "--read-only", purgeOthers, "--purge-others");
            conflict(expires != null, "--expires", noExpiry, "--no-expiry");
            conflict(maxSessions != null, "--max-sessions", noMaxSessions, "--no-max-sessions");
            conflict(maxMetadata != null, "--max-metadata", noMaxMetadata, "--no-max-metadata");
            conflict(enabled, "--enabled", disabled, "--disabled");
            boolean passwordOption = passwordStdin || newPassword;
            boolean certOptions = !certSubjects.isEmpty() || noCertSubjects || !caFiles.isEmpty();
            boolean anything = auth != null || passwordOption || certOptions || !allowIps.isEmpty() || allowAnyIp
                    || readOnly || readWrite || purgeOthers || noPurgeOthers || expires != null || noExpiry
                    || maxSessions != null || noMaxSessions || maxMetadata != null || noMaxMetadata
                    || description != null || enabled || disabled;
            if (!anything) {
                throw new IllegalArgumentException("nothing to change: name at least one option"
                        + " (see fedmap client update --help)");
            }
            AuthMethod method = auth == null ? null : parseAuth(auth);
            if (method == AuthMethod.BASIC && certOptions) {
                throw new IllegalArgumentException("--ca, --cert-subject and --no-cert-subjects apply only to"
                        + " certificate authentication");
            }
            if (method == AuthMethod.CERTIFICATE && passwordOption) {
                throw new IllegalArgumentException("a certificate client has no password: --password-stdin and"
                        + " --new-password apply only to basic authentication");
            }
            List<String> subjects = canonicalSubjects(certSubjects);
            List<String> sources = canonicalSources(allowIps);
            LocalDate expiry = expires == null ? null : parseDate(expires);
            Integer sessionCap = maxSessions == null ? null : parseMaxSessions(maxSessions);
            Long metadataCap = maxMetadata == null ? null : parseMaxMetadata(maxMetadata);
            checkDescription(description);

            List<String> warnings = new ArrayList<>();
            TrustedCas.Loaded cas = null;
            if (!caFiles.isEmpty()) {
                cas = TrustedCas.read(caFiles);
                warnings.addAll(cas.warnings());
            }
            char[] password = null;
            try {
                String hash = null;
                if (passwordOption) {
                    password = passwordStdin ? Passwords.readFirstLine(System.in) : Passwords.generate();
                    hash = new PasswordHasher().hash(password);
                }
                ClientRecord[] before = new ClientRecord[1];
                ClientRecord after;
                TrustedCas.Loaded givenCas = cas;
                String givenHash = hash;
                try (Database db = Database.openForTool(dataDir)) {
                    after = new ClientStore(db).update(name, r -> {
                        before[0] = r;
                        return change(r, method, givenHash, givenCas, subjects, sources, expiry, sessionCap,
                                metadataCap);
                    });
                }
                List<String> changes = describeChanges(before[0], after);
                if (changes.isEmpty()) {
                    out.println("client '" + name + "' unchanged");
                } else {
                    out.println("client '" + name + "' updated:");
                    changes.forEach(c -> out.println("  " + c));
                }
                if (password != null && newPassword) {
                    out.println("password: " + new String(password));
                    out.println("This password is shown only now; enter it in the gateway's IF-MAP settings.");
                }
                if (after.authMethod() == AuthMethod.CERTIFICATE && after.certSubjects().isEmpty()
                        && after.allowedSources().isEmpty() && !changes.isEmpty()
                        && (before[0].authMethod() != AuthMethod.CERTIFICATE || !before[0].certSubjects().isEmpty()
                                || !before[0].allowedSources().isEmpty()
                                || !Objects.equals(before[0].caCertificates(), after.caCertificates()))) {
                    warnings.add(unrestrictedWarning(name));
                }
                if (expiry != null && expiry.isBefore(LocalDate.now())) {
                    warnings.add(pastExpiryWarning(expiry));
                }
                warnings.forEach(err::println);
                return 0;
            } finally {
                if (password != null) {
                    Arrays.fill(password, '\0');
                }
            }
        }

        /** The record as the options make it; throws, leaving it unchanged, if they do not fit it. */
        private ClientRecord change(ClientRecord r, AuthMethod method, String hash, TrustedCas.Loaded cas,
                                    List<String> subjects, List<String> sources, LocalDate expiry, Integer sessionCap,
                                    Long metadataCap) {
            ClientRecord.Builder b = r.toBuilder();
            AuthMethod target = method == null ? r.authMethod() : method;
            if (target == AuthMethod.BASIC) {
                if (!caFiles.isEmpty() || !certSubjects.isEmpty() || noCertSubjects) {
                    throw new IllegalArgumentException("client '" + name + "' uses basic authentication: --ca,"
                            + " --cert-subject and --no-cert-subjects need --auth certificate");
                }
                if (hash == null && r.authMethod() != AuthMethod.BASIC) {
                    throw new IllegalArgumentException("switching client '" + name + "' to basic authentication"
                            + " needs a password: add --password-stdin or --new-password");
                }
                if (hash != null) {
                    b.basic(hash);
                }
            } else {
                if (hash != null) {
                    throw new IllegalArgumentException("client '" + name + "' uses certificate authentication and has"
                            + " no password; to switch it to a password, add --auth basic");
                }
                boolean wasCertificate = r.authMethod() == AuthMethod.CERTIFICATE;
                String pem = cas != null ? cas.pem() : wasCertificate ? r.caCertificates() : pkiCa().pem();
                List<String> newSubjects = !subjects.isEmpty() ? subjects
                        : noCertSubjects || !wasCertificate ? List.of() : r.certSubjects();
                b.certificate(pem, newSubjects);
            }
            if (!sources.isEmpty() || allowAnyIp) {
                b.allowedSources(sources);
            }
            boolean nowReadOnly = readOnly || (!readWrite && r.readOnly());
            boolean nowPurgeOthers = purgeOthers || (!noPurgeOthers && r.purgeOthers());
            if (nowReadOnly && nowPurgeOthers) {
                throw new IllegalArgumentException(readOnly
                        ? "client '" + name + "' may purge other publishers' metadata; add --no-purge-others to make"
                                + " it read-only"
                        : "client '" + name + "' is read-only; add --read-write to let it purge other publishers'"
                                + " metadata");
            }
            b.readOnly(nowReadOnly).purgeOthers(nowPurgeOthers);
            if (expiry != null || noExpiry) {
                b.expires(expiry);
            }
            if (sessionCap != null || noMaxSessions) {
                b.maxSessions(sessionCap);
            }
            if (metadataCap != null || noMaxMetadata) {
                b.maxMetadata(metadataCap);
            }
            if (description != null) {
                b.description(description);
            }
            if (enabled || disabled) {
                b.enabled(enabled);
            }
            return b.build();
        }
    }

    // ---- show -----------------------------------------------------------------------------

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show everything about one client.")
    static final class ShowCommand extends Base {
        @Parameters(paramLabel = "NAME", description = "Client name.")
        String name;

        @Override
        int execute(PrintWriter out, PrintWriter err) {
            ClientRecord c;
            try (Database db = Database.openForTool(dataDir)) {
                c = new ClientStore(db).find(name)
                        .orElseThrow(() -> new IllegalArgumentException("no client named '" + name + "'"));
            }
            LocalDate today = LocalDate.now();
            field(out, "name", c.name());
            field(out, "publisher-id", c.publisherId());
            field(out, "state", state(c, today));
            field(out, "auth", c.authMethod().label());
            if (c.authMethod() == AuthMethod.BASIC) {
                field(out, "password", "set (only its hash is stored)");
            } else {
                if (c.certSubjects().isEmpty()) {
                    field(out, "subjects", "any certificate from the trusted CAs");
                } else {
                    lines(out, "subjects", c.certSubjects());
                }
                List<String> caLines = new ArrayList<>();
                try {
                    for (X509Certificate ca : TrustedCas.parse(c.caCertificates())) {
                        Instant from = ca.getNotBefore().toInstant();
                        Instant to = ca.getNotAfter().toInstant();
                        caLines.add(TrustedCas.subject(ca));
                        caLines.add("  SHA-256  " + TrustedCas.sha256(ca));
                        caLines.add("  valid    " + TrustedCas.time(from) + " to " + TrustedCas.time(to)
                                + (to.isBefore(Instant.now()) ? " (expired)"
                                        : from.isAfter(Instant.now()) ? " (not yet valid)" : ""));
                        if (ca.getBasicConstraints() < 0) {
                            caLines.add("  (not a CA certificate)");
                        }
                    }
                } catch (CertificateException e) {
                    caLines.add("unreadable: " + e.getMessage());
                }
                lines(out, "trusted CAs", caLines);
            }
            if (c.allowedSources().isEmpty()) {
                field(out, "sources", "any");
            } else {
                lines(out, "sources", c.allowedSources());
            }
            field(out, "permissions", permissions(c));
            field(out, "expires", c.expires() == null ? "never" : c.expires() + " (last day admitted)");
            field(out, "max sessions", c.maxSessions() == null ? "no cap" : c.maxSessions().toString());
            field(out, "max metadata", c.maxMetadata() == null ? "no cap" : c.maxMetadata().toString());
            lines(out, "description", c.description().isEmpty() ? List.of("(none)")
                    : List.of(printable(c.description(), true).split("\n", -1)));
            field(out, "created", TrustedCas.time(c.createdAt()));
            return 0;
        }

        private static void field(PrintWriter out, String label, String value) {
            lines(out, label, List.of(value));
        }

        private static void lines(PrintWriter out, String label, List<String> values) {
            for (int i = 0; i < values.size(); i++) {
                String line = String.format("%-14s%s", i == 0 ? label : "", values.get(i));
                out.println(line.stripTrailing());
            }
        }
    }

    // ---- list -----------------------------------------------------------------------------

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the registered clients.")
    static final class ListCommand extends Base {
        private static final int MAX_SOURCES_SHOWN = 30;

        @Override
        int execute(PrintWriter out, PrintWriter err) {
            List<ClientRecord> clients;
            try (Database db = Database.openForTool(dataDir)) {
                clients = new ClientStore(db).list();
            }
            if (clients.isEmpty()) {
                out.println("no clients");
                return 0;
            }
            LocalDate today = LocalDate.now();
            Table table = new Table("NAME", "AUTH", "STATE", "SOURCES", "PERMISSIONS", "EXPIRES", "DESCRIPTION");
            for (ClientRecord c : clients) {
                String sources = String.join(",", c.allowedSources());
                if (c.allowedSources().isEmpty()) {
                    sources = "any";
                } else if (sources.length() > MAX_SOURCES_SHOWN) {
                    sources = c.allowedSources().size() + " ranges";
                }
                String text = printable(c.description(), false);
                if (text.length() > DESCRIPTION_COLUMN) {
                    text = text.substring(0, DESCRIPTION_COLUMN - 3) + "...";
                }
                table.row(c.name(), c.authMethod().label(), state(c, today), sources, permissions(c),
                        c.expires() == null ? "never" : c.expires().toString(), text);
            }
            table.print(out);
            return 0;
        }
    }

    // ---- remove, disable, enable ----------------------------------------------------------

    @Command(name = "remove", mixinStandardHelpOptions = true,
            description = {"Remove a client.", "A running server ends the client's sessions within a second."})
    static final class RemoveCommand extends Base {
        @Parameters(paramLabel = "NAME", description = "Client name.")
        String name;

        @Override
        int execute(PrintWriter out, PrintWriter err) {
            boolean removed;
            try (Database db = Database.openForTool(dataDir)) {
                removed = new ClientStore(db).remove(name);
            }
            if (!removed) {
                err.println("no client named '" + name + "'");
                return 1;
            }
            out.println("client '" + name + "' removed");
            return 0;
        }
    }

    /** {@code disable} and {@code enable}: the same change in opposite directions. */
    abstract static class SwitchCommand extends Base {
        @Parameters(paramLabel = "NAME", description = "Client name.")
        String name;

        abstract boolean enable();

        @Override
        int execute(PrintWriter out, PrintWriter err) {
            ClientRecord[] before = new ClientRecord[1];
            try (Database db = Database.openForTool(dataDir)) {
                new ClientStore(db).update(name, r -> {
                    before[0] = r;
                    return r.toBuilder().enabled(enable()).build();
                });
            }
            String word = enable() ? "enabled" : "disabled";
            out.println(before[0].enabled() == enable()
                    ? "client '" + name + "' is already " + word
                    : "client '" + name + "' " + word);
            return 0;
        }
    }

    @Command(name = "disable", mixinStandardHelpOptions = true,
            description = {"Refuse a client, keeping its registration.",
                    "A running server ends the client's sessions within a second."})
    static final class DisableCommand extends SwitchCommand {
        @Override
        boolean enable() {
            return false;
        }
    }

    @Command(name = "enable", mixinStandardHelpOptions = true, description = "Admit a disabled client again.")
    static final class EnableCommand extends SwitchCommand {
        @Override
        boolean enable() {
            return true;
        }
    }

    // ---- option values --------------------------------------------------------------------

    private static void conflict(boolean a, String aName, boolean b, String bName) {
        if (a && b) {
            throw new IllegalArgumentException(bName + " conflicts with " + aName);
        }
    }

    private static AuthMethod parseAuth(String text) {
        return AuthMethod.ofLabel(text);
    }

    static LocalDate parseDate(String text) {
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("invalid --expires date '" + text + "': use YYYY-MM-DD, e.g. 2027-12-31");
        }
    }

    static int parseMaxSessions(String text) {
        try {
            int n = Integer.parseInt(text);
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("invalid --max-sessions '" + text + "': give a whole number of at least 1"
                + " (or --no-max-sessions)");
    }

    static long parseMaxMetadata(String text) {
        try {
            long n = Long.parseLong(text);
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("invalid --max-metadata '" + text + "': give a whole number of at least 0"
                + " (or --no-max-metadata)");
    }

    private static void checkDescription(String text) {
        if (text != null && text.length() > ClientRecord.MAX_DESCRIPTION_LENGTH) {
            throw new IllegalArgumentException("--description is longer than " + ClientRecord.MAX_DESCRIPTION_LENGTH
                    + " characters");
        }
    }

    /** Subject restrictions in the normalized form the server matches them in, duplicates dropped. */
    static List<String> canonicalSubjects(List<String> given) {
        LinkedHashSet<String> subjects = new LinkedHashSet<>();
        for (String dn : given) {
            if (dn.isBlank()) {
                throw new IllegalArgumentException("empty --cert-subject: give a distinguished name such as"
                        + " CN=ic1.example.com");
            }
            try {
                subjects.add(SubjectPattern.parse(dn).toString());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--cert-subject: " + e.getMessage(), e);
            }
        }
        return List.copyOf(subjects);
    }

    /** Allowed sources in canonical text, duplicates dropped. */
    static List<String> canonicalSources(List<String> given) {
        LinkedHashSet<String> sources = new LinkedHashSet<>();
        for (String text : given) {
            try {
                sources.add(AddressRange.parse(text).toString());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--allow-ip: " + e.getMessage(), e);
            }
        }
        return List.copyOf(sources);
    }

    private static String unrestrictedWarning(String name) {
        return "warning: client '" + name + "' has no --cert-subject and no --allow-ip: any certificate from its"
                + " trusted CA will be accepted as this client";
    }

    private static String pastExpiryWarning(LocalDate expiry) {
        return "warning: --expires " + expiry + " is in the past: the client will not be admitted";
    }

    // ---- describing clients ---------------------------------------------------------------

    static String state(ClientRecord c, LocalDate today) {
        if (!c.enabled()) {
            return "disabled";
        }
        return c.expires() != null && c.expires().isBefore(today) ? "expired" : "enabled";
    }

    static String permissions(ClientRecord c) {
        return c.readOnly() ? "read-only" : c.purgeOthers() ? "read-write, purge-others" : "read-write";
    }

    /** Lines saying which fields differ between two versions of a client, as "field: before -> after". */
    static List<String> describeChanges(ClientRecord before, ClientRecord after) {
        List<String> changes = new ArrayList<>();
        change(changes, "auth", before.authMethod().label(), after.authMethod().label());
        if (after.authMethod() == AuthMethod.BASIC && !Objects.equals(before.passwordHash(), after.passwordHash())) {
            changes.add(before.authMethod() == AuthMethod.BASIC ? "password: changed" : "password: set");
        }
        change(changes, "trusted CAs", caSummary(before), caSummary(after));
        change(changes, "subjects", subjectSummary(before), subjectSummary(after));
        change(changes, "sources", before.allowedSources().isEmpty() ? "any" : String.join(", ", before.allowedSources()),
                after.allowedSources().isEmpty() ? "any" : String.join(", ", after.allowedSources()));
        change(changes, "permissions", permissions(before), permissions(after));
        change(changes, "expires", Objects.toString(before.expires(), "never"), Objects.toString(after.expires(), "never"));
        change(changes, "max sessions", Objects.toString(before.maxSessions(), "no cap"),
                Objects.toString(after.maxSessions(), "no cap"));
        change(changes, "max metadata", Objects.toString(before.maxMetadata(), "no cap"),
                Objects.toString(after.maxMetadata(), "no cap"));
        change(changes, "state", before.enabled() ? "enabled" : "disabled", after.enabled() ? "enabled" : "disabled");
        change(changes, "description", "'" + printable(before.description(), false) + "'",
                "'" + printable(after.description(), false) + "'");
        return changes;
    }

    private static void change(List<String> changes, String field, String before, String after) {
        if (!before.equals(after)) {
            changes.add(field + ": " + before + " -> " + after);
        }
    }

    private static String caSummary(ClientRecord c) {
        if (c.caCertificates() == null) {
            return "none";
        }
        try {
            List<String> names = new ArrayList<>();
            for (X509Certificate ca : TrustedCas.parse(c.caCertificates())) {
                names.add("'" + TrustedCas.subject(ca) + "' (SHA-256 " + TrustedCas.sha256(ca).substring(0, 23) + "...)");
            }
            return String.join(", ", names);
        } catch (CertificateException e) {
            return "(unreadable)";
        }
    }

    private static String subjectSummary(ClientRecord c) {
        if (c.authMethod() != AuthMethod.CERTIFICATE) {
            return "none";
        }
        return c.certSubjects().isEmpty() ? "any" : String.join("; ", c.certSubjects());
    }

    /** Text safe to print on a terminal: control characters become spaces (line feeds too, unless kept). */
    static String printable(String text, boolean keepLineFeeds) {
        StringBuilder b = new StringBuilder(text.length());
        text.codePoints().forEach(cp -> {
            if (cp == '\n' && keepLineFeeds) {
                b.append('\n');
            } else if (Character.isISOControl(cp)) {
                b.append(' ');
            } else {
                b.appendCodePoint(cp);
            }
        });
        return b.toString();
    }
}
