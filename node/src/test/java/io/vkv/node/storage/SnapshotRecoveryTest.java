package io.vkv.node.storage;
import static io.vkv.node.storage.DataDirFiles.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vkv.node.testing.CoordinatedStore;
import io.vkv.node.version.Actor;
import io.vkv.node.version.KeyState;
import io.vkv.node.version.VersionVector;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Recovery from snapshots: damaged or missing ones fall back to older ones plus their logs; retention. */
class SnapshotRecoveryTest {

    @TempDir
    Path tmp;

    private Path original;
    private final Map<String, KeyState> written = new HashMap<>();

    private static StorageOptions options(Path dir) {
        return StorageOptions.defaults(dir, "n1").withSnapshotInterval(Duration.ZERO);
    }

    private void writeKeys(CoordinatedStore store, String prefix, int n) {
        for (int i = 0; i < n; i++) {
            String k = prefix + i;
            written.put(k, store.put(utf8(k), utf8("value-of-" + k), VersionVector.EMPTY).join().state());
        }
    }

    /** Two snapshots with writes before, between and after them: log.0, snap.1, log.1, snap.2, log.2. */
    @BeforeEach
    void writeAcrossTwoSnapshots() throws IOException {
        original = tmp.resolve("original");
        try (CoordinatedStore store = CoordinatedStore.open(options(original))) {
            writeKeys(store, "a", 20);
            assertEquals(1, store.snapshot());
            writeKeys(store, "b", 20);
            assertEquals(2, store.snapshot());
            writeKeys(store, "c", 20);
        }
        assertEquals(new TreeSet<>(List.of("log.0", "log.1", "log.2", "snap.1", "snap.2")), dataFiles(original));
    }

    private static TreeSet<String> dataFiles(Path dir) throws IOException {
        TreeSet<String> out = DataDirFiles.names(dir);
        out.removeIf(n -> !n.startsWith("log.") && !n.startsWith("snap."));
        return out;
    }

    private Path copy(String name) throws IOException {
        return DataDirFiles.crashCopy(original, tmp.resolve(name));
    }

    private Recovery.Result recover(Path dir) throws IOException {
        try (DataDirectory d = DataDirectory.open(dir)) {
            return Recovery.recover(d, new KeyStateCodec(), 10);
        }
    }

    private void assertEverythingRecovered(Path dir) throws IOException {
        try (CoordinatedStore store = CoordinatedStore.open(options(dir))) {
            assertEquals(written.size(), store.keyCount());
            written.forEach((k, s) -> assertEquals(s, store.get(utf8(k)), k));
            store.put(utf8("after"), utf8("x"), VersionVector.EMPTY).join();
        }
    }

    @Test
    void theNewestSnapshotAndLogsAreWhatRecoveryUses() throws IOException {
        Recovery.Result r = recover(copy("plain"));
        assertEquals(2, r.snapshot());
        assertEquals(40, r.snapshotEntries());
        assertEquals(20, r.logRecords());
        assertEquals(List.of(), r.problems());
    }

    @Test
    void aDeletedNewestSnapshotFallsBackToThePreviousOneAndItsLogs() throws IOException {
        Path dir = copy("deleted");
        Files.delete(dir.resolve("snap.2"));
        assertEquals(1, recover(dir).snapshot());
        assertEverythingRecovered(dir);
    }

    @Test
    void aCorruptedEntryInTheNewestSnapshotFallsBackToThePreviousOne() throws IOException {
        Path dir = copy("corrupted");
        Path snap = dir.resolve("snap.2");
        long at = DataDirFiles.indexOf(snap, utf8("value-of-b7"));
        assertTrue(at > 0, "the value is stored verbatim in the snapshot");
        DataDirFiles.flipByte(snap, at + 3);
        Recovery.Result r = recover(dir);
        assertEquals(1, r.snapshot());
        assertTrue(r.problems().get(0).contains("snap.2") && r.problems().get(0).contains("falling back to snapshot 1"), r.problems().toString());
        assertEverythingRecovered(dir);
    }

    @Test
    void aNewestSnapshotCutShortAnywhereFallsBackWithoutLosingData() throws IOException {
        long size = Files.size(original.resolve("snap.2"));
        for (long cut : new long[] {0, 1, 16, 100, 4096, size / 4, size / 2, size - 4096, size - 1}) {
            Path dir = copy("cut-" + cut);
            DataDirFiles.truncate(dir.resolve("snap.2"), cut);
            Recovery.Result r = recover(dir);
            if (cut < 4096) {
                assertEquals(1, r.snapshot(), "snap.2 cut to " + cut + " bytes must be refused: " + r.problems());
            }
            assertEverythingRecovered(dir);
        }
    }

    @Test
    void garbageInPlaceOfTheNewestSnapshotIsRefused() throws IOException {
        Path dir = copy("garbage");
        byte[] garbage = new byte[(int) Files.size(dir.resolve("snap.2"))];
        new Random(3).nextBytes(garbage);
        Files.write(dir.resolve("snap.2"), garbage);
        Recovery.Result r = recover(dir);
        assertEquals(1, r.snapshot());
        assertTrue(r.problems().get(0).contains("snap.2"), r.problems().toString());
        assertEverythingRecovered(dir);
    }

    @Test
    void aHalfWrittenPartialSnapshotIsIgnoredAndRemoved() throws IOException {
        Path dir = copy("partial");
        Files.copy(dir.resolve("snap.2"), dir.resolve("snap.3.partial"));
        DataDirFiles.truncate(dir.resolve("snap.3.partial"), 5000);
        Files.write(dir.resolve("log.3"), new byte[0]); // a snapshot starts by rotating the log
        Recovery.Result r = recover(dir);
        assertEquals(2, r.snapshot());
        assertFalse(Files.exists(dir.resolve("snap.3.partial")));
        assertEverythingRecovered(dir);
        try (CoordinatedStore store = CoordinatedStore.open(options(dir))) {
            assertEquals(4, store.snapshot(), "the number of the abandoned snapshot is not reused");
        }
    }

    @Test
    void withEverySnapshotDamagedTheLogsFromLogZeroStillRecoverEverything() throws IOException {
        Path dir = copy("all-damaged");
        DataDirFiles.truncate(dir.resolve("snap.1"), 10);
        DataDirFiles.truncate(dir.resolve("snap.2"), 10);
        Recovery.Result r = recover(dir);
        assertEquals(-1, r.snapshot());
        assertEquals(60, r.logRecords());
        assertEverythingRecovered(dir);
    }

    @Test
    void withEverySnapshotDamagedAndLogZeroGoneTheLossIsReportedAndTheStoreStillOpens() throws IOException {
        Path dir = copy("nothing-left");
        Files.delete(dir.resolve("snap.1"));
        Files.write(dir.resolve("snap.2"), utf8("garbage"));
        Files.delete(dir.resolve("log.0"));
        Recovery.Result r = recover(dir);
        assertTrue(r.problems().stream().anyMatch(p -> p.contains("log.0 is gone")), r.problems().toString());
        try (CoordinatedStore store = CoordinatedStore.open(options(dir))) {
            assertEquals(40, store.keyCount(), "the b and c keys of log.1 and log.2");
            assertEquals(written.get("c3"), store.get(utf8("c3")));
        }
    }

    @Test
    void aMissingLogAfterTheSnapshotInUseIsReportedAndTheActorRetired() throws IOException {
        Path dir = copy("gap");
        Files.delete(dir.resolve("snap.2"));
        Files.delete(dir.resolve("log.1"));
        Recovery.Result r = recover(dir);
        assertEquals(1, r.snapshot());
        assertTrue(r.problems().contains("log.1 is missing: the writes logged there are lost"), r.problems().toString());
        assertRecoveredWithoutTheBKeysAsANewActor(dir);
    }

    @Test
    void aMissingLogOfTheNewestSnapshotIsReported() throws IOException {
        Path dir = copy("no-newest-log");
        Files.delete(dir.resolve("log.2"));
        Recovery.Result r = recover(dir);
        assertEquals(2, r.snapshot());
        assertTrue(r.problems().contains("log.2 is missing: the writes logged there are lost"), r.problems().toString());
        try (CoordinatedStore store = CoordinatedStore.open(options(dir))) {
            assertEquals(40, store.keyCount(), "the c keys were only in log.2");
        }
    }

    private void assertRecoveredWithoutTheBKeysAsANewActor(Path dir) throws IOException {
        Actor before = written.get("a0").siblings().get(0).dot().actor();
        try (CoordinatedStore store = CoordinatedStore.open(options(dir))) {
            assertEquals(40, store.keyCount(), "the b keys were only in log.1 and snap.2");
            assertEquals(written.get("c0"), store.get(utf8("c0")));
            assertTrue(store.get(utf8("b0")).siblings().isEmpty());
            assertFalse(before.equals(store.actor()), "lost records may hold dots: the actor must not issue more");
        }
    }

    @Test
    void retentionKeepsThreeSnapshotsAndThreeLogsAfterManyRotations() throws IOException {
        Path dir = copy("retention");
        try (CoordinatedStore store = CoordinatedStore.open(options(dir))) {
            for (int round = 0; round < 10; round++) {
                writeKeys(store, "r" + round + "-", 5);
                long x = store.snapshot();
                assertEquals(round + 3, x);
                TreeSet<String> expected = new TreeSet<>();
                for (long n = Math.max(0, x - 2); n <= x; n++) {
                    expected.add("log." + n);
                    expected.add("snap." + n);
                }
                expected.remove("snap.0");
                assertEquals(expected, dataFiles(dir), "after snapshot " + x);
            }
        }
        assertEquals(new TreeSet<>(List.of("log.10", "log.11", "log.12", "snap.10", "snap.11", "snap.12")), dataFiles(dir));
        assertEverythingRecovered(dir);
    }
}
