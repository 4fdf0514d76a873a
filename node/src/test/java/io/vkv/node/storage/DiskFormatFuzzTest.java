package io.vkv.node.storage;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.protobuf.InvalidProtocolBufferException;
import io.vkv.proto.internal.LogRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Coverage-guided fuzzing of the files a node reads at start: any bytes as an operation log are read up to the last
 * intact record (the rest is a torn tail), and any bytes as a snapshot are read or refused with
 * {@link SnapshotFile.CorruptSnapshotException}; nothing else escapes. Replays {@code DiskFormatFuzzTestInputs}.
 */
class DiskFormatFuzzTest {

    private final KeyStateCodec codec = new KeyStateCodec();

    @FuzzTest(maxDuration = "30s")
    void anyLogIsReadUpToItsLastIntactRecord(byte[] bytes) throws IOException {
        Path file = Files.createTempFile("fuzz-log", ".0");
        try {
            Files.write(file, bytes);
            LogReader.read(file, (offset, payload) -> {
                try { // what Recovery does with each intact frame: a record it cannot decode is a problem it reports
                    codec.decode(LogRecord.parseFrom(payload).getState());
                } catch (InvalidProtocolBufferException | IllegalArgumentException refused) {
                    // reported by recovery, which carries on
                }
            });
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @FuzzTest(maxDuration = "30s")
    void anySnapshotIsReadOrRefused(byte[] bytes) throws IOException {
        Path file = Files.createTempFile("fuzz-snap", ".1");
        try {
            Files.write(file, bytes);
            SnapshotFile.read(file, codec, (key, state) -> { });
        } catch (SnapshotFile.CorruptSnapshotException expected) {
            // refused: recovery falls back to an older snapshot
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
