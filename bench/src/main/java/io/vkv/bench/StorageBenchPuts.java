package io.vkv.bench;

import com.sun.management.OperatingSystemMXBean;
import io.vkv.node.coordinator.KeyValueStore;
import io.vkv.node.storage.FsyncPolicy;
import io.vkv.node.storage.StorageOptions;
import io.vkv.node.testing.CoordinatedStore;
import io.vkv.node.version.VersionVector;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.HdrHistogram.Histogram;

/**
 * Durable puts per second into a CoordinatedStore under fsync {@code always}: each writer thread puts
 * 100-byte values to random keys among {@code keys}, waiting for each put ({@code inFlight} 1, the
 * {@code put(...).join()} loop) or keeping up to {@code inFlight} puts outstanding. It also reports
 * the process CPU per put and, as a reference for this disk right now, the rate of a bare
 * 200-byte append plus fdatasync loop in the same directory.
 */
final class StorageBenchPuts {

    private static final int VALUE_BYTES = 100;
    private static final int WARMUP_SECONDS = 2;
    private static final int FSYNC_PROBE_SECONDS = 2;

    private StorageBenchPuts() {
    }

    static void run(int writers, int inFlight, int seconds, int keys, Path dir) throws Exception {
        Files.createDirectories(dir);
        long fsyncs = fsyncProbe(dir.resolve("fsync-probe"));
        StorageOptions options = StorageOptions.defaults(dir, "bench").withFsync(FsyncPolicy.ALWAYS).withSnapshotInterval(Duration.ZERO);
        try (CoordinatedStore store = CoordinatedStore.open(options)) {
            measure(store, writers, inFlight, WARMUP_SECONDS, keys); // JIT and page cache, not reported
            Result r = measure(store, writers, inFlight, seconds, keys);
            System.out.printf("RESULT mode=puts writers=%d in_flight=%d seconds=%d puts=%d puts_per_s=%.0f cpu_us_per_put=%.1f"
                            + " p50_us=%d p99_us=%d p999_us=%d raw_fsync_per_s=%d%n",
                    writers, inFlight, seconds, r.count, r.count / r.seconds, r.cpuNanos / 1000.0 / r.count,
                    r.latency.getValueAtPercentile(50) / 1000, r.latency.getValueAtPercentile(99) / 1000,
                    r.latency.getValueAtPercentile(99.9) / 1000, fsyncs);
        } finally {
            StorageBench.delete(dir);
        }
    }

    private record Result(long count, double seconds, long cpuNanos, Histogram latency) {
    }

    private static Result measure(CoordinatedStore store, int writers, int inFlight, int seconds, int keys) throws InterruptedException {
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        AtomicBoolean running = new AtomicBoolean(true);
        List<Thread> threads = new ArrayList<>();
        List<Histogram> histograms = new ArrayList<>();
        long[] counts = new long[writers];
        for (int t = 0; t < writers; t++) {
            int id = t;
            Histogram h = new Histogram(60_000_000_000L, 2);
            histograms.add(h);
            threads.add(new Thread(() -> counts[id] = write(store, running, inFlight, keys, h), "bench-writer-" + t));
        }
        long cpu = os.getProcessCpuTime();
        long start = System.nanoTime();
        threads.forEach(Thread::start);
        Thread.sleep(seconds * 1000L);
        running.set(false);
        for (Thread th : threads) {
            th.join();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        cpu = os.getProcessCpuTime() - cpu;
        Histogram all = new Histogram(60_000_000_000L, 2);
        histograms.forEach(all::add);
        long total = 0;
        for (long c : counts) {
            total += c;
        }
        return new Result(total, elapsed, cpu, all);
    }

    /** One writer's loop; returns the number of acknowledged puts. */
    private static long write(CoordinatedStore store, AtomicBoolean running, int inFlight, int keys, Histogram latency) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        ArrayDeque<CompletableFuture<KeyValueStore.WriteResult>> pending = new ArrayDeque<>();
        ArrayDeque<Long> issued = new ArrayDeque<>();
        long acknowledged = 0;
        while (running.get() || !pending.isEmpty()) {
            if (running.get()) {
                byte[] value = new byte[VALUE_BYTES];
                random.nextBytes(value);
                issued.add(System.nanoTime());
                pending.add(store.put(("key-" + random.nextInt(keys)).getBytes(StandardCharsets.UTF_8), value, VersionVector.EMPTY));
            }
            if (pending.size() >= inFlight || !running.get()) {
                pending.poll().join();
                latency.recordValue(System.nanoTime() - issued.poll());
                acknowledged++;
            }
        }
        return acknowledged;
    }

    /** Bare appends of 200 bytes, each followed by fdatasync, for a few seconds: appends per second. */
    private static long fsyncProbe(Path file) throws IOException {
        long n = 0;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            ByteBuffer b = ByteBuffer.allocateDirect(200);
            long end = System.nanoTime() + FSYNC_PROBE_SECONDS * 1_000_000_000L;
            while (System.nanoTime() < end) {
                b.clear();
                ch.write(b);
                ch.force(false);
                n++;
            }
        } finally {
            Files.deleteIfExists(file);
        }
        return n / FSYNC_PROBE_SECONDS;
    }
}
