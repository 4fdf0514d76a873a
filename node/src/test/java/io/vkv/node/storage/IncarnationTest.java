package io.vkv.node.storage;
import static io.vkv.node.storage.DataDirFiles.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vkv.node.testing.CoordinatedStore;
import io.vkv.node.version.Actor;
import io.vkv.node.version.Dot;
import io.vkv.node.version.VersionVector;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Dots are never issued twice: counters survive clean restarts, anything else retires the actor. */
class IncarnationTest {

    @TempDir
    Path tmp;

    private static StorageOptions options(Path dir) {
        return StorageOptions.defaults(dir, "n1").withSnapshotInterval(Duration.ZERO);
    }

    private static StorageOptions onePartition(Path dir) {
        return new StorageOptions(dir, "n1", FsyncPolicy.ALWAYS, Duration.ZERO, 1, Limits.DEFAULT, StorageOptions.DEFAULT_HISTORY_MAX_VERSIONS);
    }

    @Test
    void aCleanRestartKeepsTheActorAndContinuesTheCountersOfEveryPartition() throws IOException {
        Path dir = tmp.resolve("d");
        Map<Integer, Long> highest = new HashMap<>();
        Set<String> issued = new HashSet<>(); // counters are per partition: a dot is unique within one
        Actor actor;
        try (CoordinatedStore store = CoordinatedStore.open(options(dir))) {
            actor = store.actor();
            for (int i = 0; i < 300; i++) {
                byte[] k = utf8("k" + i);
                Dot d = store.put(k, utf8("v"), VersionVector.EMPTY).join().dot();
                int p = store.partitioner().partitionOf(k);
                assertTrue(issued.add(p + "/" + d));
                highest.merge(p, d.counter(), Math::max);
            }
            store.snapshot(); // counters must come back from a snapshot as well as from logs
            store.put(utf8("k0"), utf8("w"), VersionVector.EMPTY).join();
        }
        try (CoordinatedStore store = CoordinatedStore.open(options(dir))) {
            assertEquals(actor, store.actor());
            for (int i = 0; i < 300; i++) {
                byte[] k = utf8("k" + i);
                Dot d = store.put(k, utf8("again"), VersionVector.EMPTY).join().dot();
                int p = store.partitioner().partitionOf(k);
                assertTrue(issued.add(p + "/" + d), "dot reissued in partition " + p + ": " + d);
                assertTrue(d.counter() > highest.get(p), d.toString());
            }
        }
    }

    @Test
    void anUncleanShutdownTakesANewIncarnationAndKeepsTheData() throws IOException {
        Path dir = tmp.resolve("d");
        Path crashed;
        Actor before;
        Dot written;
        try (CoordinatedStore store = CoordinatedStore.open(options(dir))) {
            before = store.actor();
            written = store.put(utf8("k"), utf8("v"), VersionVector.EMPTY).join().dot();
            crashed = DataDirFiles.crashCopy(dir, tmp.resolve("crashed"));
        }
        Actor after;
        try (CoordinatedStore store = CoordinatedStore.open(options(crashed))) {
            after = store.actor();
            assertEquals(before.nodeId(), after.nodeId());
            assertNotEquals(before.incarnation(), after.incarnation());
            assertTrue(store.get(utf8("k")).holdsOrCovers(written));
            Dot d = store.put(utf8("k"), utf8("w"), VersionVector.EMPTY).join().dot();
            assertEquals(new Dot(after, 1), d);
        }
        try (CoordinatedStore store = CoordinatedStore.open(options(crashed))) {
            assertEquals(after, store.actor(), "the new incarnation is kept across a clean restart");
            assertEquals(2, store.get(utf8("k")).siblingCount());
        }
    }

    @Test
    void aCleanShutdownWhoseLogLostItsLastRecordStillNeverReissuesThatDot() throws IOException {
        Path dir = tmp.resolve("d");
        Dot lost;
        try (CoordinatedStore store = CoordinatedStore.open(onePartition(dir))) {
            for (int i = 0; i < 4; i++) {
                store.put(utf8("k" + i), utf8("v"), VersionVector.EMPTY).join();
            }
            lost = store.put(utf8("last"), utf8("v"), VersionVector.EMPTY).join().dot();
        }
        Path log = dir.resolve("log.0");
        List<DataDirFiles.LoggedRecord> records = DataDirFiles.records(log);
        DataDirFiles.truncate(log, records.get(records.size() - 1).offset() + 3);
        try (CoordinatedStore store = CoordinatedStore.open(onePartition(dir))) {
            assertEquals(4, store.keyCount());
            Dot next = store.put(utf8("other"), utf8("x"), VersionVector.EMPTY).join().dot();
            assertNotEquals(lost, next, "a dot other replicas may hold was issued again for another write");
            assertNotEquals(lost.actor(), store.actor());
        }
    }

    @Test
    void aStoreWithAnotherPartitionCountIsRefused() throws IOException {
        Path dir = tmp.resolve("d");
        CoordinatedStore.open(options(dir)).close();
        IOException e = assertThrows(IOException.class, () -> CoordinatedStore.open(onePartition(dir)));
        assertTrue(e.getMessage().contains("64 partitions"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "node.id=n1\nincarnation=1f\n",
        "node.id=n1\nincarnation=xyz\npartitions=64\n",
        "node.id=n1\nincarnation=1f\npartitions=sixty\n",
        "node.id=n1\nincarnation=1f\npartitions=0\n",
        "node.id=bad id!\nincarnation=1f\npartitions=64\n",
        "node.id=n1\nincarnation=\\uZZZZ\npartitions=64\n",
        "\u0000\u00ff\u0013garbage\\u12"
    })
    void aCorruptNodeMetaIsRefusedWithAnErrorNamingTheFile(String content) throws IOException {
        Path dir = tmp.resolve("d");
        CoordinatedStore.open(options(dir)).close();
        Files.writeString(dir.resolve("node.meta"), content, StandardCharsets.ISO_8859_1);
        IOException e = assertThrows(IOException.class, () -> CoordinatedStore.open(options(dir)));
        assertTrue(e.getMessage().contains("node.meta"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("node.meta.tmp")));
        Files.delete(dir.resolve("node.meta")); // the directory is still usable once the file is fixed
        try (CoordinatedStore store = CoordinatedStore.open(options(dir))) {
            assertEquals("n1", store.actor().nodeId());
        }
    }
}
