package io.vkv.node.hints;

import io.vkv.node.coordinator.Coordinator;
import io.vkv.node.coordinator.KeyValueStore.WriteResult;
import io.vkv.node.runtime.NodeRuntime;
import io.vkv.node.storage.DataDirectory;
import io.vkv.node.storage.DurableStore;
import io.vkv.node.storage.Limits;
import io.vkv.node.storage.StorageOptions;
import io.vkv.node.version.VersionVector;
import io.vkv.placement.KeyPartitioner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One epoch of hints: a data directory of its own, so its writes are issued by an actor used for nothing else (a
 * fresh incarnation of the node). The epoch holds every write of that actor until all are handed off, and is then
 * deleted whole: no later write of the actor can claim an earlier one it does not hold.
 */
final class HintEpoch implements AutoCloseable {

    private final Path dir;
    private final DurableStore store;
    private final Coordinator coordinator;
    private final AtomicInteger inFlight = new AtomicInteger();

    private HintEpoch(Path dir, DurableStore store, Coordinator coordinator) {
        this.dir = dir;
        this.store = store;
        this.coordinator = coordinator;
    }

    /** Opens (recovering) or creates the epoch in {@code dir}, stored as {@code options} says but in that directory. */
    static HintEpoch open(Path dir, StorageOptions options, KeyPartitioner partitioner, Limits limits, NodeRuntime runtime) throws IOException {
        StorageOptions here = new StorageOptions(dir, options.nodeId(), options.fsync(), options.snapshotInterval(), options.partitions(), limits,
                options.historyMaxVersions());
        DurableStore store = DurableStore.open(here, runtime);
        try {
            return new HintEpoch(dir, store, new Coordinator(store, partitioner, limits, runtime.clock()));
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    /** Writes {@code value} (null: a tombstone) as a hint; the caller counts it in flight first ({@link #begin}). */
    CompletableFuture<WriteResult> write(byte[] key, byte[] value, VersionVector context) {
        CompletableFuture<WriteResult> write;
        try {
            write = value == null ? coordinator.delete(key, context) : coordinator.put(key, value, context);
        } catch (RuntimeException e) {
            inFlight.decrementAndGet();
            throw e;
        }
        return write.whenComplete((r, failure) -> inFlight.decrementAndGet());
    }

    void begin() {
        inFlight.incrementAndGet();
    }

    /** True once no write is under way: a sealed epoch is handed off only then. */
    boolean settled() {
        return inFlight.get() == 0;
    }

    DurableStore store() {
        return store;
    }

    Path dir() {
        return dir;
    }

    long keyCount() {
        return store.keyCount();
    }

    @Override
    public void close() {
        store.close();
    }

    /** Closes the epoch and deletes its directory: every hint in it was handed off. */
    void delete() {
        store.close();
        try {
            DataDirectory.delete(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete the handed-off hints in " + dir, e);
        }
    }
}
