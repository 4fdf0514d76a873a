package io.vkv.node.storage;
import static io.vkv.node.storage.DataDirFiles.utf8;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.protobuf.ByteString;
import io.vkv.node.coordinator.KeyValueStore;
import io.vkv.node.runtime.Clock;
import io.vkv.node.runtime.Threads;
import io.vkv.node.testing.CoordinatedStore;
import io.vkv.node.version.Actor;
import io.vkv.node.version.VersionVector;
import io.vkv.proto.internal.KeyStateProto;
import io.vkv.proto.internal.LogRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The operation log under each fsync policy, across rotation and close, and after an I/O failure. */
class OperationLogTest {

    private static final Path DEV_FULL = Path.of("/dev/full"); // every write fails with ENOSPC

    @TempDir
    Path tmp;

    private static byte[] record(String key) {
        return LogRecordFormat.frame(LogRecord.newBuilder()
                .setKey(ByteString.copyFromUtf8(key))
                .setState(KeyStateProto.getDefaultInstance())
                .build()
                .toByteArray());
    }

    private static List<String> keysIn(Path log) throws IOException {
        return DataDirFiles.records(log).stream().map(DataDirFiles.LoggedRecord::key).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"always", "interval:20", "never"})
    void everyPolicyCompletesConcurrentAppendsAndKeepsThemAfterClose(String policy) throws Exception {
        Path file = tmp.resolve("log.0");
        List<CompletableFuture<Void>> futures = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (OperationLog log = new OperationLog(file, FsyncPolicy.parse(policy), Threads.daemon("test"), Clock.system())) {
            List<Future<List<CompletableFuture<Void>>>> perThread = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                perThread.add(pool.submit(() -> {
                    List<CompletableFuture<Void>> mine = new ArrayList<>();
                    for (int i = 0; i < 500; i++) {
                        mine.add(log.append(record("t" + thread + "-" + i)));
                    }
                    return mine;
                }));
            }
            for (var f : perThread) {
                futures.addAll(f.get());
            }
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        } finally {
            pool.shutdown();
        }
        List<String> keys = keysIn(file);
        assertEquals(2000, keys.size());
        assertEquals(2000, new HashSet<>(keys).size());
        for (int t = 0; t < 4; t++) {
            String prefix = "t" + t + "-";
            List<String> mine = keys.stream().filter(k -> k.startsWith(prefix)).toList();
            for (int i = 0; i < mine.size(); i++) {
                assertEquals(prefix + i, mine.get(i), "one thread's records stay in order");
            }
        }
    }

    @Test
    void underIntervalALoneAppendCompletesWithoutWaitingForMoreTraffic() throws Exception {
        try (OperationLog log = new OperationLog(tmp.resolve("log.0"), FsyncPolicy.interval(Duration.ofHours(1)), Threads.daemon("test"), Clock.system())) {
            log.append(record("alone")).get(30, TimeUnit.SECONDS);
        }
        assertEquals(List.of("alone"), keysIn(tmp.resolve("log.0")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"always", "interval:20", "never"})
    void everyPolicyKeepsTheStoreAcrossARestart(String policy) throws IOException {
        StorageOptions options = StorageOptions.defaults(tmp, "n1").withFsync(FsyncPolicy.parse(policy)).withSnapshotInterval(Duration.ZERO);
        Actor actor;
        List<CompletableFuture<KeyValueStore.WriteResult>> writes = new ArrayList<>();
        try (CoordinatedStore store = CoordinatedStore.open(options)) {
            actor = store.actor();
            for (int i = 0; i < 300; i++) {
                writes.add(store.put(utf8("k" + i), utf8("v" + i), VersionVector.EMPTY));
            }
            writes.forEach(CompletableFuture::join);
        }
        try (CoordinatedStore store = CoordinatedStore.open(options)) {
            assertEquals(actor, store.actor());
            assertEquals(300, store.keyCount());
            for (CompletableFuture<KeyValueStore.WriteResult> w : writes) {
                KeyValueStore.WriteResult r = w.join();
                assertEquals(r.state(), store.get(r.key().bytes()));
            }
        }
    }

    @Test
    void aRotationSplitsRecordsBetweenTheFilesInQueueOrder() throws Exception {
        Path first = tmp.resolve("log.0");
        Path second = tmp.resolve("log.1");
        try (OperationLog log = new OperationLog(first, FsyncPolicy.ALWAYS, Threads.daemon("test"), Clock.system())) {
            CompletableFuture<Void> a = log.append(record("a"));
            CompletableFuture<Void> rotated = log.rotate(second);
            CompletableFuture<Void> b = log.append(record("b"));
            CompletableFuture.allOf(a, rotated, b).get(30, TimeUnit.SECONDS);
            assertEquals(second, log.file());
        }
        assertEquals(List.of("a"), keysIn(first));
        assertEquals(List.of("b"), keysIn(second));
    }

    @Test
    void appendsAfterCloseFailAsClosed() throws IOException {
        OperationLog log = new OperationLog(tmp.resolve("log.0"), FsyncPolicy.ALWAYS, Threads.daemon("test"), Clock.system());
        log.close();
        CompletionException e = assertThrows(CompletionException.class, () -> log.append(record("late")).join());
        assertInstanceOf(StoreClosedException.class, e.getCause());
        assertTrue(log.healthy());
    }

    @ParameterizedTest
    @ValueSource(strings = {"always", "interval:20", "never"})
    void afterAnIoFailureEveryAppendFailsFastWithTheCause(String policy) throws Exception {
        assumeTrue(Files.isWritable(DEV_FULL), "needs /dev/full to make writes fail");
        Path file = Files.createSymbolicLink(tmp.resolve("log.0"), DEV_FULL);
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        try (OperationLog log = new OperationLog(file, FsyncPolicy.parse(policy), Threads.daemon("test"), Clock.system())) {
            Thread writer = Thread.getAllStackTraces().keySet().stream().filter(t -> !before.contains(t) && t.getName().equals("vkv-oplog-writer-test")).findFirst().orElseThrow();
            ExecutionException first = assertThrows(ExecutionException.class, () -> log.append(record("a")).get(30, TimeUnit.SECONDS));
            assertInstanceOf(UncheckedIOException.class, first.getCause());
            assertTrue(first.getCause().getMessage().contains("No space left on device"), first.getCause().getMessage());
            assertFalse(log.healthy());

            CompletableFuture<Void> second = log.append(record("b"));
            assertTrue(second.isCompletedExceptionally(), "refused at once, not queued");
            String message = assertThrows(CompletionException.class, second::join).getCause().getMessage();
            assertTrue(message.contains(file.toString()) && message.contains("refusing writes") && message.contains("No space left"), message);
            // A failed log idles: the writer waits for work instead of retrying a sync on a dead file.
            await().atMost(Duration.ofSeconds(10)).until(() -> writer.getState() == Thread.State.WAITING);
        }
    }

    @Test
    void aStoreWhoseLogFailsRefusesWritesWithoutChangingMemoryAndIsNotMarkedClean() throws IOException {
        assumeTrue(Files.isWritable(DEV_FULL), "needs /dev/full to make writes fail");
        Path dir = tmp.resolve("d");
        StorageOptions options = StorageOptions.defaults(dir, "n1").withSnapshotInterval(Duration.ZERO);
        Actor actor;
        try (CoordinatedStore store = CoordinatedStore.open(options)) {
            actor = store.actor();
            store.put(utf8("kept"), utf8("v"), VersionVector.EMPTY).join();
        }
        Files.move(dir.resolve("log.0"), dir.resolve("log.0.saved"));
        Files.createSymbolicLink(dir.resolve("log.0"), DEV_FULL);
        try (CoordinatedStore store = CoordinatedStore.open(options)) {
            assertEquals(0, store.keyCount(), "log.0 now reads as empty");
            CompletionException e = assertThrows(CompletionException.class, () -> store.put(utf8("k"), utf8("v"), VersionVector.EMPTY).join());
            assertInstanceOf(UncheckedIOException.class, e.getCause());
            long keys = store.keyCount(); // the write that met the failure was applied to memory first (visible before durable)
            CompletableFuture<KeyValueStore.WriteResult> refused = store.put(utf8("k2"), utf8("v"), VersionVector.EMPTY);
            assertTrue(refused.isCompletedExceptionally());
            assertEquals(keys, store.keyCount(), "a write refused by the failed log is not applied to memory");
            assertTrue(store.get(utf8("k2")).siblings().isEmpty());
        }
        Files.delete(dir.resolve("log.0"));
        Files.move(dir.resolve("log.0.saved"), dir.resolve("log.0"));
        try (CoordinatedStore store = CoordinatedStore.open(options)) {
            assertNotEquals(actor, store.actor(), "a store closed with a failed log is not clean");
            assertEquals(1, store.keyCount());
        }
    }
}
