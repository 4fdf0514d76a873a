package io.vkv.node.ring;

import io.vkv.placement.KeyPartitioner;
import java.util.BitSet;
import java.util.List;

/**
 * Which nodes replicate which partitions. Pure: every node that sees the same members computes the same
 * answers. The coordinator asks it whether to serve a key here, shipping and anti-entropy ask it which
 * partitions to exchange with whom (docs/architecture.md, "ring/").
 */
public interface Ring {

    /** The key partitioner (Q fixed when the cluster was created). */
    KeyPartitioner partitioner();

    /** The nodes that replicate {@code partition}, in preference order. */
    List<String> replicas(int partition);

    /** True when {@code nodeId} replicates {@code partition}. */
    default boolean replicates(String nodeId, int partition) {
        return replicas(partition).contains(nodeId);
    }

    /** The partitions that both {@code a} and {@code b} replicate: what the two exchange (a new set, the caller's to change). */
    default BitSet sharedPartitions(String a, String b) {
        int q = partitioner().partitions();
        BitSet shared = new BitSet(q);
        for (int p = 0; p < q; p++) {
            if (replicates(a, p) && replicates(b, p)) {
                shared.set(p);
            }
        }
        return shared;
    }
}
