package io.vkv.bench;

import io.vkv.node.coordinator.KeyValueStore;
import io.vkv.node.storage.FsyncPolicy;
import io.vkv.node.storage.StorageOptions;
import io.vkv.node.testing.CoordinatedStore;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What key history costs (plain main: it measures the disk, threads and heap):
 * <pre>
 *   HistoryBench puts [--keys 10000] [--seconds 3] [--rounds 3]   durable puts/s with history.max-versions 10 and 0,
 *                                                                  rounds alternating in one run (the ratio is the figure)
 *   HistoryBench memory [--keys 100000] [--versions 10]            heap per retained version: the same writes kept with
 *                                                                  history 10 and 0, in one JVM
 * </pre>
 * Every put writes 100 bytes over what the key holds (the context of a read), so each supersedes the previous version.
 * Each mode prints {@code RESULT key=value ...} lines.
 */
public final class HistoryBench {

    private static final int VALUE_BYTES = 100;
    private static final int WRITERS = 2;
    private static final int IN_FLIGHT = 256;

    private HistoryBench() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args.length == 0 ? "" : args[0];
        int keys = option(args, "--keys", mode.equals("memory") ? 100_000 : 10_000);
        switch (mode) {
            case "puts" -> puts(keys, option(args, "--seconds", 3), option(args, "--rounds", 3));
            case "memory" -> memory(keys, option(args, "--versions", 10));
            default -> {
                System.err.println("usage: HistoryBench puts [--keys K] [--seconds S] [--rounds R] | memory [--keys K] [--versions V]");
                System.exit(2);
            }
        }
    }

    private static int option(String[] args, String name, int fallback) {
        for (int i = 1; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return Integer.parseInt(args[i + 1]);
            }
        }
        return fallback;
    }

    private static StorageOptions options(Path dir, int history, FsyncPolicy fsync) {
        return StorageOptions.defaults(dir, "bench").withFsync(fsync).withSnapshotInterval(Duration.ZERO).withHistoryMaxVersions(history);
    }

    private static void puts(int keys, int seconds, int rounds) throws Exception {
        Path on = Files.createTempDirectory("vkv-history-on");
        Path off = Files.createTempDirectory("vkv-history-off");
        try (CoordinatedStore withHistory = CoordinatedStore.open(options(on, 10, FsyncPolicy.ALWAYS));
             CoordinatedStore without = CoordinatedStore.open(options(off, 0, FsyncPolicy.ALWAYS))) {
            measure(withHistory, keys, 2); // warm-up: JIT, page cache, and every key's history filled
            measure(without, keys, 2);
            long onPuts = 0;
            long offPuts = 0;
            for (int r = 1; r <= rounds; r++) {
                long a = measure(withHistory, keys, seconds);
                long b = measure(without, keys, seconds);
                onPuts += a;
                offPuts += b;
                System.out.printf("RESULT mode=puts round=%d history_on_per_s=%d history_off_per_s=%d%n", r, a / seconds, b / seconds);
            }
            System.out.printf("RESULT mode=puts keys=%d rounds=%d seconds=%d on_per_s=%d off_per_s=%d on_over_off=%.2f%n",
                    keys, rounds, seconds, onPuts / rounds / seconds, offPuts / rounds / seconds, (double) onPuts / offPuts);
        } finally {
            StorageBench.delete(on);
            StorageBench.delete(off);
        }
    }

    /** Durable puts in {@code seconds} from {@link #WRITERS} threads keeping {@link #IN_FLIGHT} each in flight. */
    private static long measure(CoordinatedStore store, int keys, int seconds) throws InterruptedException {
        AtomicBoolean running = new AtomicBoolean(true);
        long[] counts = new long[WRITERS];
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < WRITERS; t++) {
            int id = t;
            threads.add(new Thread(() -> counts[id] = write(store, running, keys, id), "history-bench-" + t));
        }
        threads.forEach(Thread::start);
        Thread.sleep(seconds * 1000L);
        running.set(false);
        for (Thread th : threads) {
            th.join();
        }
        long total = 0;
        for (long c : counts) {
            total += c;
        }
        return total;
    }

    /** One writer: keys of its own (so that its puts of a key never overlap), each put over what the key holds. */
    private static long write(CoordinatedStore store, AtomicBoolean running, int keys, int writer) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        ArrayDeque<CompletableFuture<KeyValueStore.WriteResult>> pending = new ArrayDeque<>();
        long acknowledged = 0;
        int next = 0;
        while (running.get() || !pending.isEmpty()) {
            if (running.get()) {
                byte[] key = ("key-" + writer + "-" + next).getBytes(StandardCharsets.UTF_8);
                next = (next + 1) % (keys / WRITERS);
                byte[] value = new byte[VALUE_BYTES];
                random.nextBytes(value);
                pending.add(store.put(key, value, store.get(key).context()));
            }
            if (pending.size() >= IN_FLIGHT || !running.get()) {
                pending.poll().join();
                acknowledged++;
            }
        }
        return acknowledged;
    }

    private static void memory(int keys, int versions) throws Exception {
        long withHistory = heldHeap(keys, versions, versions);
        long without = heldHeap(keys, versions, 0);
        long retained = (long) keys * versions;
        System.out.printf("RESULT mode=memory keys=%d versions=%d heap_on_mb=%d heap_off_mb=%d bytes_per_retained_version=%d"
                        + " value_bytes=%d%n", keys, versions, withHistory >> 20, without >> 20, (withHistory - without) / retained, VALUE_BYTES);
    }

    /** Heap in use after a full GC with {@code keys} keys written {@code versions + 1} times each, keeping {@code history}. */
    private static long heldHeap(int keys, int versions, int history) throws Exception {
        Path dir = Files.createTempDirectory("vkv-history-memory");
        try (CoordinatedStore store = CoordinatedStore.open(options(dir, history, FsyncPolicy.NEVER))) {
            for (int v = 0; v <= versions; v++) {
                List<CompletableFuture<?>> window = new ArrayList<>(4096);
                for (int i = 0; i < keys; i++) {
                    byte[] key = String.format("key-%08d", i).getBytes(StandardCharsets.UTF_8);
                    byte[] value = new byte[VALUE_BYTES];
                    ThreadLocalRandom.current().nextBytes(value);
                    window.add(store.put(key, value, store.get(key).context()));
                    if (window.size() == 4096) {
                        window.forEach(CompletableFuture::join);
                        window.clear();
                    }
                }
                window.forEach(CompletableFuture::join);
            }
            for (int i = 0; i < 3; i++) {
                System.gc();
            }
            return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        } finally {
            StorageBench.delete(dir);
        }
    }
}
