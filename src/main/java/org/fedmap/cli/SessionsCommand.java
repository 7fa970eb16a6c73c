package org.fedmap.cli;

import java.io.PrintWriter;
import org.fedmap.ops.AdminClient;
import org.fedmap.ops.FederatedSession;
import org.fedmap.ops.FederatedSessionText;
import org.fedmap.ops.Json;
import org.fedmap.ops.SessionAction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.ScopeType;

/**
 * {@code fedmap sessions [show|deactivate|activate|remove ID]}: the federated sessions the gateways
 * published (who signed in, from which endpoint, through which gateway), and the administrator's
 * actions on one of them, through the running server's admin API. Values are checked by the server,
 * so a bad one is the server's one-line answer and exit code 1.
 */
@Command(name = "sessions", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"List the federated sessions: user, roles, endpoint IP and MAC, the gateway that published"
                + " them, since when, and whether an administrator deactivated them (oldest first).",
                "Each filter matches exactly, or as a prefix when it ends with '*'; several narrow together.",
                "Asks the admin API of the server running on --data DIR, or at --admin URL."},
        subcommands = {SessionsCommand.ShowCommand.class, SessionsCommand.DeactivateCommand.class,
                SessionsCommand.ActivateCommand.class, SessionsCommand.RemoveCommand.class})
final class SessionsCommand extends ToolCommand {
    @Option(names = "--user", paramLabel = "U", description = "Only sessions of this user (an identity name).")
    String user;

    @Option(names = "--ip", paramLabel = "IP", description = "Only sessions of this endpoint address.")
    String ip;

    @Option(names = "--gateway", paramLabel = "G",
            description = "Only sessions with metadata from this gateway (its client name, the publisher-id).")
    String gateway;

    @Option(names = "--state", paramLabel = "active|deactivated", description = "Only sessions in this state.")
    String state;

    @Option(names = "--limit", paramLabel = "N", description = "At most N sessions, the oldest.")
    String limit;

    @Option(names = "--json", scope = ScopeType.INHERIT, description = "Print the admin API's JSON as it came.")
    boolean json;

    @Mixin
    AdminConnection.WithAdminUser connection;

    @Override
    int execute(PrintWriter out, PrintWriter err) {
        String body = connection.client().get(AdminClient.path("/api/sessions", "user", user, "ip", ip,
                "gateway", gateway, "state", state, "limit", limit));
        if (json) {
            out.print(body);
        } else {
            out.print(FederatedSessionText.table(Json.readList(body, FederatedSession.class)));
        }
        return 0;
    }

    /** What the subcommands share: the session's id, and the parent's connection and --json. */
    abstract static class OneSession extends ToolCommand {
        @Parameters(paramLabel = "ID",
                description = "The session's id as `fedmap sessions` shows it, e.g. access-request:ic1:sid42.")
        String id;

        @ParentCommand
        SessionsCommand parent;

        AdminClient client() {
            return parent.connection.client();
        }

        /** The path of a route about this session. */
        String path(String route) {
            return AdminClient.path(route, "id", id);
        }

        /** Runs an action and says what it did. */
        int act(PrintWriter out, String action, String did, String done, String already) {
            String body = client().post(path("/api/sessions/" + action));
            if (parent.json) {
                out.print(body);
                return 0;
            }
            SessionAction a = Json.read(body, SessionAction.class);
            String session = FederatedSessionText.summary(a.session());
            out.println(a.changed() ? did + " " + session + ": " + done : session + " " + already);
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show every field of one session.")
    static final class ShowCommand extends OneSession {
        @Override
        int execute(PrintWriter out, PrintWriter err) {
            String body = client().get(path("/api/sessions"));
            if (parent.json) {
                out.print(body);
            } else {
                out.print(FederatedSessionText.describe(Json.read(body, FederatedSession.class)));
            }
            return 0;
        }
    }

    @Command(name = "deactivate", mixinStandardHelpOptions = true,
            description = {"Remove a session temporarily: hide it from every client's searches and subscriptions"
                    + " until it is activated.", "Subscribers see it deleted; the gateway is not told."})
    static final class DeactivateCommand extends OneSession {
        @Override
        int execute(PrintWriter out, PrintWriter err) {
            return act(out, "deactivate", "deactivated", "hidden from searches and subscriptions until activated",
                    "was deactivated already");
        }
    }

    @Command(name = "activate", mixinStandardHelpOptions = true,
            description = "Show a deactivated session again, with anything its gateway published meanwhile.")
    static final class ActivateCommand extends OneSession {
        @Override
        int execute(PrintWriter out, PrintWriter err) {
            return act(out, "activate", "activated", "seen by searches and subscriptions again", "was active already");
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true,
            description = {"Remove a session permanently: delete its metadata, from every publisher.",
                    "Subscribers see it deleted; the user's identity and addresses keep their own metadata."})
    static final class RemoveCommand extends OneSession {
        @Override
        int execute(PrintWriter out, PrintWriter err) {
            return act(out, "remove", "removed", "its metadata is deleted", "");
        }
    }
}
