package io.vkv.node.storage;

import static io.vkv.node.storage.DataDirFiles.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vkv.node.coordinator.KeyValueStore;
import io.vkv.node.testing.CoordinatedStore;
import io.vkv.node.version.Dot;
import io.vkv.node.version.KeyState;
import io.vkv.node.version.Sibling;
import io.vkv.node.version.VersionVector;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Many writers at once: no acknowledged write is lost, and snapshots taken meanwhile lose nothing. */
class NodeStoreConcurrencyTest {

    private static final int THREADS = 8;

    @TempDir
    Path tmp;

    private final ExecutorService pool = Executors.newCachedThreadPool();

    /** An acknowledged write: its key, its dot and the context it was written with. */
    private record Ack(String key, Dot dot, VersionVector past) {
    }

    @AfterEach
    void stopThreads() throws InterruptedException {
        pool.shutdownNow();
        assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
    }

    private static StorageOptions options(Path dir) {
        return StorageOptions.defaults(dir, "n1").withSnapshotInterval(Duration.ZERO);
    }

    private void runAll(List<Runnable> tasks) throws Exception {
        List<Future<?>> running = new ArrayList<>();
        for (Runnable r : tasks) {
            running.add(pool.submit(r));
        }
        for (Future<?> f : running) {
            f.get(120, TimeUnit.SECONDS);
        }
    }

    private static Map<String, KeyState> statesOf(CoordinatedStore store) {
        Map<String, KeyState> out = new HashMap<>();
        for (ReplicaStore.Entry e : store.scan(null, null, Integer.MAX_VALUE)) {
            out.put(e.key().toString(), e.state());
        }
        return out;
    }

    @Test
    void writersWithContextsOnSharedAndOwnKeysLoseNoAcknowledgedDot() throws Exception {
        Path dir = tmp.resolve("d");
        ConcurrentLinkedQueue<Ack> acks = new ConcurrentLinkedQueue<>();
        Map<String, KeyState> before;
        try (CoordinatedStore store = CoordinatedStore.open(options(dir))) {
            List<Runnable> writers = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                writers.add(() -> {
                    Random random = new Random(thread);
                    for (int i = 0; i < 300; i++) {
                        String key = random.nextInt(3) == 0 ? "own-" + thread : "shared-" + random.nextInt(3);
                        // Mostly read-modify-write; sometimes a blind write or a stale context, which must leave siblings.
                        VersionVector ctx = switch (random.nextInt(5)) {
                            case 0 -> VersionVector.EMPTY;
                            default -> store.get(utf8(key)).context();
                        };
                        KeyValueStore.WriteResult w = i % 17 == 16
                                ? store.delete(utf8(key), ctx).join()
                                : store.put(utf8(key), utf8(thread + "/" + i), ctx).join();
                        acks.add(new Ack(key, w.dot(), ctx));
                    }
                });
            }
            runAll(writers);
            before = statesOf(store);
        }
        Map<String, List<Ack>> byKey = new HashMap<>();
        acks.forEach(a -> byKey.computeIfAbsent(a.key(), k -> new ArrayList<>()).add(a));
        assertEquals(THREADS * 300, acks.size());
        for (Map.Entry<String, List<Ack>> e : byKey.entrySet()) {
            KeyState state = before.get(e.getKey());
            List<Ack> writes = e.getValue();
            Set<Dot> dots = new HashSet<>();
            VersionVector pasts = VersionVector.EMPTY;
            for (Ack a : writes) {
                assertTrue(dots.add(a.dot()), "dot issued twice on " + e.getKey() + ": " + a.dot());
                pasts = pasts.join(a.past());
            }
            Set<Dot> siblings = new HashSet<>();
            for (Sibling s : state.siblings()) {
                siblings.add(s.dot());
                assertTrue(dots.contains(s.dot()), "sibling " + s.dot() + " was never acknowledged");
            }
            for (Ack a : writes) {
                boolean obsoleted = writes.stream().anyMatch(later -> later.past().covers(a.dot()));
                assertTrue(siblings.contains(a.dot()) != obsoleted,
                        a.dot() + " on " + e.getKey() + ": a write is a sibling exactly when no acknowledged context covers it");
            }
            assertEquals(pasts, state.covered(), "covered is the join of every context written with");
        }
        try (CoordinatedStore store = CoordinatedStore.open(options(dir))) {
            assertEquals(before, statesOf(store));
        }
    }

    @Test
    void snapshotsTakenWhileWritersRunLoseNothingAfterACleanOrACrashedRestart() throws Exception {
        Path dir = tmp.resolve("d");
        Path crashed = tmp.resolve("crashed");
        Map<String, KeyState> before;
        AtomicInteger snapshots = new AtomicInteger();
        try (CoordinatedStore store = CoordinatedStore.open(options(dir))) {
            AtomicBoolean writing = new AtomicBoolean(true);
            CountDownLatch started = new CountDownLatch(1);
            List<Runnable> tasks = new ArrayList<>();
            tasks.add(() -> {
                started.countDown();
                try {
                    while (writing.get()) {
                        store.snapshot();
                        snapshots.incrementAndGet();
                    }
                } catch (IOException e) {
                    throw new CompletionException(e);
                }
            });
            List<Runnable> writers = new ArrayList<>();
            AtomicInteger done = new AtomicInteger();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                writers.add(() -> {
                    awaitQuietly(started);
                    List<CompletableFuture<KeyValueStore.WriteResult>> pending = new ArrayList<>();
                    for (int i = 0; i < 2500; i++) {
                        String key = "k" + ((i * 7 + thread * 1000) % 4000);
                        pending.add(store.put(utf8(key), utf8(thread + "/" + i), store.get(utf8(key)).context()));
                        if (pending.size() == 64) {
                            pending.forEach(CompletableFuture::join);
                            pending.clear();
                        }
                    }
                    pending.forEach(CompletableFuture::join);
                    if (done.incrementAndGet() == THREADS) {
                        writing.set(false);
                    }
                });
            }
            tasks.addAll(writers);
            runAll(tasks);
            before = statesOf(store);
            DataDirFiles.crashCopy(dir, crashed);
        }
        assertTrue(snapshots.get() >= 1);
        assertEquals(4000, before.size());
        try (CoordinatedStore store = CoordinatedStore.open(options(dir))) {
            assertEquals(before, statesOf(store));
        }
        try (CoordinatedStore store = CoordinatedStore.open(options(crashed))) {
            assertEquals(before, statesOf(store));
        }
    }

    @Test
    void closingWhileWritesAndSnapshotsRunEndsThemCleanlyAndKeepsEveryAcknowledgedWrite() throws Exception {
        Path dir = tmp.resolve("d");
        Map<String, byte[]> acknowledged = new ConcurrentHashMap<>();
        AtomicInteger refusedSnapshots = new AtomicInteger();
        CoordinatedStore store = CoordinatedStore.open(options(dir));
        CountDownLatch enough = new CountDownLatch(2000);
        List<Future<?>> running = new ArrayList<>();
        running.add(pool.submit(() -> {
            while (true) {
                try {
                    store.snapshot();
                } catch (StoreClosedException e) {
                    refusedSnapshots.incrementAndGet();
                    return null;
                }
            }
        }));
        for (int t = 0; t < 4; t++) {
            int thread = t;
            running.add(pool.submit(() -> {
                for (int i = 0; ; i++) {
                    String key = "t" + thread + "-" + i;
                    byte[] value = utf8("v" + i);
                    try {
                        store.put(utf8(key), value, VersionVector.EMPTY).join();
                    } catch (StoreClosedException | CompletionException e) {
                        return null;
                    }
                    acknowledged.put(key, value);
                    enough.countDown();
                }
            }));
        }
        assertTrue(enough.await(60, TimeUnit.SECONDS));
        store.close();
        for (Future<?> f : running) {
            f.get(60, TimeUnit.SECONDS);
        }
        assertEquals(1, refusedSnapshots.get());
        try (CoordinatedStore reopened = CoordinatedStore.open(options(dir))) {
            assertEquals(store.actor(), reopened.actor(), "the close was clean");
            acknowledged.forEach((k, v) -> assertFalse(reopened.get(utf8(k)).values().isEmpty(), k));
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
