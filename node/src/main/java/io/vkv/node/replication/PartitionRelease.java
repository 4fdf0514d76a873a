package io.vkv.node.replication;

import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.IntFunction;
import java.util.function.Predicate;

/**
 * Partitions the ring moved away from this node, kept until their new holders have what this node has: each is
 * released once every holder of it completed a thorough exchange with this node started after the move. A holder
 * that is down holds the partition up: this node may hold writes no other node has, and keeping a partition longer
 * only costs disk. Pure bookkeeping: the caller runs the exchanges and drops what is released.
 */
final class PartitionRelease {

    private final Map<Integer, Set<String>> holders = new HashMap<>();
    private final Map<Integer, Set<String>> done = new HashMap<>();
    private final Map<Integer, Long> since = new HashMap<>();

    /** {@code partition} is no longer this node's as of {@code nowMillis}; {@code newHolders} hold it now. */
    synchronized void moved(int partition, List<String> newHolders, long nowMillis) {
        holders.put(partition, new HashSet<>(newHolders));
        done.put(partition, new HashSet<>());
        since.put(partition, nowMillis);
    }

    /**
     * The ring changed again: each waiting partition now waits for the holders {@code holdersOf} gives it. The move's
     * time stays; exchanges already done with holders that remain still count. A holder list taken from a view of the
     * ring that was still filling in (a node just restarted) would otherwise wait forever for a node that refuses the
     * partition, and never reach one that should have it.
     */
    synchronized void retarget(IntFunction<List<String>> holdersOf) {
        holders.replaceAll((p, ids) -> {
            Set<String> now = new HashSet<>(holdersOf.apply(p));
            done.get(p).retainAll(now);
            return now;
        });
    }

    /** {@code partition} is this node's again: keep it. */
    synchronized void kept(int partition) {
        holders.remove(partition);
        done.remove(partition);
        since.remove(partition);
    }

    synchronized void exchanged(String peer, BitSet parts, long startedMillis) {
        for (int p = parts.nextSetBit(0); p >= 0; p = parts.nextSetBit(p + 1)) {
            Long from = since.get(p);
            if (from != null && startedMillis >= from && holders.get(p).contains(peer)) {
                done.get(p).add(peer);
            }
        }
    }

    /** The exchanges still to run (peer → partitions), with holders {@code up} says can be asked. */
    synchronized Map<String, BitSet> toExchange(Predicate<String> up) {
        Map<String, BitSet> out = new TreeMap<>();
        holders.forEach((p, ids) -> {
            for (String id : ids) {
                if (up.test(id) && !done.get(p).contains(id)) {
                    out.computeIfAbsent(id, x -> new BitSet()).set(p);
                }
            }
        });
        return out;
    }

    /** Partitions that may be dropped now; they are forgotten here. */
    synchronized BitSet released() {
        BitSet out = new BitSet();
        holders.forEach((p, ids) -> {
            if (!ids.isEmpty() && done.get(p).containsAll(ids)) {
                out.set(p);
            }
        });
        for (int p = out.nextSetBit(0); p >= 0; p = out.nextSetBit(p + 1)) {
            kept(p);
        }
        return out;
    }

    /** Partitions waiting to be released. */
    synchronized int pending() {
        return holders.size();
    }
}
