package org.fedmap.cli;

import java.net.URI;
import java.nio.file.Path;
import org.fedmap.ops.AdminClient;
import picocli.CommandLine.Option;

/**
 * How a command reaches a running server's admin API: through the data directory (the URL and local
 * credential the server recorded there), or a URL with an admin account.
 */
final class AdminConnection {
    @Option(names = "--data", paramLabel = "DIR", defaultValue = "./data",
            description = "Data directory of the running server (default: ${DEFAULT-VALUE}); its admin URL and"
                    + " local credential are in DIR/admin/admin.json.")
    Path dataDir;

    @Option(names = "--admin", paramLabel = "URL",
            description = "Admin API URL instead, e.g. https://ifmap.example.com:8444; with --user and --password-stdin.")
    URI admin;

    @Option(names = "--user", paramLabel = "NAME", description = "Admin account (see `fedmap admin add`), with --admin.")
    String user;

    @Option(names = "--password-stdin", description = "Read the admin password from the first line of standard input.")
    boolean passwordStdin;

    @Option(names = "--trust-pem", paramLabel = "FILE",
            description = "With --admin: trust the server certificate or CA certificate(s) in this PEM file"
                    + " (e.g. DIR/tls/server.pem); default: the JDK's trusted CAs.")
    Path trustPem;

    AdminClient client() {
        if (admin == null) {
            if (user != null || passwordStdin || trustPem != null) {
                throw new IllegalArgumentException("--user, --password-stdin and --trust-pem go with --admin URL");
            }
            return AdminClient.forDataDir(dataDir);
        }
        if (user == null || !passwordStdin) {
            throw new IllegalArgumentException("--admin URL needs --user NAME and --password-stdin");
        }
        return AdminClient.forUrl(admin, user, Passwords.readFirstLine(System.in), trustPem);
    }
}
