package io.vkv.node.storage;

import io.vkv.node.version.Actor;
import io.vkv.placement.KeyPartitioner;
import io.vkv.node.version.KeyState;
import io.vkv.node.version.WriteStep;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * One replica's data: reads, merges of states from other replicas, writes computed from a key's current
 * state, ordered scans, and dropping a partition. It knows nothing of dots, clocks or the write rule (the
 * coordinator above it does). Futures complete once the change is durable under the fsync policy. Keys
 * and states given to it are owned by it from then on (callers decode fresh arrays; copying a 1 MiB value
 * again would double its cost): callers must not modify them afterwards.
 */
public interface ReplicaStore extends AutoCloseable {

    /** The actor this replica's data directory belongs to (its incarnation changes after an unclean stop). */
    Actor actor();

    /** How keys map to partitions here: the cluster's Q, fixed when it was created. */
    KeyPartitioner partitioner();

    /** True when {@link #actor()} was drawn at this opening: it has issued no dots yet. */
    boolean actorIsNew();

    /** The current state of {@code key} (never null: {@link KeyState#EMPTY} when never written). */
    KeyState get(byte[] key);

    /**
     * Runs {@code step} on the key's current state while no other change to the key can run, then applies
     * the step's new state to memory and logs its delta; completes with the outcome once durable.
     */
    CompletableFuture<WriteStep.Outcome> write(byte[] key, Function<KeyState, WriteStep.Outcome> step);

    /** Merges a state received from another replica; completes with the key's new state once durable. */
    CompletableFuture<KeyState> merge(byte[] key, KeyState remote);

    /**
     * Merges many states received from another replica (a replication batch) with one append to the log;
     * completes with the number of keys that changed once all of them are durable.
     */
    CompletableFuture<Integer> mergeAll(List<Entry> remote);

    /**
     * Keys in {@code [from, to)} in unsigned byte order, at most {@code limit}; a null or empty bound is
     * open. Keys whose siblings are all tombstones are included: callers decide whether to show them.
     */
    List<Entry> scan(byte[] from, byte[] to, int limit);

    /**
     * Forgets every key of {@code partition} (the ring moved it elsewhere) and takes a snapshot so the
     * keys stay forgotten after a restart; returns how many keys were dropped. The caller stops routing
     * changes of the partition here first.
     */
    long dropPartition(int partition) throws IOException;

    /** Number of keys held (tombstoned keys included). */
    long keyCount();

    /** Registers a listener told of every change once durable, local or remote. */
    void addListener(ChangeListener listener);

    /** Removes a listener added earlier. */
    void removeListener(ChangeListener listener);

    /** Stops accepting changes, waits for pending ones to become durable, and releases files. */
    @Override
    void close();

    /** One key and its state, as returned by scans. */
    record Entry(Key key, KeyState state) {
    }
}
