package io.vkv.node.replication;

import io.vkv.node.ring.CurrentRing;
import io.vkv.node.ring.TokenRing;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * What a joining node still has to pull before it may serve: for each partition it will replicate, a thorough
 * anti-entropy exchange with every serving replica of it that is up, started once those replicas have had time to
 * hear that it joins (so their later writes reach it as batches). A partition none of whose serving replicas is up
 * waits for one. Pure bookkeeping: the caller runs the exchanges and asks again.
 */
final class JoinProgress {

    private final String self;
    private final long notBeforeMillis;
    private final Map<String, BitSet> synced = new HashMap<>();

    /** Progress of {@code self}'s join, counting only exchanges started at or after {@code notBeforeMillis}. */
    JoinProgress(String self, long notBeforeMillis) {
        this.self = self;
        this.notBeforeMillis = notBeforeMillis;
    }

    /** Records a thorough exchange with {@code peer} over {@code parts} that started at {@code startedMillis}. */
    synchronized void exchanged(String peer, BitSet parts, long startedMillis) {
        if (startedMillis >= notBeforeMillis) {
            synced.computeIfAbsent(peer, p -> new BitSet()).or(parts);
        }
    }

    /**
     * The exchanges still missing by {@code ring} (peer → partitions), where {@code up} says which peers can be asked;
     * empty once the node may serve. A partition whose serving replicas are all down is listed under no peer but
     * counts as missing: {@link #waiting} says so.
     */
    synchronized Map<String, BitSet> missing(CurrentRing ring, Predicate<String> up) {
        Map<String, BitSet> out = new TreeMap<>();
        TokenRing serving = ring.snapshot();
        TokenRing future = ring.future();
        for (int p = 0; p < ring.partitioner().partitions(); p++) {
            if (!future.replicates(self, p)) {
                continue;
            }
            for (String r : serving.replicas(p)) {
                if (!r.equals(self) && up.test(r) && !synced.getOrDefault(r, new BitSet()).get(p)) {
                    out.computeIfAbsent(r, id -> new BitSet()).set(p);
                }
            }
        }
        return out;
    }

    /** Partitions this node will replicate that have serving replicas, none of them up: the join waits for them. */
    synchronized BitSet waiting(CurrentRing ring, Predicate<String> up) {
        BitSet out = new BitSet();
        for (int p = 0; p < ring.partitioner().partitions(); p++) {
            List<String> serving = ring.snapshot().replicas(p);
            if (ring.future().replicates(self, p) && !serving.isEmpty() && serving.stream().noneMatch(r -> r.equals(self) || up.test(r))) {
                out.set(p);
            }
        }
        return out;
    }
}
