package org.fedmap.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import org.fedmap.store.Backup;
import org.fedmap.store.ClientStore;
import org.fedmap.store.Database;
import org.fedmap.store.MetadataStore;
import org.fedmap.store.ReplicaStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code fedmap backup} and {@code fedmap restore}: one file with a server's data, for a standby server. */
final class BackupCommands {
    private BackupCommands() {
    }

    @Command(name = "backup", mixinStandardHelpOptions = true,
            description = {"Write a consistent copy of the data directory's database (clients, replicas, settings"
                    + " and durable metadata) to one file.",
                    "Works while a server runs: it makes the copy, holding publishes for the moment it takes.",
                    "TLS keys, fedmap's CA and the replica key go in only with --with-keys; without the replica key,"
                            + " replica passwords cannot be used after a restore."})
    static final class BackupCommand extends ClientCommand.Base {
        @Option(names = "--out", paramLabel = "FILE", required = true, description = "The backup file to write (must not exist).")
        Path out;

        @Option(names = "--with-keys", description = "Also include DATA/tls, DATA/pki and DATA/replication (private keys: keep the"
                + " file safe).")
        boolean withKeys;

        @Override
        int execute(PrintWriter out, PrintWriter err) {
            Backup.Summary s = Backup.create(dataDir, this.out, withKeys);
            out.printf("backup written to %s (%d bytes, database layout %d, %s)%n", this.out.toAbsolutePath().normalize(),
                    s.bytes(), s.layout(), s.withKeys() ? "with TLS keys and CA" : "without keys");
            return 0;
        }
    }

    @Command(name = "restore", mixinStandardHelpOptions = true,
            description = {"Restore a backup into a data directory that has no database yet (a new server, or one"
                    + " whose db/ was moved away).",
                    "With --with-keys, also its TLS keys, CA and replica key (the data directory must not have them yet)."})
    static final class RestoreCommand extends ClientCommand.Base {
        @Option(names = "--in", paramLabel = "FILE", required = true, description = "The backup file to restore.")
        Path in;

        @Option(names = "--with-keys", description = "Also restore the TLS keys, CA and replica key the backup holds.")
        boolean withKeys;

        @Override
        int execute(PrintWriter out, PrintWriter err) {
            Backup.Summary s = Backup.restore(dataDir, in, withKeys);
            int clients;
            int replicas;
            int items;
            // opening it proves the restored files are a database this build can use (and upgrades an older layout)
            try (Database db = Database.openForTool(dataDir)) {
                clients = new ClientStore(db).list().size();
                replicas = new ReplicaStore(db).list().size();
                items = new MetadataStore(db).load().items().size();
            }
            out.printf("restored %s into %s: %d client(s), %d replica(s), %d durable metadata item(s)%s%n",
                    in.toAbsolutePath().normalize(), dataDir.toAbsolutePath().normalize(), clients, replicas, items,
                    s.withKeys() ? ", TLS keys and CA" : "");
            return 0;
        }
    }
}
