package io.vkv.node.testing;

import io.vkv.node.coordinator.Coordinator;
import io.vkv.node.coordinator.KeyValueStore.WriteResult;
import io.vkv.placement.KeyPartitioner;
import io.vkv.node.runtime.Clock;
import io.vkv.node.runtime.NodeRuntime;
import io.vkv.node.storage.ChangeListener;
import io.vkv.node.storage.DurableStore;
import io.vkv.node.storage.ReplicaStore;
import io.vkv.node.storage.StorageOptions;
import io.vkv.node.version.Actor;
import io.vkv.node.version.KeyState;
import io.vkv.node.version.VersionVector;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A durable replica store with the coordinator a node puts over it, opened the way {@code VkvNode} opens
 * them: what storage tests and benchmarks write through, so they drive the production write path.
 */
public final class CoordinatedStore implements AutoCloseable {

    private final DurableStore store;
    private final Coordinator coordinator;

    private CoordinatedStore(DurableStore store, Clock clock) {
        this.store = store;
        this.coordinator = new Coordinator(store, store.partitioner(), store.options().limits(), clock);
    }

    /** Opens (recovering) the store in {@code options.dataDir()} on the machine's clock, randomness and threads. */
    public static CoordinatedStore open(StorageOptions options) throws IOException {
        return open(options, NodeRuntime.system(options.nodeId()));
    }

    /** Opens (recovering) the store in {@code options.dataDir()} with the given time, randomness and threads. */
    public static CoordinatedStore open(StorageOptions options, NodeRuntime runtime) throws IOException {
        DurableStore store = DurableStore.open(options, runtime);
        try {
            return new CoordinatedStore(store, runtime.clock());
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    public DurableStore replicas() {
        return store;
    }

    public Coordinator coordinator() {
        return coordinator;
    }

    public Actor actor() {
        return coordinator.actor();
    }

    public KeyState get(byte[] key) {
        return coordinator.get(key);
    }

    public CompletableFuture<WriteResult> put(byte[] key, byte[] value, VersionVector context) {
        return coordinator.put(key, value, context);
    }

    public CompletableFuture<WriteResult> delete(byte[] key, VersionVector context) {
        return coordinator.delete(key, context);
    }

    public List<ReplicaStore.Entry> scan(byte[] from, byte[] to, int limit) {
        return coordinator.scan(from, to, limit);
    }

    public CompletableFuture<KeyState> merge(byte[] key, KeyState remote) {
        return store.merge(key, remote);
    }

    public long snapshot() throws IOException {
        return store.snapshot();
    }

    public long keyCount() {
        return store.keyCount();
    }

    public KeyPartitioner partitioner() {
        return store.partitioner();
    }

    public Path dataDir() {
        return store.dataDir();
    }

    public StorageOptions options() {
        return store.options();
    }

    public void addListener(ChangeListener listener) {
        store.addListener(listener);
    }

    public void removeListener(ChangeListener listener) {
        store.removeListener(listener);
    }

    @Override
    public void close() {
        store.close();
    }
}
