package org.fedmap.cli;

import java.net.URI;
import java.nio.file.Path;
import org.fedmap.ops.AdminClient;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * How a command reaches a running server's admin API: through the data directory (the URL and local
 * credential the server recorded there), or a URL with an admin account. The options are inherited by
 * subcommands ({@code sessions show}, ...), so they may be written before or after a subcommand's name.
 *
 * <p>Two forms, differing only in how the admin account is named: {@link WithUser} ({@code --user}, or
 * {@code --admin-user}) for most commands, {@link WithAdminUser} ({@code --admin-user} only) for
 * {@code sessions}, where {@code --user} picks the signed-in user to list.
 */
abstract class AdminConnection {
    @Option(names = "--data", paramLabel = "DIR", defaultValue = "./data", scope = ScopeType.INHERIT,
            description = "Data directory of the running server (default: ${DEFAULT-VALUE}); its admin URL and"
                    + " local credential are in DIR/admin/admin.json.")
    Path dataDir;

    @Option(names = "--admin", paramLabel = "URL", scope = ScopeType.INHERIT,
            description = "Admin API URL instead, e.g. https://ifmap.example.com:8444; with the admin account and"
                    + " --password-stdin.")
    URI admin;

    @Option(names = "--password-stdin", scope = ScopeType.INHERIT,
            description = "Read the admin password from the first line of standard input.")
    boolean passwordStdin;

    @Option(names = "--trust-pem", paramLabel = "FILE", scope = ScopeType.INHERIT,
            description = "With --admin: trust the server certificate or CA certificate(s) in this PEM file"
                    + " (e.g. DIR/tls/server.pem); default: the JDK's trusted CAs.")
    Path trustPem;

    /** The admin account given, or null. */
    abstract String account();

    /** The option that names the admin account, for messages. */
    abstract String accountOption();

    AdminClient client() {
        if (admin == null) {
            if (account() != null || passwordStdin || trustPem != null) {
                throw new IllegalArgumentException(accountOption() + ", --password-stdin and --trust-pem go with"
                        + " --admin URL");
            }
            return AdminClient.forDataDir(dataDir);
        }
        if (account() == null || !passwordStdin) {
            throw new IllegalArgumentException("--admin URL needs " + accountOption() + " NAME and --password-stdin");
        }
        return AdminClient.forUrl(admin, account(), Passwords.readFirstLine(System.in), trustPem);
    }

    /** The admin account as {@code --user NAME} (or {@code --admin-user NAME}). */
    static final class WithUser extends AdminConnection {
        @Option(names = {"--user", "--admin-user"}, paramLabel = "NAME", scope = ScopeType.INHERIT,
                description = "Admin account (see `fedmap admin add`), with --admin.")
        String user;

        @Override
        String account() {
            return user;
        }

        @Override
        String accountOption() {
            return "--user";
        }
    }

    /** The admin account as {@code --admin-user NAME}, where {@code --user} means something else. */
    static final class WithAdminUser extends AdminConnection {
        @Option(names = "--admin-user", paramLabel = "NAME", scope = ScopeType.INHERIT,
                description = "Admin account (see `fedmap admin add`), with --admin.")
        String user;

        @Override
        String account() {
            return user;
        }

        @Override
        String accountOption() {
            return "--admin-user";
        }
    }
}
