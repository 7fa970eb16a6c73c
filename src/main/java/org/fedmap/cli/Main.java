package org.fedmap.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code java -jar fedmap.jar}. */
@Command(name = "fedmap", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "IF-MAP federation server for security gateways.",
        subcommands = {ServeCommand.class, ClientCommand.class, PkiCommand.class, BackupCommands.BackupCommand.class,
                BackupCommands.RestoreCommand.class, TraceCommand.class, org.fedmap.bench.BenchCommand.class,
                StatusCommand.class, SessionsCommand.class, SessionCommand.class, DumpCommand.class, AdminCommand.class,
                ReplicaCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs a command line and returns its exit code (tests call this instead of {@link #main}). */
    public static int run(String... args) {
        return new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true).execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"fedmap " + (v == null ? "(development build)" : v)};
        }
    }
}
