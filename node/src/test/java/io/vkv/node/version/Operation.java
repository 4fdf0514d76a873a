package io.vkv.node.version;

/**
 * One step in the life of a simulated cluster holding one key. Generated indices are raw and taken
 * modulo what exists when the step is replayed, so any generated (or shrunk) list is a valid history.
 */
public sealed interface Operation {

    /**
     * A client puts a value (or a tombstone) through the coordinator of {@code replica}. {@code context}
     * picks what the client sends: 0 = what it just read there, 1 = nothing (a blind write),
     * k >= 2 = a context read earlier, possibly stale, possibly at another replica;
     * negative when a test called {@link SimulatedCluster#put} with a context of its own.
     */
    record Put(int replica, int context, boolean tombstone) implements Operation {
    }

    /** A client reads at {@code replica} and keeps the context for later writes. */
    record Read(int replica) implements Operation {
    }

    /** Replica {@code from} ships its whole state for the key to {@code to}, which merges it. */
    record Replicate(int from, int to) implements Operation {
    }

    /**
     * The node of {@code replica} crashes and comes back with the state it had {@code lostChanges}
     * changes ago (a weak fsync policy lost the tail) under a new incarnation, as docs/architecture.md, "The invariant", requires.
     */
    record Restart(int replica, int lostChanges, long newIncarnation) implements Operation {
    }

    /** A client trims the key's history through the node of {@code replica}: only the latest version stays. */
    record Trim(int replica) implements Operation {
    }

    /** A client deletes the key and every version of it through the coordinator of {@code replica}; {@code context} as for a put. */
    record Erase(int replica, int context) implements Operation {
    }
}
