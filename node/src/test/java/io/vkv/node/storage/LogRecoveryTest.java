package io.vkv.node.storage;

import static io.vkv.node.storage.DataDirFiles.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vkv.node.testing.CoordinatedStore;
import io.vkv.node.version.KeyState;
import io.vkv.node.version.VersionVector;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Recovery from damaged operation logs: torn tails, mid-file corruption, zero fill, empty and garbage logs. */
class LogRecoveryTest {

    private static final int KEYS = 10;

    @TempDir
    Path tmp;

    private Path original;
    /** The state of every key as the original store held it, in write order. */
    private final Map<String, KeyState> written = new LinkedHashMap<>();
    private List<DataDirFiles.LoggedRecord> records;

    private static StorageOptions options(Path dir) {
        return StorageOptions.defaults(dir, "n1").withSnapshotInterval(Duration.ZERO);
    }

    @BeforeEach
    void writeTenKeys() throws IOException {
        original = tmp.resolve("original");
        try (CoordinatedStore store = CoordinatedStore.open(options(original))) {
            for (int i = 0; i < KEYS; i++) {
                String k = "key-" + i;
                written.put(k, store.put(utf8(k), utf8("value-" + i), VersionVector.EMPTY).join().state());
            }
        }
        records = DataDirFiles.records(original.resolve("log.0"));
        assertEquals(KEYS, records.size());
    }

    private Path copy(String name) throws IOException {
        return DataDirFiles.crashCopy(original, tmp.resolve(name));
    }

    private void assertHoldsExactly(CoordinatedStore store, List<String> keys) {
        assertEquals(keys.size(), store.keyCount(), "key count");
        for (String k : keys) {
            assertEquals(written.get(k), store.get(utf8(k)), "state of " + k);
        }
    }

    private List<String> keysExcept(String missing) {
        return written.keySet().stream().filter(k -> !k.equals(missing)).toList();
    }

    @Test
    void aLogCutAtEveryByteOfItsLastRecordRecoversExactlyTheCompleteRecordsAndAcceptsWritesAfter() throws IOException {
        DataDirFiles.LoggedRecord last = records.get(KEYS - 1);
        List<String> complete = keysExcept(last.key());
        for (long cut = last.offset(); cut < last.end(); cut++) {
            Path dir = copy("cut-" + cut);
            DataDirFiles.truncate(dir.resolve("log.0"), cut);
            KeyState after;
            try (CoordinatedStore store = CoordinatedStore.open(options(dir))) {
                assertHoldsExactly(store, complete);
                assertEquals(last.offset(), Files.size(dir.resolve("log.0")), "log cut at the last good record (cut at " + cut + ")");
                after = store.put(utf8("after"), utf8("x"), VersionVector.EMPTY).join().state();
            }
            try (CoordinatedStore store = CoordinatedStore.open(options(dir))) {
                assertEquals(complete.size() + 1, store.keyCount(), "cut at " + cut);
                assertEquals(after, store.get(utf8("after")));
                assertEquals(written.get("key-0"), store.get(utf8("key-0")));
            }
        }
    }

    @Test
    void aFlippedByteAnywhereInAnEarlyRecordSkipsOnlyThatRecordAndReportsFileAndOffset() throws IOException {
        DataDirFiles.LoggedRecord victim = records.get(2);
        for (long at = victim.offset(); at < victim.end(); at++) {
            Path dir = copy("flip-" + at);
            Path log = dir.resolve("log.0");
            long size = Files.size(log);
            DataDirFiles.flipByte(log, at);
            Recovery.Result r;
            try (DataDirectory d = DataDirectory.open(dir)) {
                r = Recovery.recover(d, new KeyStateCodec(), 10);
            }
            for (String k : keysExcept(victim.key())) {
                assertEquals(written.get(k), r.memory().get(Key.of(k)), "state of " + k + " with byte " + at + " flipped");
            }
            assertEquals(KEYS - 1, r.memory().size(), "flipped byte " + at);
            assertEquals(KEYS - 1, r.logRecords());
            String problem = r.problems().get(0);
            assertTrue(problem.contains(log.toString()) && problem.contains("offset " + victim.offset()), problem);
            assertEquals(size, Files.size(log), "a log with good records after the damage must not be cut");
        }
    }

    @Test
    void aStoreOpenedOverMidFileCorruptionKeepsLaterRecordsAndTakesWrites() throws IOException {
        DataDirFiles.LoggedRecord victim = records.get(3);
        Path dir = copy("mid");
        DataDirFiles.flipByte(dir.resolve("log.0"), victim.offset() + 1); // inside the length field
        try (CoordinatedStore store = CoordinatedStore.open(options(dir))) {
            assertHoldsExactly(store, keysExcept(victim.key()));
            store.put(utf8("after"), utf8("x"), VersionVector.EMPTY).join();
        }
        try (CoordinatedStore store = CoordinatedStore.open(options(dir))) {
            assertEquals(KEYS, store.keyCount());
        }
    }

    @Test
    void aZeroFilledTailIsCutAndEveryRecordKept() throws IOException {
        Path dir = copy("zeros");
        Path log = dir.resolve("log.0");
        long size = Files.size(log);
        DataDirFiles.append(log, new byte[8192]);
        try (CoordinatedStore store = CoordinatedStore.open(options(dir))) {
            assertHoldsExactly(store, List.copyOf(written.keySet()));
            assertEquals(size, Files.size(log));
        }
    }

    @Test
    void emptyLogsAreReadAsNoRecords() throws IOException {
        Path dir = copy("empty");
        Files.write(dir.resolve("log.0"), new byte[0]);
        try (CoordinatedStore store = CoordinatedStore.open(options(dir))) {
            assertEquals(0, store.keyCount());
            store.put(utf8("k"), utf8("v"), VersionVector.EMPTY).join();
        }
        try (CoordinatedStore store = CoordinatedStore.open(options(dir))) {
            assertEquals(1, store.keyCount());
        }
    }

    @Test
    void aGarbageNewestLogIsReportedAndCutWhileOlderLogsRecover() throws IOException {
        Path dir = copy("garbage");
        byte[] garbage = new byte[64 * 1024];
        new Random(7).nextBytes(garbage);
        Files.write(dir.resolve("log.5"), garbage);
        Recovery.Result r;
        try (DataDirectory d = DataDirectory.open(dir)) {
            r = Recovery.recover(d, new KeyStateCodec(), 10);
        }
        assertEquals(KEYS, r.memory().size());
        assertTrue(r.problems().stream().anyMatch(p -> p.contains("log.5")), r.problems().toString());
        assertEquals(5, r.lastLog());
        try (CoordinatedStore store = CoordinatedStore.open(options(dir))) {
            assertHoldsExactly(store, List.copyOf(written.keySet()));
            store.put(utf8("after"), utf8("x"), VersionVector.EMPTY).join();
        }
        try (CoordinatedStore store = CoordinatedStore.open(options(dir))) {
            assertEquals(KEYS + 1, store.keyCount());
        }
    }

    @Test
    void filesThatOnlyResembleLogAndSnapshotNamesAreIgnored() throws IOException {
        Path dir = copy("names");
        for (String name : List.of("log.007", "snap.01", "log.", "snap.-1", "log.0.bak", "notes.txt", "log.99999999999999999999")) {
            Files.write(dir.resolve(name), utf8("not vkv data"));
        }
        try (CoordinatedStore store = CoordinatedStore.open(options(dir))) {
            assertHoldsExactly(store, List.copyOf(written.keySet()));
        }
        assertTrue(Files.exists(dir.resolve("notes.txt")), "unknown files are left alone");
        assertFalse(Files.exists(dir.resolve("log.7")));
    }
}
