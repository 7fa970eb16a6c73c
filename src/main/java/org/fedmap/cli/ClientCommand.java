package org.fedmap.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import org.fedmap.security.PasswordHasher;
import org.fedmap.store.ClientRecord;
import org.fedmap.store.ClientStore;
import org.fedmap.store.Database;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code fedmap client add|list|remove}: manages the clients allowed to connect. Works whether or
 * not a server runs on the same data directory; a running server notices changes within seconds.
 */
@Command(name = "client", mixinStandardHelpOptions = true, description = "Manage IF-MAP clients.",
        subcommands = {ClientCommand.AddCommand.class, ClientCommand.ListCommand.class,
                ClientCommand.RemoveCommand.class})
final class ClientCommand {

    /** What every client subcommand shares: the data directory and turning failures into exit code 1. */
    abstract static class Base implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--data", paramLabel = "DIR", defaultValue = "./data",
                description = "Data directory (default: ${DEFAULT-VALUE}).")
        Path dataDir;

        @Override
        public final Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            try {
                return execute(out, err);
            } catch (RuntimeException e) {
                // Store and input errors carry one line written for the operator; no stack trace.
                err.println(e.getMessage() == null ? e.toString() : e.getMessage());
                return 1;
            } finally {
                out.flush();
                err.flush();
            }
        }

        abstract int execute(PrintWriter out, PrintWriter err);
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = {"Register a client that authenticates with a user name and password.",
                    "Without --password-stdin a strong password is generated and shown once."})
    static final class AddCommand extends Base {
        @Parameters(paramLabel = "NAME", description = "Client name; also its publisher-id.")
        String name;

        @Option(names = "--password-stdin", description = "Read the password from the first line of standard input.")
        boolean passwordStdin;

        @Override
        int execute(PrintWriter out, PrintWriter err) {
            ClientRecord.checkName(name);
            char[] password = passwordStdin ? Passwords.readFirstLine(System.in) : Passwords.generate();
            try {
                String hash = new PasswordHasher().hash(password);
                ClientRecord added;
                try (Database db = Database.openForTool(dataDir)) {
                    added = new ClientStore(db).add(name, hash);
                }
                out.printf("client '%s' added (publisher-id %s, %s authentication)%n",
                        added.name(), added.publisherId(), added.authMethod().label());
                if (!passwordStdin) {
                    out.println("password: " + new String(password));
                    out.println("This password is shown only now; enter it in the gateway's IF-MAP settings.");
                }
                return 0;
            } finally {
                Arrays.fill(password, '\0');
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the registered clients.")
    static final class ListCommand extends Base {
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
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"NAME", "PUBLISHER-ID", "AUTH", "CREATED"});
            for (ClientRecord c : clients) {
                rows.add(new String[] {c.name(), c.publisherId(), c.authMethod().label(),
                        DateTimeFormatter.ISO_INSTANT.format(c.createdAt().truncatedTo(ChronoUnit.SECONDS))});
            }
            int[] widths = new int[4];
            for (String[] row : rows) {
                for (int i = 0; i < row.length; i++) {
                    widths[i] = Math.max(widths[i], row[i].length());
                }
            }
            for (String[] row : rows) {
                StringBuilder line = new StringBuilder();
                for (int i = 0; i < row.length; i++) {
                    line.append(i == row.length - 1 ? row[i] : String.format("%-" + widths[i] + "s  ", row[i]));
                }
                out.println(line);
            }
            return 0;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true,
            description = {"Remove a client.", "A running server ends the client's sessions within seconds."})
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
}
