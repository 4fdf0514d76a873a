package io.vkv.node.storage;

import io.vkv.node.version.Actor;
import io.vkv.node.version.KeyState;
import io.vkv.node.version.VersionVector;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * What the server needs from a replica's data: reads, causally tagged writes, range scans and the
 * merge of remote states. Write futures complete once the change is durable under the fsync policy;
 * invalid keys or values throw {@link InvalidRequestException} before anything is written. Writes take
 * ownership of the key and value arrays (every caller decodes fresh ones from a request or batch, so
 * copying them again would double the cost of a 1 MiB value): callers must not modify them afterwards.
 */
public interface Store extends AutoCloseable {

    /** The actor this store issues dots as. */
    Actor actor();

    /** The current state of {@code key} (never null: {@link KeyState#EMPTY} when never written). */
    KeyState get(byte[] key);

    /** Writes {@code value} with the client's causal {@code context} ({@link VersionVector#EMPTY} for a blind write). */
    CompletableFuture<WriteResult> put(byte[] key, byte[] value, VersionVector context);

    /** Writes a tombstone with the client's causal {@code context}. */
    CompletableFuture<WriteResult> delete(byte[] key, VersionVector context);

    /**
     * Keys in {@code [from, to)} in unsigned byte order, at most {@code limit}; a null bound is open.
     * Keys whose siblings are all tombstones are included: callers decide whether to show them.
     */
    List<Entry> scan(byte[] from, byte[] to, int limit);

    /** Merges a state received from another replica; completes with the key's new state once durable. */
    CompletableFuture<KeyState> merge(byte[] key, KeyState remote);

    /** Number of keys held (tombstoned keys included). */
    long keyCount();

    /** Registers a listener told of every change applied to memory, local or remote. */
    void addListener(ChangeListener listener);

    /** Stops accepting writes, waits for pending ones to become durable, and releases files. */
    @Override
    void close();

    /** One key and its state, as returned by scans. */
    record Entry(Key key, KeyState state) {
    }

    /** The outcome of a local write: the dot issued and the key's state after it. */
    record WriteResult(Key key, io.vkv.node.version.Dot dot, KeyState state) {

        /** The context to return to the client: covers everything in the state. */
        public VersionVector context() {
            return state.context();
        }
    }
}
