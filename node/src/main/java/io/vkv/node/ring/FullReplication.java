package io.vkv.node.ring;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The ring of a cluster in which every member replicates every partition (N ≥ M): preference order is
 * the members' ids in order, the same on every node.
 */
public final class FullReplication implements Ring {

    private final KeyPartitioner partitioner;
    private final Supplier<? extends Collection<String>> members;

    /** A ring over {@code partitioner}'s partitions and whoever {@code members} names at the time of asking. */
    public FullReplication(KeyPartitioner partitioner, Supplier<? extends Collection<String>> members) {
        this.partitioner = Objects.requireNonNull(partitioner, "partitioner");
        this.members = Objects.requireNonNull(members, "members");
    }

    @Override
    public KeyPartitioner partitioner() {
        return partitioner;
    }

    @Override
    public List<String> replicas(int partition) {
        checkPartition(partition);
        List<String> ids = new ArrayList<>(members.get());
        ids.sort(null);
        return ids;
    }

    @Override
    public boolean replicates(String nodeId, int partition) {
        checkPartition(partition);
        return true; // every node replicates every partition, including one not yet seen as a member
    }

    @Override
    public BitSet sharedPartitions(String a, String b) {
        BitSet all = new BitSet(partitioner.partitions());
        all.set(0, partitioner.partitions());
        return all;
    }

    private void checkPartition(int partition) {
        if (partition < 0 || partition >= partitioner.partitions()) {
            throw new IllegalArgumentException("partition must be in 0.." + (partitioner.partitions() - 1) + ", got " + partition);
        }
    }
}
