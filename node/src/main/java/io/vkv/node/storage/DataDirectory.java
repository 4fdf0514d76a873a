package io.vkv.node.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A node's data directory: the file names of docs/architecture.md, "Persistence" ({@code log.0}, {@code snap.X},
 * {@code log.X}), the identity file, the clean-shutdown marker and an exclusive lock.
 */
public final class DataDirectory implements AutoCloseable {

    // Canonical numbers only: "log.007" must not stand for log.7, whose path the store would then open.
    private static final Pattern LOG = Pattern.compile("log\\.(0|[1-9]\\d{0,17})");
    private static final Pattern SNAP = Pattern.compile("snap\\.(0|[1-9]\\d{0,17})");
    private static final String META = "node.meta";
    private static final String CLEAN = "clean-shutdown";
    private static final String LOCK = "LOCK";

    private final Path dir;
    private final FileChannel lockChannel;
    private final FileLock lock;

    private DataDirectory(Path dir, FileChannel lockChannel, FileLock lock) {
        this.dir = dir;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /** Creates {@code dir} if needed and locks it; refuses when another process holds it. */
    public static DataDirectory open(Path dir) throws IOException {
        Files.createDirectories(dir);
        FileChannel ch = FileChannel.open(dir.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock l;
        try {
            l = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            l = null;
        }
        if (l == null) {
            ch.close();
            throw new IOException("data directory " + dir + " is in use by another vkv node (" + dir.resolve(LOCK) + " is locked)");
        }
        return new DataDirectory(dir, ch, l);
    }

    public Path path() {
        return dir;
    }

    public Path log(long n) {
        return dir.resolve("log." + n);
    }

    public Path snapshot(long n) {
        return dir.resolve("snap." + n);
    }

    /** Where snapshot {@code n} is written before it is complete (renamed to {@code snap.n} then). */
    public Path partialSnapshot(long n) {
        return dir.resolve("snap." + n + ".partial");
    }

    /** Numbers of the log files present, ascending. */
    public List<Long> logs() throws IOException {
        return numbered(LOG);
    }

    /** Numbers of the complete snapshot files present, ascending. */
    public List<Long> snapshots() throws IOException {
        return numbered(SNAP);
    }

    private List<Long> numbered(Pattern p) throws IOException {
        List<Long> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.forEach(f -> {
                Matcher m = p.matcher(f.getFileName().toString());
                if (m.matches()) {
                    out.add(Long.parseLong(m.group(1)));
                }
            });
        }
        out.sort(null);
        return out;
    }

    /** Deletes {@code dir} and everything under it (a closed data directory that is no longer wanted). */
    public static void delete(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** Removes leftovers of snapshots that never completed. */
    public void removePartialSnapshots() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                if (f.getFileName().toString().endsWith(".partial")) {
                    Files.deleteIfExists(f);
                }
            }
        }
    }

    /** The identity stored in the directory, or null for a new directory. */
    public NodeMeta readMeta() throws IOException {
        Path f = dir.resolve(META);
        if (!Files.exists(f)) {
            return null;
        }
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(f)) {
            p.load(in);
        } catch (IllegalArgumentException e) {
            throw new IOException(f + " is corrupt: " + e.getMessage(), e); // e.g. a malformed unicode escape
        }
        return NodeMeta.fromProperties(p, f);
    }

    /** Writes the identity atomically (temporary file, fsync, rename, directory fsync). */
    public void writeMeta(NodeMeta meta) throws IOException {
        Path tmp = dir.resolve(META + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            meta.toProperties().store(out, "vkv node identity: do not edit");
        }
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        Files.move(tmp, dir.resolve(META), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        syncDirectory(dir);
    }

    /** True when the last run ended with {@link #markClean()}; removes the marker (this run is not clean yet). */
    public boolean takeCleanMarker() throws IOException {
        boolean clean = Files.deleteIfExists(dir.resolve(CLEAN));
        if (clean) {
            syncDirectory(dir);
        }
        return clean;
    }

    /** Records that everything is durable and closed. */
    public void markClean() throws IOException {
        Files.write(dir.resolve(CLEAN), new byte[0]);
        syncDirectory(dir);
    }

    /** Makes a directory's entries (created, renamed, deleted files) durable. */
    public static void syncDirectory(Path directory) throws IOException {
        try (FileChannel ch = FileChannel.open(directory, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // Some filesystems refuse fsync on directories; the data files themselves are synced.
            if (!e.getMessage().contains("Is a directory") && !(e instanceof java.nio.file.AccessDeniedException)) {
                throw e;
            }
        }
    }

    @Override
    public void close() throws IOException {
        lock.release();
        lockChannel.close();
    }
}
