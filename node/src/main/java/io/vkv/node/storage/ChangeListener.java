package io.vkv.node.storage;

import io.vkv.node.version.KeyState;

/** Told of each change to a key once it is durable: the delta merged and the key's state after it. */
@FunctionalInterface
public interface ChangeListener {

    /**
     * Called on the thread that completed the change; must not block.
     *
     * @param local true for a write this node coordinated, false for a merge of a remote state
     */
    void onChange(Key key, int partition, KeyState delta, KeyState state, boolean local);
}
