package org.fedmap.cli;

import picocli.CommandLine.Command;

/** Placeholder until the client registry lands. */
@Command(name = "client", mixinStandardHelpOptions = true, description = "Manage IF-MAP clients.")
final class ClientCommand {
}
