package io.vkv.node.antientropy;

import io.vkv.placement.KeyPartitioner;
import io.vkv.node.runtime.Clock;
import io.vkv.node.storage.ChangeListener;
import io.vkv.node.storage.Key;
import io.vkv.node.storage.ReplicaStore;
import io.vkv.node.version.HybridTime;
import io.vkv.node.version.KeyState;
import io.vkv.node.version.Sibling;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A store's digests for anti-entropy: per key ({@link KeyStateDigest#ofEntry}), per bucket of key
 * hashes (the sum of its keys' digests, so the order keys are met in does not matter) and per
 * partition (a hash of its bucket digests). A partition's keys are spread over the whole key space,
 * so one pass over the ordered store, page by page without holding any lock, computes every
 * partition's buckets at once; the result is cached briefly since a round compares with several
 * peers and answers theirs, but only while the store has not changed: a digest that misses a
 * recent write would make a round triggered by that write find nothing. A bucket is identified across partitions as {@code partition * BUCKETS + bucket}.
 */
public final class StoreDigests implements ChangeListener {

    /** Buckets of key hashes per partition. */
    static final int BUCKETS = 64;

    private static final int PAGE = 1024;

    /** The digest of one key, and the wall-clock millis of the newest write in its state. */
    record KeyDigest(byte[] key, long hash, long newestMillis) {
    }

    private final Clock clock;
    private final ReplicaStore store;
    private final KeyPartitioner partitioner;
    private final long ttlNanos;
    private final AtomicLong version = new AtomicLong(); // bumped by every change to the store
    private long[][] cached;
    private long cachedAt;
    private long cachedVersion;

    public StoreDigests(ReplicaStore store, KeyPartitioner partitioner, long ttlMillis, Clock clock) {
        this.clock = clock;
        this.store = store;
        this.partitioner = partitioner;
        this.ttlNanos = TimeUnit.MILLISECONDS.toNanos(ttlMillis);
    }

    /** The bucket of a key at ring {@code position}: its low 6 bits, as the partition took the high ones. */
    static int bucketOf(long position) {
        return (int) (position & (BUCKETS - 1));
    }

    /** The digest of a partition from its bucket digests. */
    static long partitionHash(long[] buckets) {
        long h = 0;
        for (long b : buckets) {
            h = KeyPartitioner.mix64(h ^ b) + 0x9E3779B97F4A7C15L;
        }
        return h;
    }

    @Override
    public void onChange(Key key, int partition, KeyState delta, KeyState state, boolean local) {
        version.incrementAndGet();
    }

    /** Bucket digests of every partition: {@code [partition][bucket]}; callers must not modify them. */
    synchronized long[][] buckets() {
        long v = version.get(); // read first: a change during the pass makes the result stale at once
        if (cached == null || v != cachedVersion || clock.nanos() - cachedAt > ttlNanos) {
            cached = compute();
            cachedAt = clock.nanos();
            cachedVersion = v;
        }
        return cached;
    }

    private long[][] compute() {
        long[][] sums = new long[partitioner.partitions()][BUCKETS];
        forEachKey((key, state, position) -> {
            sums[partitioner.partitionAt(position)][bucketOf(position)] += KeyStateDigest.ofEntry(key, KeyStateDigest.of(state));
        });
        return sums;
    }

    /** The key digests of the named buckets, by bucket id, keys in order; one fresh pass over the store. */
    Map<Integer, List<KeyDigest>> keys(Set<Integer> bucketIds) {
        Map<Integer, List<KeyDigest>> out = new HashMap<>();
        for (int id : bucketIds) {
            out.put(id, new ArrayList<>());
        }
        forEachKey((key, state, position) -> {
            List<KeyDigest> list = out.get(partitioner.partitionAt(position) * BUCKETS + bucketOf(position));
            if (list != null) {
                list.add(new KeyDigest(key, KeyStateDigest.ofEntry(key, KeyStateDigest.of(state)), newestMillis(state)));
            }
        });
        return out;
    }

    /** The physical part of the newest hybrid time among the state's siblings (0 when it has none). */
    static long newestMillis(KeyState state) {
        long newest = 0;
        for (Sibling s : state.siblings()) {
            newest = Math.max(newest, HybridTime.physicalMillis(s.hlc()));
        }
        return newest;
    }

    private interface KeyVisitor {
        void visit(byte[] key, KeyState state, long position);
    }

    private void forEachKey(KeyVisitor visitor) {
        byte[] from = null;
        while (true) {
            List<ReplicaStore.Entry> page = store.scan(from, null, PAGE);
            for (ReplicaStore.Entry e : page) {
                byte[] key = e.key().bytes();
                visitor.visit(key, e.state(), KeyPartitioner.position(key));
            }
            if (page.size() < PAGE) {
                return;
            }
            byte[] last = page.get(page.size() - 1).key().bytes();
            from = Arrays.copyOf(last, last.length + 1); // the smallest key after the last one
        }
    }
}
