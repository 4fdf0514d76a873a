package io.vkv.node.storage;

import io.vkv.proto.internal.LogRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;

/** File surgery on data directories for recovery tests: crash copies, cuts, flipped bytes, record offsets. */
final class DataDirFiles {

    /** One intact record of a log file: where its frame starts and ends, and its key. */
    record LoggedRecord(long offset, long end, String key) {
    }

    private DataDirFiles() {
    }

    /**
     * Copies every file of {@code from} except the lock into a new directory {@code to}: what a crash
     * would leave on disk while the store is open (acknowledged writes are in the log file already).
     */
    static Path crashCopy(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                String name = f.getFileName().toString();
                if (!name.equals("LOCK") && Files.isRegularFile(f)) {
                    Files.copy(f, to.resolve(name));
                }
            }
        }
        return to;
    }

    /** The intact records of a log file in order. */
    static List<LoggedRecord> records(Path log) throws IOException {
        List<LoggedRecord> out = new ArrayList<>();
        LogReader.read(log, (offset, payload) -> {
            try {
                String key = LogRecord.parseFrom(payload).getKey().toStringUtf8();
                out.add(new LoggedRecord(offset, offset + LogRecordFormat.HEADER_BYTES + payload.length, key));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        return out;
    }

    /** Cuts {@code file} to {@code length} bytes. */
    static void truncate(Path file, long length) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(length);
        }
    }

    /** Inverts every bit of the byte at {@code offset}. */
    static void flipByte(Path file, long offset) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.allocate(1);
            ch.read(b, offset);
            b.flip();
            byte flipped = (byte) ~b.get(0);
            ch.write(ByteBuffer.wrap(new byte[] {flipped}), offset);
        }
    }

    /** Appends {@code bytes} to {@code file}. */
    static void append(Path file, byte[] bytes) throws IOException {
        Files.write(file, bytes, StandardOpenOption.APPEND);
    }

    /** The offset of the first occurrence of {@code needle} in {@code file}, or -1. */
    static long indexOf(Path file, byte[] needle) throws IOException {
        byte[] all = Files.readAllBytes(file);
        outer:
        for (int i = 0; i + needle.length <= all.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (all[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** The names of the files in {@code dir}, sorted. */
    static TreeSet<String> names(Path dir) throws IOException {
        TreeSet<String> out = new TreeSet<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.forEach(f -> out.add(f.getFileName().toString()));
        }
        return out;
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
