package org.fedmap.ops.trace;

import ch.qos.logback.core.Context;
import ch.qos.logback.core.ContextBase;
import ch.qos.logback.core.encoder.EncoderBase;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeAndTimeBasedRollingPolicy;
import ch.qos.logback.core.status.Status;
import ch.qos.logback.core.util.FileSize;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.fedmap.files.PrivateFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A log file of its own under the data directory, rolled by logback's {@link RollingFileAppender}
 * (daily and by size, compressed, pruned by age and total size). It is driven directly by one
 * writer thread rather than through a logger, so its place and rolling do not depend on which
 * logback configuration is loaded (tests run servers in-process, without conf/logback.xml), and
 * several servers in one process each write their own files. Opened at the first entry, so a trace
 * that is never switched on leaves no file. The active file is kept readable by its owner only
 * (what clients publish is in it); rolled, compressed files get the system's default permissions.
 */
final class RollingLogFile implements LogWriter.Sink {
    private static final Logger log = LoggerFactory.getLogger(RollingLogFile.class);

    private final Path file;
    private final LogFileLimits limits;
    private RollingFileAppender<String> appender;
    private ContextBase context;
    private boolean failed;

    /** @param file the active file, {@code NAME.log}; rolled files are {@code NAME.DATE.N.log.gz} beside it */
    RollingLogFile(Path file, LogFileLimits limits) {
        this.file = file.toAbsolutePath().normalize();
        this.limits = limits;
    }

    Path file() {
        return file;
    }

    @Override
    public void write(String text) {
        if (appender == null && !failed) {
            open();
        }
        if (appender == null) {
            return;
        }
        appender.doAppend(text);
        if (!appender.isStarted()) {
            // logback stops an appender whose file cannot be written and only records why in its status
            fail(lastError(context));
        }
    }

    /** Gives up on the file, saying why once: its entries are dropped from now on. */
    private void fail(String why) {
        log.error("cannot write {}: {}; its entries are dropped until the server restarts", file, why);
        close();
        failed = true;
    }

    private void open() {
        try {
            // owner-only when fedmap makes the directory: the trace holds what clients publish
            PrivateFiles.createDirectories(file.getParent());
        } catch (IOException e) {
            log.error("cannot create {}: {}; its entries are dropped", file.getParent(), e.toString());
            failed = true;
            return;
        }
        // a context of its own: status messages and compression threads stay out of the logging setup
        ContextBase context = new ContextBase();
        context.setName("fedmap " + file);
        String name = file.getFileName().toString();
        String stem = name.endsWith(".log") ? name.substring(0, name.length() - 4) : name;

        RollingFileAppender<String> a = new RollingFileAppender<>() {
            @Override
            public void rollover() {
                super.rollover();
                restrict(); // the new active file
            }
        };
        a.setContext(context);
        a.setName(file.toString());
        a.setFile(file.toString());
        SizeAndTimeBasedRollingPolicy<String> policy = new SizeAndTimeBasedRollingPolicy<>();
        policy.setContext(context);
        policy.setParent(a);
        policy.setFileNamePattern(file.getParent().resolve(stem).toString() + ".%d{yyyy-MM-dd}.%i.log.gz");
        policy.setMaxFileSize(new FileSize(limits.maxFileSize()));
        policy.setMaxHistory(limits.maxHistoryDays());
        policy.setTotalSizeCap(new FileSize(limits.totalSizeCap()));
        policy.start();
        a.setRollingPolicy(policy);
        Utf8Text encoder = new Utf8Text();
        encoder.setContext(context);
        encoder.start();
        a.setEncoder(encoder);
        // the writer thread flushes whenever its queue is empty: one write per burst, not per entry
        a.setImmediateFlush(false);
        a.start();
        if (!policy.isStarted() || !a.isStarted()) {
            log.error("cannot open {}: {}; its entries are dropped", file, lastError(context));
            a.stop();
            context.stop();
            failed = true;
            return;
        }
        appender = a;
        this.context = context;
        restrict();
    }

    /** Owner-only where the file system knows POSIX permissions. */
    private void restrict() {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException | UnsupportedOperationException e) {
            // not POSIX, or the file is not there (yet): the system's defaults stay
        }
    }

    private static String lastError(Context context) {
        List<Status> statuses = context.getStatusManager().getCopyOfStatusList();
        for (int i = statuses.size() - 1; i >= 0; i--) {
            Status s = statuses.get(i);
            if (s.getLevel() >= Status.WARN) {
                Throwable t = s.getThrowable();
                return s.getMessage() + (t == null ? "" : " (" + t + ")");
            }
        }
        return "no reason given";
    }

    @Override
    public void flush() {
        if (appender == null) {
            return;
        }
        try {
            appender.getOutputStream().flush();
        } catch (IOException e) {
            fail(e.toString());
        }
    }

    @Override
    public void close() {
        if (appender != null) {
            // stops the rolling policy too, which waits for a compression under way
            appender.stop();
            context.stop();
            appender = null;
        }
    }

    /** Entries are already text: the encoder only turns them into UTF-8. */
    private static final class Utf8Text extends EncoderBase<String> {
        @Override
        public byte[] headerBytes() {
            return null;
        }

        @Override
        public byte[] encode(String text) {
            return text.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public byte[] footerBytes() {
            return null;
        }
    }
}
