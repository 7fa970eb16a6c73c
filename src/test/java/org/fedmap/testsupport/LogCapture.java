package org.fedmap.testsupport;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/** Collects what the server logs while it is open, to check that refusals are explained (and secrets are not). */
public final class LogCapture implements AutoCloseable {
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final Logger root;

    public LogCapture() {
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        root = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        appender.setContext(ctx);
        appender.start();
        root.addAppender(appender);
    }

    /** Every formatted message so far. */
    public List<String> messages() {
        synchronized (appender.list) {
            List<String> out = new ArrayList<>();
            for (ILoggingEvent e : appender.list) {
                out.add(e.getFormattedMessage());
            }
            return out;
        }
    }

    public boolean contains(String fragment) {
        return messages().stream().anyMatch(m -> m.contains(fragment));
    }

    @Override
    public void close() {
        root.detachAppender(appender);
        appender.stop();
    }
}
