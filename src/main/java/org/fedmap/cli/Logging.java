package org.fedmap.cli;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.fedmap.server.ConfigException;
import org.slf4j.LoggerFactory;

/** Points logging at {@code logback.xml} beside the configuration file, when there is one. */
final class Logging {
    private Logging() {
    }

    /** Logging files may use ${FEDMAP_DATA}, the data directory (absolute). */
    static void configure(Path confDir, Path dataDir) {
        if (confDir == null) {
            return;
        }
        Path file = confDir.resolve("logback.xml");
        if (!Files.isReadable(file)) {
            return; // the packaged default (INFO to the console) stays in force
        }
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        context.reset();
        context.putProperty("FEDMAP_DATA", dataDir.toAbsolutePath().normalize().toString());
        try {
            configurator.doConfigure(file.toFile());
        } catch (JoranException e) {
            throw new ConfigException("cannot use logging configuration " + file + ": " + e.getMessage());
        }
    }
}
