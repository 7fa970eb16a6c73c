package org.fedmap.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.fedmap.files.PrivateFiles;
import org.fedmap.ops.AdminClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code fedmap dump [--around ID] [--depth N] [--out FILE]}: the running server's graph, or one
 * identifier's neighbourhood, as XML, through its admin API. Deactivated sessions are included and marked.
 */
@Command(name = "dump", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Write the running server's graph as XML: every identifier and link with its metadata,"
                + " publisher-ids and timestamps; deactivated sessions included, marked deactivated=\"true\".",
                "With --around, only that identifier and what lies within --depth links of it.",
                "Asks the admin API of the server running on --data DIR, or at --admin URL."})
final class DumpCommand extends ToolCommand {
    @Option(names = "--around", paramLabel = "ID",
            description = "Only this identifier's neighbourhood, e.g. ip-address:10.0.0.5, identity:alice,"
                    + " access-request:ic1:sid42.")
    String around;

    @Option(names = "--depth", paramLabel = "N", description = "With --around: how many links out (default 1).")
    String depth;

    @Option(names = "--out", paramLabel = "FILE",
            description = "Write to FILE (readable by its owner only) instead of standard output.")
    Path outFile;

    @Mixin
    AdminConnection.WithUser connection;

    @Override
    int execute(PrintWriter out, PrintWriter err) {
        byte[] xml = connection.client().getBytes(AdminClient.path("/api/dump", "around", around, "depth", depth),
                "application/xml");
        try {
            if (outFile == null) {
                // the bytes as the server wrote them (UTF-8, as the declaration says), whatever the terminal's charset
                out.flush();
                System.out.writeBytes(xml);
                System.out.flush();
            } else {
                // who signed in where: not for every user of the machine
                PrivateFiles.write(outFile, xml);
                out.println("wrote " + xml.length + " bytes to " + outFile);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + outFile + ": " + e.getMessage(), e);
        }
        return 0;
    }
}
