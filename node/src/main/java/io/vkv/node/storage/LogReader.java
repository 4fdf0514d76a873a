package io.vkv.node.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads framed records from a log file in order. A frame that fails its checksum or length check is
 * reported and skipped when a valid frame follows it (mid-file corruption: later good records are
 * not dropped); when none follows, the file ends there (a torn tail) and {@link Outcome#validEnd}
 * says where the last good record ends, so the caller can cut the file.
 */
public final class LogReader {

    private static final int INITIAL_BUFFER = 1 << 20;

    /** Receives each intact payload with the file offset of its frame. */
    @FunctionalInterface
    public interface RecordSink {
        void accept(long offset, byte[] payload);
    }

    /** What reading a file found. */
    public record Outcome(long records, long validEnd, long fileSize, List<String> problems) {

        /** True when bytes after the last good record must be cut. */
        public boolean hasTornTail() {
            return validEnd < fileSize;
        }
    }

    private LogReader() {
    }

    /** Reads every intact record of {@code file} into {@code sink}. */
    public static Outcome read(Path file, RecordSink sink) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return new Pass(file, ch, sink).run();
        }
    }

    private static final class Pass {
        private final Path file;
        private final FileChannel ch;
        private final RecordSink sink;
        private final long size;
        private final List<String> problems = new ArrayList<>();
        private final FrameSearch search;
        private byte[] buf = new byte[INITIAL_BUFFER];
        private long bufOffset; // file offset of buf[0]
        private int start;
        private int end;
        private long records;

        Pass(Path file, FileChannel ch, RecordSink sink) throws IOException {
            this.file = file;
            this.ch = ch;
            this.sink = sink;
            this.size = ch.size();
            this.search = new FrameSearch(ch, size);
        }

        Outcome run() throws IOException {
            while (true) {
                long offset = bufOffset + start;
                if (offset >= size) {
                    return new Outcome(records, size, size, problems);
                }
                fill(LogRecordFormat.HEADER_BYTES);
                int available = end - start;
                if (available < LogRecordFormat.HEADER_BYTES) {
                    return tornTail(offset, LogRecordFormat.Problem.TRUNCATED_HEADER);
                }
                int length = ByteBuffer.wrap(buf, start, 4).getInt();
                if (length > 0 && length <= LogRecordFormat.MAX_PAYLOAD_BYTES && offset + LogRecordFormat.HEADER_BYTES + length <= size) {
                    fill(LogRecordFormat.HEADER_BYTES + length);
                    available = end - start;
                }
                int r = LogRecordFormat.check(buf, start, available);
                if (r >= 0) {
                    byte[] payload = new byte[r];
                    System.arraycopy(buf, start + LogRecordFormat.HEADER_BYTES, payload, 0, r);
                    start += LogRecordFormat.HEADER_BYTES + r;
                    records++;
                    sink.accept(offset, payload);
                    continue;
                }
                // A payload "cut short" may be a damaged length in the middle of the file: only when no
                // intact frame follows is it a torn tail, or later good records would be thrown away.
                LogRecordFormat.Problem problem = LogRecordFormat.Problem.of(r);
                long next = search.next(offset + 1);
                if (next < 0) {
                    return tornTail(offset, problem);
                }
                problems.add(file + " at offset " + offset + ": " + problem.description() + "; skipped " + (next - offset) + " bytes to the next good record at offset " + next);
                seek(next);
            }
        }

        private Outcome tornTail(long offset, LogRecordFormat.Problem problem) {
            problems.add(file + " at offset " + offset + ": " + problem.description() + "; " + (size - offset) + " bytes after the last good record");
            return new Outcome(records, offset, size, problems);
        }

        /** Makes at least {@code need} bytes available from {@code start}, unless the file ends first. */
        private void fill(int need) throws IOException {
            if (end - start >= need) {
                return;
            }
            if (need > buf.length) {
                byte[] bigger = new byte[Math.max(need, buf.length * 2)];
                System.arraycopy(buf, start, bigger, 0, end - start);
                buf = bigger;
            } else {
                System.arraycopy(buf, start, buf, 0, end - start);
            }
            bufOffset += start;
            end -= start;
            start = 0;
            ByteBuffer target = ByteBuffer.wrap(buf);
            while (end < need) {
                target.limit(buf.length).position(end);
                int n = ch.read(target, bufOffset + end);
                if (n <= 0) {
                    return;
                }
                end += n;
            }
        }

        private void seek(long offset) {
            bufOffset = offset;
            start = 0;
            end = 0;
        }
    }
}
