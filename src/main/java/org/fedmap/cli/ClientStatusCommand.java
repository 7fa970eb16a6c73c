package org.fedmap.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.stream.Collectors;
import org.fedmap.ops.AdminClient;
import org.fedmap.ops.ClientStatus;
import org.fedmap.ops.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code fedmap client status [NAME]}: the clients as the running server sees them now (connected,
 * last contact, sessions and their source addresses, metadata, refused requests), from its admin API.
 */
@Command(name = "status", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Show the clients as the running server sees them: connected or not, last contact,"
                + " sessions with their source addresses, metadata items, refused requests.",
                "Asks the admin API of the server running on --data DIR, or at --admin URL."})
final class ClientStatusCommand extends ToolCommand {
    @Parameters(paramLabel = "NAME", arity = "0..1", description = "Only this client, in detail.")
    String name;

    @Mixin
    AdminConnection.WithUser connection;

    @Option(names = "--json", description = "Print the admin API's JSON as it came.")
    boolean json;

    @Override
    int execute(PrintWriter out, PrintWriter err) {
        String body = connection.client().get(AdminClient.path("/api/clients", "name", name));
        if (json) {
            out.print(body);
            return 0;
        }
        List<ClientStatus> clients = Json.readList(body, ClientStatus.class);
        if (name != null) {
            clients.forEach(c -> detail(out, c));
        } else if (clients.isEmpty()) {
            out.println("no clients");
        } else {
            Table table = new Table("NAME", "PUBLISHER-ID", "STATE", "CONNECTED", "LAST CONTACT", "METADATA",
                    "REFUSALS", "SESSIONS");
            for (ClientStatus c : clients) {
                table.row(c.name(), c.publisherId(), c.state(), c.connected() ? "yes" : "no",
                        c.lastContact() == null ? "never" : c.lastContact(), Long.toString(c.metadataItems()),
                        Long.toString(c.refusals()), c.sessions().isEmpty() ? "-" : c.sessions().stream()
                                .map(s -> s.sessionId() + " from " + s.sourceAddress())
                                .collect(Collectors.joining(", ")));
            }
            table.print(out);
        }
        return 0;
    }

    private static void detail(PrintWriter out, ClientStatus c) {
        StatusCommand.field(out, "name", c.name());
        StatusCommand.field(out, "publisher-id", c.publisherId());
        StatusCommand.field(out, "state", c.state());
        StatusCommand.field(out, "connected", c.connected() ? "yes" : "no");
        StatusCommand.field(out, "last contact", c.lastContact() == null ? "never (since the server started)"
                : c.lastContact());
        StatusCommand.field(out, "metadata", c.metadataItems() + " item(s)");
        StatusCommand.field(out, "refusals", c.refusals() + " since the server started");
        if (c.sessions().isEmpty()) {
            StatusCommand.field(out, "sessions", "none");
        }
        for (ClientStatus.SessionStatus s : c.sessions()) {
            StatusCommand.field(out, "session", s.sessionId() + " from " + s.sourceAddress() + ", IF-MAP "
                    + s.version() + ", since " + s.startedAt() + ", last contact " + s.lastContact());
            StatusCommand.field(out, "", "SSRC " + (s.ssrcOpen() ? "open" : "closed") + ", ARC "
                    + (s.arcOpen() ? "open" : "closed") + (s.pollWaiting() ? ", a poll waiting" : "") + ", "
                    + s.subscriptions() + " subscription(s)");
        }
    }
}
