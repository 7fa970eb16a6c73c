package org.fedmap.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.fedmap.server.Config;
import org.fedmap.server.FedmapServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fedmap serve}: runs the IF-MAP server until it is stopped (Ctrl-C or SIGTERM). */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Run the IF-MAP server.",
                "On first start it makes a self-signed TLS certificate and a first client credential, and prints both."})
final class ServeCommand implements Callable<Integer> {
    static final Path DEFAULT_CONF = Path.of("conf", "fedmap.properties");

    @Spec
    CommandSpec spec;

    @Option(names = "--conf", paramLabel = "FILE",
            description = "Configuration file (default: conf/fedmap.properties if it exists).")
    Path conf;

    @Option(names = "--data", paramLabel = "DIR", defaultValue = "./data",
            description = "Data directory: database, TLS keys, logs (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--bind", paramLabel = "ADDR", description = "Address to listen on (overrides server.bind; default 127.0.0.1).")
    String bind;

    @Option(names = "--port", paramLabel = "N", description = "HTTPS port (overrides server.port; default 8443).")
    Integer port;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path confFile = conf != null ? conf : DEFAULT_CONF;
        FedmapServer server;
        try {
            Logging.configure(confFile.toAbsolutePath().getParent(), dataDir);
            Map<String, String> overrides = new HashMap<>();
            if (bind != null) {
                overrides.put("server.bind", bind);
            }
            if (port != null) {
                overrides.put("server.port", port.toString());
            }
            Config config = Config.load(confFile, conf != null, overrides);
            server = FedmapServer.start(config, dataDir);
        } catch (RuntimeException e) {
            // configuration, data directory, store, keys, port: each says in one line what is wrong
            err.println("fedmap: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            err.flush();
            return 1;
        }
        banner(server, out);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "fedmap-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    private static void banner(FedmapServer server, PrintWriter out) {
        out.println("fedmap is serving IF-MAP 1.1 and 2 at " + server.url());
        out.println("  also at  " + server.url().toString().replace("/dsifmap", "/ifmap"));
        out.println("  server   id " + server.serverId());
        out.println("  data     " + server.dataDir());
        Path pem = server.keys().certificatePem();
        if (pem != null && Files.exists(pem)) {
            out.println("  TLS      certificate " + pem + (server.keys().createdNow() ? " (self-signed, made now)" : ""));
        }
        out.println("           SHA-256 " + server.keys().sha256Fingerprint());
        server.adminUrl().ifPresent(admin -> out.println("  admin    " + admin + " (fedmap status --data "
                + server.dataDir() + ")"));
        server.firstClient().ifPresent(c -> {
            out.println();
            out.println("First IF-MAP client created. This password is shown only once:");
            out.println("  user     " + c.name());
            out.println("  password " + c.password());
            out.println("Add more with: java -jar target/fedmap.jar client add NAME --data " + server.dataDir());
        });
        out.println();
        out.println("Press Ctrl-C to stop.");
        out.flush();
    }
}
