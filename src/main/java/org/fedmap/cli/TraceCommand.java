package org.fedmap.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.fedmap.ops.trace.TraceState;
import org.fedmap.ops.trace.XmlTrace;
import org.fedmap.store.ClientStore;
import org.fedmap.store.Database;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code fedmap trace on|off|status}: switches the IF-MAP server trace (the XML of every request and
 * answer, in DATA/logs/ifmap-trace.log) for all clients or for some. The switch is a setting in the
 * store, so this works whether or not a server runs; a running server follows it within a second,
 * and a server start always switches it off.
 */
@Command(name = "trace", mixinStandardHelpOptions = true,
        description = {"Switch the IF-MAP trace (the XML of every request and answer) on or off.",
                "A running server follows within a second; every server start switches the trace off."},
        subcommands = {TraceCommand.OnCommand.class, TraceCommand.OffCommand.class, TraceCommand.StatusCommand.class})
final class TraceCommand {

    /**
     * What the trace subcommands share with the client commands (the data directory, a failure as one
     * line and exit code 1), and the store they all read.
     */
    abstract static class Base extends ClientCommand.Base {
        @Override
        final int execute(PrintWriter out, PrintWriter err) {
            try (Database db = Database.openForTool(dataDir)) {
                return apply(new ClientStore(db), db.throughServer(), out, err);
            }
        }

        abstract int apply(ClientStore store, boolean serverRunning, PrintWriter out, PrintWriter err);

        static TraceState current(ClientStore store) {
            return store.setting(TraceState.SETTING).map(TraceState::fromSetting).orElse(TraceState.OFF);
        }

        Path traceFile() {
            return dataDir.toAbsolutePath().normalize().resolve("logs").resolve(XmlTrace.FILE_NAME);
        }

        void report(TraceState state, boolean serverRunning, PrintWriter out) {
            out.println("IF-MAP trace " + state.describe());
            if (!state.isOff()) {
                out.println("  file     " + traceFile());
            }
            if (!serverRunning) {
                out.println("  No server is running on " + dataDir.toAbsolutePath().normalize()
                        + "; a server start switches the trace off, so switch it on once the server runs.");
            }
        }
    }

    /** on and off: the same change in opposite directions, for all clients or the ones named. */
    abstract static class SwitchCommand extends Base {
        @Option(names = "--client", paramLabel = "NAME",
                description = "Only this client (repeatable); without it, all clients.")
        List<String> clients = new ArrayList<>();

        abstract TraceState change(TraceState current, String client);

        abstract TraceState changeAll(TraceState current);

        @Override
        int apply(ClientStore store, boolean serverRunning, PrintWriter out, PrintWriter err) {
            for (String client : clients) {
                // switching off stays possible for a client removed meanwhile
                if (this instanceof OnCommand && store.find(client).isEmpty()) {
                    throw new IllegalArgumentException("no client named '" + client
                            + "' (fedmap client list shows the registered clients)");
                }
            }
            TraceState next = current(store);
            if (clients.isEmpty()) {
                next = changeAll(next);
            }
            for (String client : clients) {
                next = change(next, client);
            }
            store.putSetting(TraceState.SETTING, next.toSetting());
            report(next, serverRunning, out);
            return 0;
        }
    }

    @Command(name = "on", mixinStandardHelpOptions = true,
            description = {"Trace every request and answer of all clients, or of the clients named.",
                    "It slows the server down: switch it off when done."})
    static final class OnCommand extends SwitchCommand {
        @Override
        TraceState change(TraceState current, String client) {
            return current.on(client);
        }

        @Override
        TraceState changeAll(TraceState current) {
            return current.onForAll();
        }
    }

    @Command(name = "off", mixinStandardHelpOptions = true,
            description = "Stop tracing all clients, or the clients named.")
    static final class OffCommand extends SwitchCommand {
        @Override
        TraceState change(TraceState current, String client) {
            return current.off(client);
        }

        @Override
        TraceState changeAll(TraceState current) {
            return TraceState.OFF;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "Show whom the trace is on for.")
    static final class StatusCommand extends Base {
        @Override
        int apply(ClientStore store, boolean serverRunning, PrintWriter out, PrintWriter err) {
            report(current(store), serverRunning, out);
            return 0;
        }
    }
}
