package org.fedmap.ops.trace;

/**
 * How a log file rolls: a new file each day and whenever the current one reaches {@code maxFileSize};
 * rolled files are compressed and deleted after {@code maxHistoryDays} days, or sooner, oldest first,
 * when together they exceed {@code totalSizeCap}.
 */
public record LogFileLimits(long maxFileSize, int maxHistoryDays, long totalSizeCap) {
    public LogFileLimits {
        if (maxFileSize <= 0 || maxHistoryDays <= 0 || totalSizeCap <= 0) {
            throw new IllegalArgumentException("log file limits must be positive");
        }
    }
}
