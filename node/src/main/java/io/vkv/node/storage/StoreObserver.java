package io.vkv.node.storage;

/** Told how the store's disk work goes, for metrics: each flush of the operation log and each snapshot. Must not block. */
public interface StoreObserver {

    /** Observes nothing. */
    StoreObserver NONE = new StoreObserver() {
    };

    /** The log wrote {@code records} records with one write; {@code syncNanos} the fsync took (0 when not synced then). */
    default void logFlushed(int records, long syncNanos) {
    }

    /** A snapshot of {@code entries} keys was written in {@code nanos}. */
    default void snapshotTaken(long entries, long nanos) {
    }
}
