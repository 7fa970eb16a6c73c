package org.fedmap.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.fedmap.ops.AdminAccess;
import org.fedmap.security.PasswordHasher;
import org.fedmap.store.AdminAccount;
import org.fedmap.store.AdminStore;
import org.fedmap.store.Database;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code fedmap admin add|remove|list}: accounts of the admin API, apart from IF-MAP clients. Like
 * {@code client}, works whether or not a server runs on the data directory; a running server checks
 * every admin request against the accounts as they are then.
 */
@Command(name = "admin", mixinStandardHelpOptions = true,
        description = {"Manage admin API accounts (for `fedmap status --admin URL`, scripts and monitoring).",
                "On the server's own machine, status commands need none: they use DIR/admin/admin.json."},
        subcommands = {AdminCommand.AddCommand.class, AdminCommand.RemoveCommand.class, AdminCommand.ListCommand.class})
final class AdminCommand {

    /** The data directory, and failures as one line and exit code 1. */
    abstract static class Base extends ToolCommand {
        @Option(names = "--data", paramLabel = "DIR", defaultValue = "./data",
                description = "Data directory (default: ${DEFAULT-VALUE}).")
        Path dataDir;
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = {"Add an admin account.",
                    "Without --password-stdin a strong password is generated and shown once."})
    static final class AddCommand extends Base {
        @Parameters(paramLabel = "NAME", description = "Account name.")
        String name;

        @Option(names = "--password-stdin", description = "Read the password from the first line of standard input.")
        boolean passwordStdin;

        @Override
        int execute(PrintWriter out, PrintWriter err) {
            if (AdminAccess.LOCAL_ADMIN.equals(name)) {
                throw new IllegalArgumentException("'" + AdminAccess.LOCAL_ADMIN + "' is the server's own local"
                        + " credential (DIR/admin/admin.json); choose another name");
            }
            char[] password = passwordStdin ? Passwords.readFirstLine(System.in) : Passwords.generate();
            try {
                String hash = new PasswordHasher().hash(password);
                try (Database db = Database.openForTool(dataDir)) {
                    new AdminStore(db).add(name, hash);
                }
                out.println("admin '" + name + "' added");
                if (!passwordStdin) {
                    out.println("password: " + new String(password));
                    out.println("This password is shown only now.");
                }
                return 0;
            } finally {
                Arrays.fill(password, '\0');
            }
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true,
            description = {"Remove an admin account.", "A running server refuses it from its next request."})
    static final class RemoveCommand extends Base {
        @Parameters(paramLabel = "NAME", description = "Account name.")
        String name;

        @Override
        int execute(PrintWriter out, PrintWriter err) {
            boolean removed;
            try (Database db = Database.openForTool(dataDir)) {
                removed = new AdminStore(db).remove(name);
            }
            if (!removed) {
                err.println("no admin named '" + name + "'");
                return 1;
            }
            out.println("admin '" + name + "' removed");
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the admin accounts.")
    static final class ListCommand extends Base {
        @Override
        int execute(PrintWriter out, PrintWriter err) {
            List<AdminAccount> accounts;
            try (Database db = Database.openForTool(dataDir)) {
                accounts = new AdminStore(db).list();
            }
            if (accounts.isEmpty()) {
                out.println("no admin accounts (the local credential in DIR/admin/admin.json needs none)");
                return 0;
            }
            Table table = new Table("NAME", "CREATED");
            for (AdminAccount a : accounts) {
                table.row(a.name(), a.createdAt().toString());
            }
            table.print(out);
            return 0;
        }
    }
}
