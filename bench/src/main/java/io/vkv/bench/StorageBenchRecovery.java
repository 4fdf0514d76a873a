package io.vkv.bench;

import io.vkv.node.storage.FsyncPolicy;
import io.vkv.node.storage.StorageOptions;
import io.vkv.node.testing.CoordinatedStore;
import io.vkv.node.version.VersionVector;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/**
 * Recovery time and heap: loads {@code keys} keys with 100-byte values, snapshots and closes, then
 * opens the directory in a fresh JVM ({@code -Xmx} given), timing the open and measuring the heap
 * in use after a full GC, so the figure is what the recovered replica holds.
 */
final class StorageBenchRecovery {

    private static final int VALUE_BYTES = 100;
    private static final int IN_FLIGHT = 4096;

    private StorageBenchRecovery() {
    }

    static void run(int keys, int versions, Path dir, String xmx) throws Exception {
        try {
            load(keys, versions, dir);
            Process child = new ProcessBuilder(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx" + xmx, "-cp", System.getProperty("java.class.path"),
                    "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                    StorageBench.class.getName(), "open", "--dir", dir.toString())
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                out.lines().forEach(line -> System.out.println(line.startsWith("RESULT ") ? line + " xmx=" + xmx : line));
            }
            if (child.waitFor() != 0) {
                System.out.println("RESULT mode=open failed exit=" + child.exitValue() + " xmx=" + xmx);
            }
        } finally {
            StorageBench.delete(dir);
        }
    }

    /** Writes every key {@code versions} times, each over the last (so history keeps the earlier ones), then snapshots. */
    private static void load(int keys, int versions, Path dir) throws Exception {
        StorageOptions options = StorageOptions.defaults(dir, "bench").withFsync(FsyncPolicy.NEVER).withSnapshotInterval(Duration.ZERO);
        long start = System.nanoTime();
        long snapshotMs;
        try (CoordinatedStore store = CoordinatedStore.open(options)) {
            Random random = new Random(42);
            List<CompletableFuture<?>> window = new ArrayList<>(IN_FLIGHT);
            for (int v = 0; v < versions; v++) {
                for (int i = 0; i < keys; i++) {
                    byte[] value = new byte[VALUE_BYTES];
                    random.nextBytes(value);
                    byte[] key = String.format("key-%08d", i).getBytes(StandardCharsets.UTF_8);
                    window.add(store.put(key, value, v == 0 ? VersionVector.EMPTY : store.get(key).context()));
                    if (window.size() == IN_FLIGHT) {
                        window.forEach(CompletableFuture::join);
                        window.clear();
                    }
                }
                window.forEach(CompletableFuture::join);
                window.clear();
            }
            long snapStart = System.nanoTime();
            store.snapshot();
            snapshotMs = (System.nanoTime() - snapStart) / 1_000_000;
        }
        long bytes;
        try (Stream<Path> files = Files.list(dir)) {
            bytes = files.filter(f -> f.getFileName().toString().startsWith("snap.")).mapToLong(f -> f.toFile().length()).sum();
        }
        System.out.printf("RESULT mode=load keys=%d versions=%d load_ms=%d snapshot_ms=%d snapshot_mb=%d%n",
                keys, versions, (System.nanoTime() - start) / 1_000_000, snapshotMs, bytes >> 20);
    }

    /** The fresh JVM's part: open (recover), then report time and heap in use. */
    static void open(Path dir) throws Exception {
        long start = System.nanoTime();
        try (CoordinatedStore store = CoordinatedStore.open(StorageOptions.defaults(dir, "bench").withSnapshotInterval(Duration.ZERO))) {
            long openMs = (System.nanoTime() - start) / 1_000_000;
            for (int i = 0; i < 3; i++) {
                System.gc();
            }
            long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            System.out.printf("RESULT mode=open keys=%d open_ms=%d heap_mb=%d%n", store.keyCount(), openMs, heap >> 20);
        }
    }
}
