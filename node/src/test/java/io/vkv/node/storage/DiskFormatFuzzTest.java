package io.vkv.node.storage;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.protobuf.InvalidProtocolBufferException;
import io.vkv.node.testing.CorpusMutations;
import io.vkv.proto.internal.LogRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

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

    @Provide
    Arbitrary<byte[]> inputsOfAnyLogIsReadUpToItsLastIntactRecord() {
        return CorpusMutations.of(DiskFormatFuzzTest.class, "anyLogIsReadUpToItsLastIntactRecord");
    }

    /** The every-build short form: damaged corpus inputs and random bytes, a new seed each build. */
    @Property(tries = 300)
    void damagedAnyLogIsReadUpToItsLastIntactRecord(@ForAll("inputsOfAnyLogIsReadUpToItsLastIntactRecord") byte[] input) throws IOException {
        anyLogIsReadUpToItsLastIntactRecord(input);
    }

    @Provide
    Arbitrary<byte[]> inputsOfAnySnapshotIsReadOrRefused() {
        return CorpusMutations.of(DiskFormatFuzzTest.class, "anySnapshotIsReadOrRefused");
    }

    /** The every-build short form: damaged corpus inputs and random bytes, a new seed each build. */
    @Property(tries = 100)
    void damagedAnySnapshotIsReadOrRefused(@ForAll("inputsOfAnySnapshotIsReadOrRefused") byte[] input) throws IOException {
        anySnapshotIsReadOrRefused(input);
    }
}
