package io.vkv.node.storage;

import com.google.protobuf.InvalidProtocolBufferException;
import io.vkv.proto.internal.LogRecord;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds a replica from its data directory before it serves: the newest snapshot that reads back
 * intact, then every log from that snapshot's number on. A damaged snapshot is skipped for the one
 * before it; a torn tail of the newest log is cut at the last good record; each problem is logged
 * with its file and offset.
 */
public final class Recovery {

    private static final Logger LOG = LoggerFactory.getLogger(Recovery.class);

    /** What recovery rebuilt and from where. */
    public record Result(MemoryStore memory, long snapshot, long lastLog, long snapshotEntries, long logRecords, List<String> problems) {
    }

    private Recovery() {
    }

    /** Loads {@code dir}, keeping at most {@code historyMaxVersions} superseded versions per key; snapshot -1 means none was usable. */
    public static Result recover(DataDirectory dir, KeyStateCodec codec, int historyMaxVersions) throws IOException {
        dir.removePartialSnapshots();
        List<String> problems = new ArrayList<>();
        MemoryStore memory = new MemoryStore(historyMaxVersions);
        long snapshot = -1;
        long snapshotEntries = 0;
        List<Long> snaps = dir.snapshots();
        for (int i = snaps.size() - 1; i >= 0; i--) {
            MemoryStore attempt = new MemoryStore(historyMaxVersions);
            try {
                snapshotEntries = SnapshotFile.read(dir.snapshot(snaps.get(i)), codec, attempt::put);
                memory = attempt;
                snapshot = snaps.get(i);
                break;
            } catch (SnapshotFile.CorruptSnapshotException e) {
                String p = e.getMessage() + (i > 0 ? "; falling back to snapshot " + snaps.get(i - 1) : "; no older snapshot, replaying the logs");
                LOG.warn(p);
                problems.add(p);
            }
        }
        List<Long> logs = dir.logs();
        long from = Math.max(snapshot, 0);
        if (snapshot < 0 && !logs.isEmpty() && logs.get(0) > 0) {
            String p = "no usable snapshot and log.0 is gone: recovering from log." + logs.get(0) + " on; older writes may be missing";
            LOG.error(p);
            problems.add(p);
            from = logs.get(0);
        }
        long records = 0;
        long lastLog = from;
        long expected = from; // each snapshot attempt rotates to the next number: the logs from `from` on are consecutive
        for (int i = 0; i < logs.size(); i++) {
            long n = logs.get(i);
            if (n < from) {
                continue;
            }
            if (n > expected) {
                missing(expected, n - 1, problems);
            }
            expected = n + 1;
            lastLog = n;
            records += replay(dir, n, i == logs.size() - 1, codec, memory, problems);
        }
        if (snapshot >= 0 && expected == from) {
            missing(from, from, problems); // the log a snapshot starts is created before the snapshot is written
        }
        return new Result(memory, snapshot, lastLog, snapshotEntries, records, problems);
    }

    private static void missing(long first, long last, List<String> problems) {
        String p = (first == last ? "log." + first + " is" : "log." + first + " to log." + last + " are") + " missing: the writes logged there are lost";
        LOG.error(p);
        problems.add(p);
    }

    private static long replay(DataDirectory dir, long n, boolean newest, KeyStateCodec codec, MemoryStore memory, List<String> problems) throws IOException {
        var file = dir.log(n);
        long[] applied = {0};
        LogReader.Outcome outcome = LogReader.read(file, (offset, payload) -> {
            try {
                LogRecord r = LogRecord.parseFrom(payload);
                if (r.getKey().isEmpty()) {
                    throw new IllegalArgumentException("empty key");
                }
                memory.merge(Key.wrap(r.getKey().toByteArray()), codec.decode(r.getState()));
                applied[0]++;
            } catch (InvalidProtocolBufferException | IllegalArgumentException e) {
                // The checksum matched, so the bytes are what was written: a record this version cannot use.
                String p = file + " at offset " + offset + ": record skipped, not a valid log record (" + e.getMessage() + ")";
                LOG.warn(p);
                problems.add(p);
            }
        });
        for (String p : outcome.problems()) {
            LOG.warn(p);
            problems.add(p);
        }
        if (outcome.hasTornTail() && newest) {
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                ch.truncate(outcome.validEnd());
                ch.force(true);
            }
            String p = file + ": cut at offset " + outcome.validEnd() + " (" + (outcome.fileSize() - outcome.validEnd()) + " bytes after the last good record removed)";
            LOG.warn(p);
            problems.add(p);
        }
        return applied[0];
    }
}
