package io.vkv.node.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vkv.node.coordinator.KeyValueStore;
import io.vkv.node.testing.CoordinatedStore;
import io.vkv.node.version.KeyState;
import io.vkv.node.version.Sibling;
import io.vkv.node.version.VersionVector;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeStoreTest {

    @TempDir
    Path dir;

    private CoordinatedStore open() throws IOException {
        return CoordinatedStore.open(StorageOptions.defaults(dir, "n1"));
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void droppingAPartitionForgetsExactlyItsKeysAlsoAfterARestart() throws IOException {
        int target;
        List<String> kept = new ArrayList<>();
        List<String> dropped = new ArrayList<>();
        try (CoordinatedStore store = open()) {
            target = store.partitioner().partitionOf(b("key-0"));
            for (int i = 0; i < 200; i++) {
                String k = "key-" + i;
                store.put(b(k), b("v" + i), VersionVector.EMPTY).join();
                (store.partitioner().partitionOf(b(k)) == target ? dropped : kept).add(k);
            }
            assertEquals(dropped.size(), store.replicas().dropPartition(target));
            assertEquals(kept.size(), store.keyCount());
        }
        try (CoordinatedStore store = open()) {
            assertEquals(kept.size(), store.keyCount(), "the dropped keys stay dropped after recovery");
            for (String k : dropped) {
                assertEquals(KeyState.EMPTY, store.get(b(k)), k);
            }
            for (String k : kept) {
                assertEquals(1, store.get(b(k)).siblingCount(), k);
            }
        }
    }

    @Test
    void droppingAPartitionThatDoesNotExistIsRefused() throws IOException {
        try (CoordinatedStore store = open()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> store.replicas().dropPartition(64));
            assertEquals("partition must be in 0..63, got 64", e.getMessage());
        }
    }

    @Test
    void aPutIsReadBackWithItsClock() throws IOException {
        try (CoordinatedStore store = open()) {
            KeyValueStore.WriteResult w = store.put(b("k"), b("v"), VersionVector.EMPTY).join();
            KeyState s = store.get(b("k"));
            assertEquals(1, s.siblingCount());
            assertEquals("v", new String(s.siblings().get(0).value(), StandardCharsets.UTF_8));
            assertEquals(w.dot(), s.siblings().get(0).dot());
            assertTrue(s.context().covers(w.dot()));
        }
    }

    @Test
    void twoPutsWithTheSameContextBothSurviveAndTheMergedContextResolvesThem() throws IOException {
        try (CoordinatedStore store = open()) {
            VersionVector ctx = store.put(b("k"), b("a"), VersionVector.EMPTY).join().context();
            store.put(b("k"), b("b"), ctx).join();
            store.put(b("k"), b("c"), ctx).join();
            KeyState s = store.get(b("k"));
            assertEquals(2, s.siblingCount());
            store.put(b("k"), b("d"), s.context()).join();
            assertEquals(List.of("d"), store.get(b("k")).siblings().stream().map(x -> new String(x.value(), StandardCharsets.UTF_8)).toList());
        }
    }

    @Test
    void aDeleteLeavesATombstoneThatReadsAsDeletedWithAContext() throws IOException {
        try (CoordinatedStore store = open()) {
            VersionVector ctx = store.put(b("k"), b("a"), VersionVector.EMPTY).join().context();
            store.delete(b("k"), ctx).join();
            KeyState s = store.get(b("k"));
            assertTrue(s.isDeleted());
            assertFalse(s.context().isEmpty());
        }
    }

    @Test
    void aCleanRestartKeepsDataActorAndCounters() throws IOException {
        KeyValueStore.WriteResult first;
        try (CoordinatedStore store = open()) {
            first = store.put(b("k"), b("a"), VersionVector.EMPTY).join();
        }
        try (CoordinatedStore store = open()) {
            assertEquals(first.dot().actor(), store.actor());
            KeyValueStore.WriteResult second = store.put(b("k"), b("b"), VersionVector.EMPTY).join();
            assertTrue(second.dot().counter() > first.dot().counter(), "counter reissued: " + second.dot() + " after " + first.dot());
            assertEquals(2, store.get(b("k")).siblingCount());
        }
    }

    @Test
    void scansReturnKeysInUnsignedByteOrderWithinBounds() throws IOException {
        try (CoordinatedStore store = open()) {
            for (String k : List.of("b", "a", "d", "c", "\u00e9")) {
                store.put(b(k), b(k), VersionVector.EMPTY).join();
            }
            assertEquals(List.of("b", "c"), store.scan(b("b"), b("d"), 10).stream().map(e -> e.key().toString()).toList());
            assertEquals(List.of("a", "b", "c", "d", "\u00e9"), store.scan(null, null, 10).stream().map(e -> e.key().toString()).toList());
            assertEquals(2, store.scan(null, null, 2).size());
        }
    }

    @Test
    void invalidKeysAndValuesAreRefusedWithTheLimitInTheMessage() throws IOException {
        try (CoordinatedStore store = open()) {
            assertThrows(InvalidRequestException.class, () -> store.put(new byte[0], b("v"), VersionVector.EMPTY));
            InvalidRequestException key = assertThrows(InvalidRequestException.class, () -> store.put(new byte[1025], b("v"), VersionVector.EMPTY));
            assertTrue(key.getMessage().contains("1024"), key.getMessage());
            InvalidRequestException value = assertThrows(InvalidRequestException.class, () -> store.put(b("k"), new byte[1024 * 1024 + 1], VersionVector.EMPTY));
            assertTrue(value.getMessage().contains("1048576"), value.getMessage());
            assertEquals(0, store.keyCount());
        }
    }

    @Test
    void valuesAndKeysExactlyAtTheLimitsAreAccepted() throws IOException {
        try (CoordinatedStore store = open()) {
            store.put(new byte[1024], new byte[1024 * 1024], VersionVector.EMPTY).join();
            store.put(b("empty"), new byte[0], VersionVector.EMPTY).join();
            assertEquals(0, store.get(b("empty")).siblings().get(0).value().length);
        }
        try (CoordinatedStore store = open()) {
            assertEquals(1024 * 1024, store.get(new byte[1024]).siblings().get(0).value().length);
        }
    }

    @Test
    void nullsAndBadScanLimitsAreRefusedAsInvalidRequestsAndChangeNothing() throws IOException {
        try (CoordinatedStore store = open()) {
            store.put(b("k"), b("v"), VersionVector.EMPTY).join();
            KeyState before = store.get(b("k"));
            assertMessage("context must not be null", () -> store.put(b("k"), b("v"), null));
            assertMessage("context must not be null", () -> store.delete(b("k"), null));
            assertMessage("value must not be null", () -> store.put(b("k"), null, VersionVector.EMPTY));
            assertMessage("key must not be empty", () -> store.put(null, b("v"), VersionVector.EMPTY));
            assertMessage("key must not be empty", () -> store.get(null));
            assertMessage("key must not be empty", () -> store.delete(new byte[0], VersionVector.EMPTY));
            assertMessage("key is 1025 bytes", () -> store.get(new byte[1025]));
            assertMessage("key is 1025 bytes", () -> store.merge(new byte[1025], before));
            assertMessage("state must not be null", () -> store.merge(b("k"), null));
            assertMessage("scan limit must be at least 1, got 0", () -> store.scan(null, null, 0));
            assertMessage("scan limit must be at least 1, got -5", () -> store.scan(b("a"), b("z"), -5));
            assertEquals(before, store.get(b("k")));
            assertEquals(1, store.keyCount());
        }
    }

    private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable call) {
        InvalidRequestException e = assertThrows(InvalidRequestException.class, call);
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void writesAfterCloseAreRefusedAsClosed() throws IOException {
        CoordinatedStore store = open();
        store.close();
        assertThrows(StoreClosedException.class, () -> store.put(b("k"), b("v"), VersionVector.EMPTY));
        assertThrows(StoreClosedException.class, store::snapshot);
        store.close(); // a second close is harmless
    }

    @Test
    void aSecondStoreOnTheSameDirectoryIsRefused() throws IOException {
        try (CoordinatedStore store = open()) {
            IOException e = assertThrows(IOException.class, this::open);
            assertTrue(e.getMessage().contains("in use"), e.getMessage());
        }
    }

    @Test
    void aDirectoryOfAnotherNodeIsRefused() throws IOException {
        open().close();
        IOException e = assertThrows(IOException.class, () -> CoordinatedStore.open(StorageOptions.defaults(dir, "n2")));
        assertTrue(e.getMessage().contains("belongs to node 'n1'"), e.getMessage());
    }

    @Test
    void snapshotsKeepDataAcrossRestart() throws IOException {
        try (CoordinatedStore store = open()) {
            store.put(b("a"), b("1"), VersionVector.EMPTY).join();
            store.snapshot();
            store.put(b("b"), b("2"), VersionVector.EMPTY).join();
        }
        try (CoordinatedStore store = open()) {
            assertEquals(2, store.keyCount());
            Sibling s = store.get(b("b")).siblings().get(0);
            assertEquals("2", new String(s.value(), StandardCharsets.UTF_8));
            assertNotEquals(0, s.hlc());
        }
    }
}
