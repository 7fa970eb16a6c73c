package org.fedmap.files;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.UUID;

/**
 * Creates directories and writes files with owner-only permissions (0700 and 0600) where the file
 * system knows POSIX permissions; elsewhere they get the platform's defaults.
 */
public final class PrivateFiles {
    private PrivateFiles() {
    }

    /**
     * Creates {@code dir} and any missing parents. Only directories created here are restricted:
     * an existing directory chosen by the operator keeps the permissions they gave it.
     */
    public static void createDirectories(Path dir) throws IOException {
        Deque<Path> missing = new ArrayDeque<>();
        for (Path p = dir.toAbsolutePath().normalize(); p != null && !Files.exists(p); p = p.getParent()) {
            missing.push(p);
        }
        for (Path p : missing) {
            try {
                if (posix(p)) {
                    Files.createDirectory(p, ownerOnly("rwx------"));
                } else {
                    Files.createDirectory(p);
                }
            } catch (FileAlreadyExistsException e) {
                // Another process created it meanwhile; fine as long as it is a directory.
                if (!Files.isDirectory(p)) {
                    throw e;
                }
            }
        }
    }

    /**
     * Replaces {@code file} with {@code content}. The bytes go to a fresh owner-only file first and
     * are then moved into place, so no reader ever sees a half-written file and the content is never
     * readable by others, not even for a moment.
     */
    public static void write(Path file, byte[] content) throws IOException {
        Path tmp = privateTemporary(file, content);
        try {
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Creates {@code file} with {@code content} unless it exists; returns false, leaving it alone, if it
     * does. As {@link #write}, the content is never seen half-written or readable by others; and of two
     * processes creating the same file at once, exactly one succeeds (the file is linked into place, which
     * fails if the name is taken, where a move would replace it).
     */
    public static boolean createNew(Path file, byte[] content) throws IOException {
        Path tmp = privateTemporary(file, content);
        try {
            try {
                Files.createLink(file, tmp);
            } catch (UnsupportedOperationException e) {
                // no hard links here: a move that does not replace is the nearest
                Files.move(tmp, file);
            }
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** A fresh owner-only file beside {@code file} holding {@code content}; the caller moves or deletes it. */
    private static Path privateTemporary(Path file, byte[] content) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = dir.resolve("." + file.getFileName() + "." + UUID.randomUUID() + ".tmp");
        if (posix(dir)) {
            Files.createFile(tmp, ownerOnly("rw-------"));
        } else {
            Files.createFile(tmp);
        }
        try {
            Files.write(tmp, content);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        return tmp;
    }

    private static boolean posix(Path p) {
        return p.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    private static FileAttribute<?> ownerOnly(String permissions) {
        return PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions));
    }
}
