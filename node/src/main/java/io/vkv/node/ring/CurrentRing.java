package io.vkv.node.ring;

import io.vkv.placement.KeyPartitioner;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The ring of the members this node knows now, in two views rebuilt together whenever a token or a role changes.
 * As a {@link Ring} it is the <em>serving</em> ring, of members only: who answers and coordinates a key.
 * {@link #holders()} is the ring of who must hold each partition's data: its serving replicas plus the nodes
 * joining into it or taking it over from a leaver, so they receive batches and anti-entropy for it while the nodes
 * they will displace keep theirs. Readers see one whole pair or the next, never a mix.
 */
public final class CurrentRing implements Ring {

    private final KeyPartitioner partitioner;
    private final int replicas;
    private volatile Views views;
    private final Ring holders = new Ring() {
        @Override
        public KeyPartitioner partitioner() {
            return partitioner;
        }

        @Override
        public List<String> replicas(int partition) {
            return views.holders.get(partition);
        }
    };

    /** A ring over {@code partitioner}'s partitions with {@code replicas} (N) per partition, empty until {@link #update}. */
    public CurrentRing(KeyPartitioner partitioner, int replicas) {
        this.partitioner = partitioner;
        this.replicas = replicas;
        update(RingMembers.serving(Map.of()));
    }

    /** Rebuilds both views from the members. */
    public void update(RingMembers members) {
        Map<String, Long> serving = new HashMap<>(members.tokens());
        serving.keySet().removeAll(members.joining());
        TokenRing now = new TokenRing(partitioner, replicas, serving);
        Map<String, Long> staying = new HashMap<>(members.tokens());
        staying.keySet().removeAll(members.leaving());
        TokenRing future = new TokenRing(partitioner, replicas, staying);
        List<List<String>> holders = new ArrayList<>(partitioner.partitions());
        for (int p = 0; p < partitioner.partitions(); p++) {
            Set<String> both = new LinkedHashSet<>(now.replicas(p));
            both.addAll(future.replicas(p));
            holders.add(List.copyOf(both));
        }
        views = new Views(now, future, holders);
    }

    /** N, the replicas per partition (fewer while the ring has fewer members). */
    public int replicaCount() {
        return replicas;
    }

    /** The serving ring as it is now: a snapshot that later updates leave alone. */
    public TokenRing snapshot() {
        return views.serving;
    }

    /** The ring once every joining node serves and every leaving one is gone: where each partition is headed. */
    public TokenRing future() {
        return views.future;
    }

    /** Who holds each partition's data: its serving replicas, then the nodes it is headed to. */
    public Ring holders() {
        return holders;
    }

    @Override
    public KeyPartitioner partitioner() {
        return partitioner;
    }

    @Override
    public List<String> replicas(int partition) {
        return views.serving.replicas(partition);
    }

    @Override
    public boolean replicates(String nodeId, int partition) {
        return views.serving.replicates(nodeId, partition);
    }

    private record Views(TokenRing serving, TokenRing future, List<List<String>> holders) {
    }
}
