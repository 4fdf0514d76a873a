package io.vkv.node.ring;

import io.vkv.placement.KeyPartitioner;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The partitioned ring: members hold tokens on the 2^64 ring (compared unsigned); with tokens X < Y < Z,
 * Y is responsible for (X, Y]. Partition p covers the positions [p·2^64/Q, (p+1)·2^64/Q); its preference
 * list is the first member whose token is at or past the last position of that range, then the next
 * distinct members clockwise, N in all (every member when there are fewer). Immutable and pure: equal
 * members, tokens, Q and N give an equal ring on every node.
 */
public final class TokenRing implements Ring {

    private final KeyPartitioner partitioner;
    private final List<List<String>> preference; // by partition

    /**
     * A ring of {@code tokens} (node id → token) over {@code partitioner}'s partitions, each replicated
     * on {@code n} members; two members may not share a token.
     */
    public TokenRing(KeyPartitioner partitioner, int n, Map<String, Long> tokens) {
        if (n < 1) {
            throw new IllegalArgumentException("ring.replicas must be at least 1, got " + n);
        }
        TreeMap<Long, String> clockwise = new TreeMap<>(Long::compareUnsigned);
        for (Map.Entry<String, Long> e : tokens.entrySet()) {
            String other = clockwise.put(e.getValue(), e.getKey());
            if (other != null) {
                throw new IllegalArgumentException("nodes " + other + " and " + e.getKey() + " both hold token "
                        + Long.toUnsignedString(e.getValue()) + ": tokens must differ");
            }
        }
        this.partitioner = partitioner;
        List<String> order = new ArrayList<>(clockwise.values());
        int q = partitioner.partitions();
        List<List<String>> lists = new ArrayList<>(q);
        for (int p = 0; p < q; p++) {
            lists.add(preferenceList(clockwise, order, partitioner.lastPositionOf(p), n));
        }
        this.preference = Collections.unmodifiableList(lists);
    }

    private static List<String> preferenceList(TreeMap<Long, String> clockwise, List<String> order, long lastPosition, int n) {
        if (order.isEmpty()) {
            return List.of();
        }
        Map.Entry<Long, String> first = clockwise.ceilingEntry(lastPosition);
        int start = order.indexOf((first != null ? first : clockwise.firstEntry()).getValue());
        List<String> list = new ArrayList<>(Math.min(n, order.size()));
        for (int i = 0; i < Math.min(n, order.size()); i++) {
            list.add(order.get((start + i) % order.size()));
        }
        return List.copyOf(list);
    }

    /** Tokens for a fresh cluster of {@code ids}, in order: the first at 2^64 − 1, each next 2^64/n lower. */
    public static Map<String, Long> initialTokens(List<String> ids) {
        Map<String, Long> out = new HashMap<>();
        long step = Long.divideUnsigned(-1L, ids.size()); // ⌊(2^64 − 1)/n⌋: 2^64/n lower, short of at most 1
        for (int i = 0; i < ids.size(); i++) {
            out.put(ids.get(i), -1L - i * step);
        }
        return out;
    }

    /** The token a node joining {@code tokens} takes: the middle of the widest arc (X, Y], the first such arc from 0 on a tie. */
    public static long joiningToken(Map<String, Long> tokens) {
        List<Long> sorted = new ArrayList<>(tokens.values());
        sorted.sort(Long::compareUnsigned);
        if (sorted.isEmpty()) {
            return -1L;
        }
        if (sorted.size() == 1) {
            return sorted.get(0) + Long.MIN_VALUE; // the one arc is the whole ring: half way round
        }
        long bestFrom = 0;
        long bestWidth = 0;
        for (int i = 0; i < sorted.size(); i++) {
            long from = sorted.get(i);
            long width = sorted.get((i + 1) % sorted.size()) - from; // mod 2^64: the arc (from, next]
            if (Long.compareUnsigned(width, bestWidth) > 0) {
                bestFrom = from;
                bestWidth = width;
            }
        }
        return bestFrom + Long.divideUnsigned(bestWidth, 2);
    }

    @Override
    public KeyPartitioner partitioner() {
        return partitioner;
    }

    @Override
    public List<String> replicas(int partition) {
        return preference.get(partition);
    }
}
