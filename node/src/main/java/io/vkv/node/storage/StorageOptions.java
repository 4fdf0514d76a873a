package io.vkv.node.storage;

import io.vkv.placement.KeyPartitioner;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/** How a node's store is opened: where, as whom, with which durability and limits, and how many superseded versions a key keeps. */
public record StorageOptions(Path dataDir, String nodeId, FsyncPolicy fsync, Duration snapshotInterval, int partitions, Limits limits,
        int historyMaxVersions) {

    /** Superseded versions a key keeps unless {@code history.max-versions} says otherwise. */
    public static final int DEFAULT_HISTORY_MAX_VERSIONS = 10;

    public StorageOptions {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(fsync, "fsync");
        Objects.requireNonNull(snapshotInterval, "snapshotInterval");
        Objects.requireNonNull(limits, "limits");
        if (snapshotInterval.isNegative()) {
            throw new IllegalArgumentException("snapshot interval must not be negative (0 turns periodic snapshots off)");
        }
        if (historyMaxVersions < 0) {
            throw new IllegalArgumentException("history.max-versions must not be negative (0 turns history off), got " + historyMaxVersions);
        }
    }

    /** Defaults: fsync always, a snapshot every 60 s, 64 partitions, default limits, 10 superseded versions per key. */
    public static StorageOptions defaults(Path dataDir, String nodeId) {
        return new StorageOptions(dataDir, nodeId, FsyncPolicy.ALWAYS, Duration.ofSeconds(60), KeyPartitioner.DEFAULT_PARTITIONS, Limits.DEFAULT,
                DEFAULT_HISTORY_MAX_VERSIONS);
    }

    public StorageOptions withFsync(FsyncPolicy policy) {
        return new StorageOptions(dataDir, nodeId, policy, snapshotInterval, partitions, limits, historyMaxVersions);
    }

    public StorageOptions withSnapshotInterval(Duration interval) {
        return new StorageOptions(dataDir, nodeId, fsync, interval, partitions, limits, historyMaxVersions);
    }

    public StorageOptions withHistoryMaxVersions(int max) {
        return new StorageOptions(dataDir, nodeId, fsync, snapshotInterval, partitions, limits, max);
    }
}
