package org.fedmap.federation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.fedmap.testsupport.Cli;
import org.fedmap.testsupport.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A mapper written by someone else, compiled and packaged as its own jar here (as its author would),
 * is picked up by {@code fedmap session} from {@code --mapper-jar} through {@link java.util.ServiceLoader}
 * and used on both sides of a real server.
 */
class CustomMapperJarTest {
    private static final String EXPORTER = """
            package com.example.fedmap;

            import java.util.List;
            import org.fedmap.federation.*;
            import org.fedmap.model.Identity;

            /** Exports every session as a "ticket-<role>" capability of the upper-cased user. */
            public final class TicketExporter implements SessionExportMapper {
                public String name() { return "tickets"; }

                public IfmapSession export(LocalSession s) {
                    List<String> caps = s.roles().stream().map(r -> "ticket-" + r).toList();
                    return new IfmapSession(Identity.of(Identity.Type.EMAIL_ADDRESS, s.username().toUpperCase() + "@example.com"),
                            caps, List.of(), List.of(), "");
                }
            }
            """;
    private static final String IMPORTER = """
            package com.example.fedmap;

            import java.util.List;
            import org.fedmap.federation.*;

            /** Grants "visitor" for every ticket capability; the username is the mail address's local part. */
            public final class TicketImporter implements SessionImportMapper {
                private String grant = "visitor";

                public String name() { return "tickets"; }

                public void configure(MapperSettings settings) throws MapperException {
                    java.nio.file.Path f = settings.policyDirectory().resolve("tickets.txt");
                    try {
                        if (java.nio.file.Files.exists(f)) {
                            grant = java.nio.file.Files.readString(f).strip();
                        }
                    } catch (java.io.IOException e) {
                        throw new MapperException(f + ": " + e.getMessage(), e);
                    }
                }

                public ImportedSession importSession(IfmapSession s) {
                    String name = s.identity().name();
                    List<String> roles = s.capabilities().stream().filter(c -> c.startsWith("ticket-"))
                            .map(c -> grant + "-" + c.substring(7)).toList();
                    return new ImportedSession(name.substring(0, name.indexOf('@')), roles);
                }
            }
            """;

    @TempDir
    Path dir;
    private TestServer server;

    @BeforeEach
    void start() {
        server = TestServer.start();
        server.addClient("gw1", TestServer.PASSWORD);
        server.addClient("gw2", TestServer.PASSWORD);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aMapperJarIsFoundConfiguredAndUsedOnBothSides() throws IOException {
        Path jar = buildMapperJar();
        Path policies = Files.createDirectories(dir.resolve("policies"));
        Files.writeString(policies.resolve("tickets.txt"), "guest\n");
        String trust = server.dataDir().resolve("tls/server.pem").toString();

        Cli.Run exported = Cli.fedmap(TestServer.PASSWORD + "\n", "session", "export", "--server", server.url(),
                "--client", "gw1", "--password-stdin", "--trust", trust, "--mapper-jar", jar.toString(),
                "--policies", policies.toString(), "--user", "bob", "--role", "wifi", "--role", "print",
                "--ip", "192.0.2.44");
        assertEquals(0, exported.code(), exported.err());
        assertTrue(exported.out().contains("BOB@example.com (email-address)"), exported.out());
        assertTrue(exported.out().contains("ticket-wifi, ticket-print"), exported.out());

        Cli.Run imported = Cli.fedmap(TestServer.PASSWORD + "\n", "session", "import", "--server", server.url(),
                "--client", "gw2", "--password-stdin", "--trust", trust, "--mapper-jar", jar.toString(),
                "--policies", policies.toString(), "--ip", "192.0.2.44");
        assertEquals(0, imported.code(), imported.err());
        assertEquals("user=BOB roles=guest-wifi,guest-print", imported.out().strip());
    }

    @Test
    void aNamedMapperThatIsNotThereIsOneLineThatListsWhatIs() {
        String trust = server.dataDir().resolve("tls/server.pem").toString();
        Cli.Run r = Cli.fedmap(TestServer.PASSWORD + "\n", "session", "import", "--server", server.url(),
                "--client", "gw2", "--password-stdin", "--trust", trust, "--mapper", "tickets", "--ip", "192.0.2.44");
        assertEquals(1, r.code());
        assertEquals("no session-import mapper named 'tickets'; found: [" + Mappers.BUILT_IN + "]", r.err().strip());
    }

    /** Compiles the two mappers against fedmap's classes and packages them with their service files. */
    private Path buildMapperJar() throws IOException {
        Path src = Files.createDirectories(dir.resolve("src/com/example/fedmap"));
        Files.writeString(src.resolve("TicketExporter.java"), EXPORTER);
        Files.writeString(src.resolve("TicketImporter.java"), IMPORTER);
        Path classes = Files.createDirectories(dir.resolve("classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertNotNull(javac, "the tests run on a JDK");
        int rc = javac.run(null, null, null, "--release", "17", "-cp", System.getProperty("java.class.path"),
                "-d", classes.toString(), src.resolve("TicketExporter.java").toString(),
                src.resolve("TicketImporter.java").toString());
        assertEquals(0, rc, "the example mappers compile");
        Path jar = dir.resolve("ticket-mappers.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
             Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                put(out, classes.relativize(f).toString().replace('\\', '/'), Files.readAllBytes(f));
            }
            put(out, "META-INF/services/" + SessionExportMapper.class.getName(),
                    "com.example.fedmap.TicketExporter\n".getBytes(StandardCharsets.UTF_8));
            put(out, "META-INF/services/" + SessionImportMapper.class.getName(),
                    "com.example.fedmap.TicketImporter\n".getBytes(StandardCharsets.UTF_8));
        }
        return jar;
    }

    private static void put(JarOutputStream out, String name, byte[] content) throws IOException {
        out.putNextEntry(new JarEntry(name));
        ((OutputStream) out).write(content);
        out.closeEntry();
    }
}
