package io.vkv.node.storage;

import io.vkv.node.runtime.Clock;
import io.vkv.node.runtime.Threads;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes snapshots (docs/architecture.md, "Persistence"): rotate the log to {@code log.X}, write memory to {@code snap.X}
 * while writes go on, then keep only the newest 3 snapshots and the logs they need (3 logs).
 */
final class Snapshots implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Snapshots.class);
    /** How many snapshots (and so logs) are kept. */
    static final int KEEP = 3;

    private final DataDirectory dir;
    private final Clock clock;
    private final MemoryStore memory;
    private final LongFunction<CompletableFuture<Void>> rotateLog;
    private final ScheduledExecutorService scheduler;
    private final AtomicLong changes = new AtomicLong();
    private long next;
    private boolean closed;
    private final StoreObserver observer;

    Snapshots(DataDirectory dir, MemoryStore memory, LongFunction<CompletableFuture<Void>> rotateLog,
              long lastLog, Duration interval, Threads threads, Clock clock, StoreObserver observer) throws IOException {
        this.observer = observer;
        this.dir = dir;
        this.clock = clock;
        this.memory = memory;
        this.rotateLog = rotateLog;
        List<Long> snaps = dir.snapshots();
        this.next = Math.max(lastLog, snaps.isEmpty() ? 0 : snaps.get(snaps.size() - 1)) + 1;
        if (interval.isZero()) {
            this.scheduler = null;
        } else {
            this.scheduler = Executors.newSingleThreadScheduledExecutor(threads.factory("snapshots"));
            long ms = interval.toMillis();
            scheduler.scheduleWithFixedDelay(this::periodic, ms, ms, TimeUnit.MILLISECONDS);
        }
    }

    /** Counts a change, so that an idle node does not take pointless snapshots. */
    void changed() {
        changes.incrementAndGet();
    }

    private void periodic() {
        if (changes.get() == 0) {
            return;
        }
        try {
            take();
        } catch (StoreClosedException e) {
            // the store is closing: no snapshot is due
        } catch (IOException | RuntimeException e) {
            LOG.error("snapshot failed, will retry at the next interval: {}", e.toString());
        }
    }

    /** Rotates the log, writes a snapshot of memory, applies retention; returns the snapshot number. */
    synchronized long take() throws IOException {
        if (closed) {
            throw new StoreClosedException("the store is closed: no more snapshots");
        }
        long x = next;
        long started = clock.nanos();
        changes.set(0);
        rotateLog.apply(x).join();
        next = x + 1; // only a rotation uses up a number, so that the logs stay consecutive (Recovery checks)
        long entries = SnapshotFile.write(dir.partialSnapshot(x), dir.snapshot(x), memory.entries());
        retain();
        long took = clock.nanos() - started;
        observer.snapshotTaken(entries, took);
        LOG.info("snapshot snap.{} written: {} keys in {} ms", x, entries, took / 1_000_000);
        return x;
    }

    /** Keeps the newest {@link #KEEP} snapshots and the logs from the oldest kept one on. */
    private void retain() throws IOException {
        List<Long> snaps = dir.snapshots();
        if (snaps.size() < KEEP) {
            return;
        }
        long oldestKept = snaps.get(snaps.size() - KEEP);
        for (long s : snaps) {
            if (s < oldestKept) {
                Files.deleteIfExists(dir.snapshot(s));
            }
        }
        for (long l : dir.logs()) {
            if (l < oldestKept) {
                Files.deleteIfExists(dir.log(l));
            }
        }
        DataDirectory.syncDirectory(dir.path());
    }

    @Override
    public void close() {
        if (scheduler != null) {
            scheduler.shutdown();
            try {
                if (!scheduler.awaitTermination(60, TimeUnit.SECONDS)) {
                    LOG.warn("a snapshot is still being written after 60 s; closing without waiting for it");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (this) {
            closed = true; // waits for a snapshot taken on another thread to finish before the files close
        }
    }
}
