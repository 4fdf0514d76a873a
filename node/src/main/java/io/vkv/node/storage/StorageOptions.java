package io.vkv.node.storage;

import io.vkv.placement.KeyPartitioner;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/** How a node's store is opened: where, as whom, and with which durability and limits. */
public record StorageOptions(Path dataDir, String nodeId, FsyncPolicy fsync, Duration snapshotInterval, int partitions, Limits limits) {

    public StorageOptions {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(fsync, "fsync");
        Objects.requireNonNull(snapshotInterval, "snapshotInterval");
        Objects.requireNonNull(limits, "limits");
        if (snapshotInterval.isNegative()) {
            throw new IllegalArgumentException("snapshot interval must not be negative (0 turns periodic snapshots off)");
        }
    }

    /** Defaults: fsync always, a snapshot every 60 s, 64 partitions, default limits. */
    public static StorageOptions defaults(Path dataDir, String nodeId) {
        return new StorageOptions(dataDir, nodeId, FsyncPolicy.ALWAYS, Duration.ofSeconds(60), KeyPartitioner.DEFAULT_PARTITIONS, Limits.DEFAULT);
    }

    public StorageOptions withFsync(FsyncPolicy policy) {
        return new StorageOptions(dataDir, nodeId, policy, snapshotInterval, partitions, limits);
    }

    public StorageOptions withSnapshotInterval(Duration interval) {
        return new StorageOptions(dataDir, nodeId, fsync, interval, partitions, limits);
    }
}
