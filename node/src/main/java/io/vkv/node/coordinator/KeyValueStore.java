package io.vkv.node.coordinator;

import io.vkv.node.storage.Key;
import io.vkv.node.storage.ReplicaStore;
import io.vkv.node.version.Actor;
import io.vkv.node.version.Dot;
import io.vkv.node.version.KeyState;
import io.vkv.node.version.VersionVector;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * What the client-facing services need: reads, causally tagged writes and ordered scans. Write futures
 * complete once the write is durable; an invalid key or value throws
 * {@link io.vkv.node.storage.InvalidRequestException} before anything is written. Key and value arrays
 * are owned by the store from then on.
 */
public interface KeyValueStore {

    /** The actor writes coordinated here are issued as. */
    Actor actor();

    /** The current state of {@code key} (never null: {@link KeyState#EMPTY} when never written). */
    KeyState get(byte[] key);

    /** Writes {@code value} with the client's causal {@code context} ({@link VersionVector#EMPTY} for a blind write). */
    CompletableFuture<WriteResult> put(byte[] key, byte[] value, VersionVector context);

    /** Writes a tombstone with the client's causal {@code context}. */
    CompletableFuture<WriteResult> delete(byte[] key, VersionVector context);

    /** Writes a tombstone with the client's causal {@code context} and erases the key's history up to it on every replica. */
    CompletableFuture<WriteResult> erase(byte[] key, VersionVector context);

    /** Keeps only the key's latest version, here and (once shipped) on every replica; issues no dot ({@code WriteResult.dot} is null). */
    CompletableFuture<WriteResult> trim(byte[] key);

    /** Keys in {@code [from, to)} in unsigned byte order, at most {@code limit}; a null or empty bound is open. */
    List<ReplicaStore.Entry> scan(byte[] from, byte[] to, int limit);

    /** Number of keys held here (tombstoned keys included). */
    long keyCount();

    /** The outcome of a write: the dot issued (null for a trim) and the key's state after it. */
    record WriteResult(Key key, Dot dot, KeyState state) {

        /** The context to return to the client: covers everything in the state. */
        public VersionVector context() {
            return state.context();
        }
    }
}
