package io.vkv.node.storage;

import io.vkv.node.version.KeyState;
import io.vkv.proto.internal.LogRecord;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.function.BiConsumer;
import org.mapdb.BTreeMap;
import org.mapdb.DB;
import org.mapdb.DBMaker;
import org.mapdb.volume.MappedFileVol;
import org.mapdb.volume.Volume;
import org.mapdb.Serializer;

/**
 * A MapDB snapshot of a replica: entries numbered in key order, each value a framed
 * {@code LogRecord} (so every entry carries its own CRC32C), and a record count written last.
 * It is written under a {@code .partial} name and renamed once complete and synced, so a file
 * named {@code snap.X} is either complete or detectably damaged.
 */
public final class SnapshotFile {

    private static final String ENTRIES = "entries";
    private static final String COUNT = "count";

    private SnapshotFile() {
    }

    /** A snapshot that cannot be used: the reader falls back to an older one. */
    public static final class CorruptSnapshotException extends IOException {
        private static final long serialVersionUID = 1L;

        public CorruptSnapshotException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Writes {@code entries} (in key order) to {@code partial}, syncs it and renames it to {@code target}. */
    public static long write(Path partial, Path target, Iterable<Map.Entry<Key, KeyState>> entries) throws IOException {
        Files.deleteIfExists(partial);
        long count = 0;
        DB db = DBMaker.fileDB(partial.toFile()).fileMmapEnableIfSupported().cleanerHackEnable().make();
        try {
            DB.TreeMapSink<Long, byte[]> sink = db.treeMap(ENTRIES).keySerializer(Serializer.LONG).valueSerializer(Serializer.BYTE_ARRAY).createFromSink();
            for (Map.Entry<Key, KeyState> e : entries) {
                sink.put(count++, LogRecordFormat.frame(e.getKey().bytes(), e.getValue()));
            }
            sink.create();
            db.atomicLong(COUNT).create().set(count);
            db.commit();
        } finally {
            db.close();
        }
        try (FileChannel ch = FileChannel.open(partial, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
        DataDirectory.syncDirectory(target.toAbsolutePath().getParent());
        return count;
    }

    /** Reads every entry of {@code file}; throws {@link CorruptSnapshotException} saying what is wrong. */
    public static long read(Path file, KeyStateCodec codec, BiConsumer<Key, KeyState> sink) throws IOException {
        DB db;
        Volume volume;
        try {
            // No cleaner hack here: on JDK 17 MapDB fails to unmap its read-only slices and logs a
            // warning per file; the mapping is released when the buffers are collected instead.
            volume = MappedFileVol.FACTORY.makeVolume(file.toString(), true);
        } catch (RuntimeException e) {
            throw new CorruptSnapshotException(file + " cannot be opened: " + e, e);
        }
        try {
            db = DBMaker.volumeDB(volume, true).readOnly().make();
        } catch (RuntimeException e) {
            // The volume is ours to close: MapDB leaves it open when a file is not one of its own (found by fuzzing:
            // each refused file leaked a descriptor).
            try {
                volume.close();
            } catch (RuntimeException ignored) {
                // closing a file that is not MapDB's: nothing to save
            }
            throw new CorruptSnapshotException(file + " cannot be opened as a MapDB file: " + e, e);
        }
        try {
            if (!db.exists(COUNT) || !db.exists(ENTRIES)) {
                throw new CorruptSnapshotException(file + " is incomplete: its record count or entries are missing", null);
            }
            long expected = db.atomicLong(COUNT).open().get();
            BTreeMap<Long, byte[]> map = db.treeMap(ENTRIES).keySerializer(Serializer.LONG).valueSerializer(Serializer.BYTE_ARRAY).open();
            long seen = 0;
            for (Map.Entry<Long, byte[]> e : map.entrySet()) {
                byte[] framed = e.getValue();
                int r = LogRecordFormat.check(framed, 0, framed.length);
                if (r < 0 || r + LogRecordFormat.HEADER_BYTES != framed.length) {
                    throw new CorruptSnapshotException(file + " entry " + e.getKey() + ": "
                            + (r < 0 ? LogRecordFormat.Problem.of(r).description() : "trailing bytes after the record"), null);
                }
                LogRecord rec = LogRecord.parseFrom(com.google.protobuf.ByteString.copyFrom(framed, LogRecordFormat.HEADER_BYTES, r));
                if (rec.getKey().isEmpty()) {
                    throw new CorruptSnapshotException(file + " entry " + e.getKey() + " has an empty key", null);
                }
                sink.accept(Key.wrap(rec.getKey().toByteArray()), codec.decode(rec.getState()));
                seen++;
            }
            if (seen != expected) {
                throw new CorruptSnapshotException(file + " holds " + seen + " entries but records " + expected, null);
            }
            return seen;
        } catch (CorruptSnapshotException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new CorruptSnapshotException(file + " is damaged: " + e, e);
        } finally {
            try {
                db.close();
            } catch (RuntimeException ignored) {
                // closing a damaged read-only file: nothing to save
            }
        }
    }
}
