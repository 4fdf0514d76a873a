package io.vkv.node.ring;

import io.vkv.placement.KeyPartitioner;
import java.util.BitSet;
import java.util.List;
import java.util.Map;

/**
 * The ring of the members this node knows now: a {@link TokenRing} rebuilt whenever a token appears,
 * moves or goes. Readers see one whole ring or the next, never a mix of the two.
 */
public final class CurrentRing implements Ring {

    private final KeyPartitioner partitioner;
    private final int replicas;
    private volatile TokenRing ring;

    /** A ring over {@code partitioner}'s partitions with {@code replicas} (N) per partition, empty until {@link #update}. */
    public CurrentRing(KeyPartitioner partitioner, int replicas) {
        this.partitioner = partitioner;
        this.replicas = replicas;
        this.ring = new TokenRing(partitioner, replicas, Map.of());
    }

    /** Rebuilds the ring from every known member's token (node id → token). */
    public void update(Map<String, Long> tokens) {
        ring = new TokenRing(partitioner, replicas, tokens);
    }

    /** N, the replicas per partition (fewer while the ring has fewer members). */
    public int replicaCount() {
        return replicas;
    }

    /** The ring as it is now: a snapshot that later updates leave alone. */
    public TokenRing snapshot() {
        return ring;
    }

    @Override
    public KeyPartitioner partitioner() {
        return partitioner;
    }

    @Override
    public List<String> replicas(int partition) {
        return ring.replicas(partition);
    }

    @Override
    public boolean replicates(String nodeId, int partition) {
        return ring.replicates(nodeId, partition);
    }

    @Override
    public BitSet sharedPartitions(String a, String b) {
        return ring.sharedPartitions(a, b);
    }
}
