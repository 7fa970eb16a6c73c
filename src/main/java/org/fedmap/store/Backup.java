package org.fedmap.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.fedmap.files.PrivateFiles;

/**
 * One file that holds a server's data, for moving to a standby server or keeping aside: a
 * consistent copy of the database (clients and durable metadata), its owner account, and on request
 * the TLS keys and fedmap's CA. A zip archive with a manifest; private, since it may hold keys and
 * always holds password hashes.
 */
public final class Backup {
    /** The manifest's name inside the archive. */
    static final String MANIFEST = "fedmap-backup.properties";
    static final int FORMAT = 1;
    /** Directories of the data directory that hold key material, copied only on request. */
    static final List<String> KEY_DIRECTORIES = List.of("tls", "pki", "replication");
    private static final long MAX_ENTRY_BYTES = 16L << 30;

    /** What a backup holds, from its manifest. */
    public record Summary(int layout, Instant created, boolean withKeys, long bytes) {
    }

    private Backup() {
    }

    /**
     * Writes a backup of {@code dataDir} to {@code out}, which must not exist yet. Works whether or not
     * a server runs on the data directory; with one, the server makes the database copy, holding
     * writes while it does.
     */
    public static Summary create(Path dataDir, Path out, boolean withKeys) {
        Path data = dataDir.toAbsolutePath().normalize();
        Path target = out.toAbsolutePath().normalize();
        if (Files.exists(target)) {
            throw new StoreException(target + " already exists; choose a new file for the backup");
        }
        if (!Files.isDirectory(data.resolve(Database.DIRECTORY))) {
            throw new StoreException("no fedmap database in " + data);
        }
        Path work = null;
        try {
            Path parent = target.getParent();
            Files.createDirectories(parent);
            work = Files.createTempDirectory(parent, ".fedmap-backup-");
            Path copy = work.resolve("db");
            Files.createDirectories(copy);
            try (Database db = Database.openForTool(data)) {
                db.backupTo(copy);
            }
            Instant created = Instant.now();
            Properties manifest = new Properties();
            manifest.setProperty("format", Integer.toString(FORMAT));
            manifest.setProperty("layout", Integer.toString(Schema.CURRENT));
            manifest.setProperty("created", created.toString());
            manifest.setProperty("keys", Boolean.toString(withKeys));
            Path zip = work.resolve("backup.zip");
            try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(zip))) {
                z.putNextEntry(new ZipEntry(MANIFEST));
                z.write(text(manifest).getBytes(StandardCharsets.UTF_8));
                z.closeEntry();
                addTree(z, copy, "db/");
                addFile(z, data.resolve(Database.DIRECTORY).resolve(Database.OWNER_FILE), "db/" + Database.OWNER_FILE);
                if (withKeys) {
                    for (String dir : KEY_DIRECTORIES) {
                        if (Files.isDirectory(data.resolve(dir))) {
                            addTree(z, data.resolve(dir), dir + "/");
                        }
                    }
                }
            }
            // owner-only before it appears under its name: it holds password hashes, and perhaps keys
            if (zip.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.setPosixFilePermissions(zip, PosixFilePermissions.fromString("rw-------"));
            }
            Files.move(zip, target, StandardCopyOption.ATOMIC_MOVE);
            return new Summary(Schema.CURRENT, created, withKeys, Files.size(target));
        } catch (IOException e) {
            throw new StoreException("cannot write the backup " + target + ": " + describe(e), e);
        } finally {
            deleteTree(work);
        }
    }

    /**
     * Restores a backup into {@code dataDir}, which must hold no database yet (a new data directory, or
     * one whose {@code db/} was moved away); with {@code withKeys}, also its TLS keys and CA, which must
     * not be there yet either. Nothing is changed unless the whole archive checks out.
     */
    public static Summary restore(Path dataDir, Path in, boolean withKeys) {
        Path data = dataDir.toAbsolutePath().normalize();
        Path source = in.toAbsolutePath().normalize();
        if (!Files.isRegularFile(source)) {
            throw new StoreException("no backup file " + source);
        }
        Path db = data.resolve(Database.DIRECTORY);
        if (holdsDatabase(db)) {
            throw new StoreException(db + " already holds a database (is a server running on " + data
                    + "?); restore only into a new data directory, or move " + db + " away first");
        }
        if (withKeys) {
            for (String dir : KEY_DIRECTORIES) {
                if (Files.exists(data.resolve(dir))) {
                    throw new StoreException(data.resolve(dir) + " exists; restore keys only into a data directory"
                            + " without them, or leave out --with-keys");
                }
            }
        }
        Path work = null;
        try {
            PrivateFiles.createDirectories(data);
            work = Files.createTempDirectory(data, ".fedmap-restore-");
            Properties manifest = extract(source, work);
            int format = number(manifest, "format");
            int layout = number(manifest, "layout");
            if (format != FORMAT) {
                throw new StoreException(source + " is a backup in format " + format + ", which this fedmap does not"
                        + " read");
            }
            if (layout > Schema.CURRENT) {
                throw new StoreException(source + " was made by a newer fedmap (database layout " + layout
                        + ", this build knows up to " + Schema.CURRENT + ")");
            }
            boolean hasKeys = Boolean.parseBoolean(manifest.getProperty("keys"));
            if (withKeys && !hasKeys) {
                throw new StoreException(source + " holds no keys (it was made without --with-keys)");
            }
            for (String f : List.of("fedmap.properties", "fedmap.script", Database.OWNER_FILE)) {
                if (!Files.isRegularFile(work.resolve("db").resolve(f))) {
                    throw new StoreException(source + " is not a complete fedmap backup: db/" + f + " is missing");
                }
            }
            // into place: the database last, so an interrupted restore leaves no database behind
            if (withKeys) {
                for (String dir : KEY_DIRECTORIES) {
                    if (Files.isDirectory(work.resolve(dir))) {
                        Files.move(work.resolve(dir), data.resolve(dir), StandardCopyOption.ATOMIC_MOVE);
                    }
                }
            }
            if (Files.isDirectory(db)) {
                deleteTree(db); // an empty leftover (holdsDatabase said so)
            }
            Files.move(work.resolve("db"), db, StandardCopyOption.ATOMIC_MOVE);
            Instant created;
            try {
                created = Instant.parse(manifest.getProperty("created", ""));
            } catch (RuntimeException e) {
                created = null;
            }
            return new Summary(layout, created, withKeys, Files.size(source));
        } catch (IOException e) {
            throw new StoreException("cannot restore " + source + " into " + data + ": " + describe(e), e);
        } finally {
            deleteTree(work);
        }
    }

    private static boolean holdsDatabase(Path db) {
        if (!Files.isDirectory(db)) {
            return false;
        }
        try (Stream<Path> files = Files.list(db)) {
            return files.anyMatch(f -> f.getFileName().toString().startsWith("fedmap."));
        } catch (IOException e) {
            return true;
        }
    }

    /** Unpacks the archive, refusing names that would land outside {@code into}; returns the manifest. */
    private static Properties extract(Path zip, Path into) throws IOException {
        Properties manifest = null;
        try (ZipInputStream z = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry e = z.getNextEntry(); e != null; e = z.getNextEntry()) {
                String name = e.getName();
                if (name.equals(MANIFEST)) {
                    manifest = new Properties();
                    manifest.load(new StringReader(new String(z.readAllBytes(), StandardCharsets.UTF_8)));
                    continue;
                }
                Path target = into.resolve(name).normalize();
                boolean known = name.startsWith("db/") || KEY_DIRECTORIES.stream().anyMatch(d -> name.startsWith(d + "/"));
                if (!known || !target.startsWith(into) || e.isDirectory()) {
                    throw new StoreException(zip + " is not a fedmap backup: unexpected entry '" + name + "'");
                }
                PrivateFiles.createDirectories(target.getParent());
                try (OutputStream out = Files.newOutputStream(target)) {
                    copyBounded(z, out, name);
                }
            }
        } catch (ZipException e) {
            throw new StoreException(zip + " is not a fedmap backup (not a readable zip archive: " + e.getMessage() + ")",
                    e);
        }
        if (manifest == null) {
            throw new StoreException(zip + " is not a fedmap backup: it has no " + MANIFEST);
        }
        return manifest;
    }

    private static void copyBounded(InputStream in, OutputStream out, String name) throws IOException {
        byte[] buf = new byte[65536];
        long total = 0;
        for (int n = in.read(buf); n > 0; n = in.read(buf)) {
            total += n;
            if (total > MAX_ENTRY_BYTES) {
                throw new StoreException("backup entry " + name + " is larger than any fedmap database file could be");
            }
            out.write(buf, 0, n);
        }
    }

    private static int number(Properties manifest, String key) {
        try {
            return Integer.parseInt(manifest.getProperty(key, "").trim());
        } catch (NumberFormatException e) {
            throw new StoreException("the backup's manifest has no valid '" + key + "'");
        }
    }

    private static void addTree(ZipOutputStream z, Path dir, String prefix) throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> all = Files.walk(dir)) {
            all.filter(Files::isRegularFile).sorted().forEach(files::add);
        }
        for (Path f : files) {
            addFile(z, f, prefix + dir.relativize(f).toString().replace(java.io.File.separatorChar, '/'));
        }
    }

    private static void addFile(ZipOutputStream z, Path file, String name) throws IOException {
        z.putNextEntry(new ZipEntry(name));
        Files.copy(file, z);
        z.closeEntry();
    }

    private static String text(Properties p) throws IOException {
        StringWriter w = new StringWriter();
        p.store(w, "fedmap backup");
        return w.toString();
    }

    private static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // best effort: a leftover temporary directory is harmless
        }
    }

    private static String describe(IOException e) {
        if (e instanceof AccessDeniedException a) {
            return "permission denied for " + a.getFile();
        }
        if (e instanceof FileAlreadyExistsException f) {
            return f.getFile() + " already exists";
        }
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }
}
