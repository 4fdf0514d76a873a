package io.vkv.node.antientropy;

import com.google.protobuf.ByteString;
import io.vkv.node.mqtt.EnvelopeSigner;
import io.vkv.node.storage.Key;
import io.vkv.node.storage.KeyStateCodec;
import io.vkv.node.storage.ReplicaStore;
import io.vkv.node.version.Actor;
import io.vkv.node.version.KeyState;
import io.vkv.placement.KeyPartitioner;
import io.vkv.proto.internal.AntiEntropyGrpc.AntiEntropyBlockingStub;
import io.vkv.proto.internal.BucketDigest;
import io.vkv.proto.internal.BucketRef;
import io.vkv.proto.internal.DigestRequest;
import io.vkv.proto.internal.DigestResponse;
import io.vkv.proto.internal.FetchRequest;
import io.vkv.proto.internal.FetchResponse;
import io.vkv.proto.internal.KeyDigest;
import io.vkv.proto.internal.KeyedState;
import io.vkv.proto.internal.PartitionDigest;
import io.vkv.proto.internal.PushBatch;
import io.vkv.proto.internal.PushRequest;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntPredicate;

/**
 * One anti-entropy exchange with one peer over some partitions: compare partition digests, then
 * the bucket digests of the partitions that differ, then the key digests of the buckets that
 * differ; fetch and merge the peer's states of the keys that differ, then push this node's
 * (now merged) states of the same keys, so both sides end with the join.
 */
public final class AntiEntropySession {

    /** What an exchange did; {@code inFlight} differing keys were young enough to leave to replication. */
    record Result(int partitionsDiffering, int bucketsDiffering, int fetched, int pushed, int inFlight) {
    }

    /** No key is too young to repair: the cutoff of a thorough exchange. */
    static final long REPAIR_ALL = Long.MAX_VALUE;

    private static final int BUCKETS_PER_CALL = 512; // each call costs the peer a pass over its store
    private static final int KEYS_PER_FETCH = 512;
    private static final int PUSH_BYTES = 512 * 1024;
    private static final int KEYS_PER_PUSH = 512;

    private final ReplicaStore store;
    private final Actor self;
    private final String cluster;
    private final EnvelopeSigner signer;
    private final KeyStateCodec codec;
    private final StoreDigests digests;
    private final KeyPartitioner partitioner;
    private final IntPredicate held;

    /**
     * Exchanges of {@code store}'s states; what it fetches is merged only for the partitions (by {@code partitioner}) it
     * {@code held} by then.
     */
    public AntiEntropySession(ReplicaStore store, String cluster, EnvelopeSigner signer, KeyStateCodec codec, StoreDigests digests,
                              KeyPartitioner partitioner, IntPredicate held) {
        this.store = store;
        this.self = store.actor();
        this.cluster = cluster;
        this.signer = signer;
        this.codec = codec;
        this.digests = digests;
        this.partitioner = partitioner;
        this.held = held;
    }

    /**
     * Runs the exchange for {@code partitions} through {@code peer} (a stub with its deadline set). A key
     * that differs but whose newest write, on either side, is after {@code cutoffMillis} is left alone:
     * replication is still delivering it ({@link #REPAIR_ALL} repairs every difference).
     */
    Result run(AntiEntropyBlockingStub peer, BitSet partitions, long cutoffMillis) {
        DigestRequest.Builder req = DigestRequest.newBuilder().setCluster(cluster);
        partitions.stream().forEach(req::addPartitions);
        DigestResponse remote = peer.digest(req.build());
        long[][] local = digests.buckets();
        List<BucketRef> differing = new ArrayList<>();
        int partitionsDiffering = 0;
        for (PartitionDigest pd : remote.getPartitionsList()) {
            long[] mine = local[pd.getPartition()];
            if (pd.getHash() == StoreDigests.partitionHash(mine) || pd.getBucketsCount() != StoreDigests.BUCKETS) {
                continue;
            }
            partitionsDiffering++;
            for (int b = 0; b < StoreDigests.BUCKETS; b++) {
                if (pd.getBuckets(b) != mine[b]) {
                    differing.add(BucketRef.newBuilder().setPartition(pd.getPartition()).setBucket(b).build());
                }
            }
        }
        Set<Key> toFetch = new TreeSet<>();
        Set<Key> toPush = new TreeSet<>();
        Set<Key> young = new HashSet<>();
        if (!differing.isEmpty()) {
            Map<Key, StoreDigests.KeyDigest> mine = localKeys(differing); // one pass over the store for every differing bucket
            Set<Key> seen = new HashSet<>();
            for (int i = 0; i < differing.size(); i += BUCKETS_PER_CALL) {
                List<BucketRef> some = differing.subList(i, Math.min(differing.size(), i + BUCKETS_PER_CALL));
                compareKeys(peer, some, mine, seen, cutoffMillis, toFetch, young);
            }
            for (Map.Entry<Key, StoreDigests.KeyDigest> e : mine.entrySet()) {
                Key key = e.getKey();
                boolean peerLacksIt = !seen.contains(key);
                if (peerLacksIt && e.getValue().newestMillis() > cutoffMillis) {
                    young.add(key);
                } else if (peerLacksIt || toFetch.contains(key)) {
                    toPush.add(key); // the peer lacks it, or holds another state of it
                }
            }
        }
        int fetched = fetch(peer, new ArrayList<>(toFetch));
        int pushed = push(peer, new ArrayList<>(toPush));
        return new Result(partitionsDiffering, differing.size(), fetched, pushed, young.size());
    }

    private Map<Key, StoreDigests.KeyDigest> localKeys(List<BucketRef> buckets) {
        Set<Integer> ids = new HashSet<>();
        for (BucketRef r : buckets) {
            ids.add(r.getPartition() * StoreDigests.BUCKETS + r.getBucket());
        }
        Map<Key, StoreDigests.KeyDigest> mine = new HashMap<>();
        for (List<StoreDigests.KeyDigest> list : digests.keys(ids).values()) {
            for (StoreDigests.KeyDigest k : list) {
                mine.put(Key.wrap(k.key()), k);
            }
        }
        return mine;
    }

    /**
     * Asks the peer for the key digests of {@code buckets}; keys it holds in another state than this node go
     * to {@code toFetch}, or to {@code young} when either side wrote them after {@code cutoffMillis}.
     */
    private void compareKeys(AntiEntropyBlockingStub peer, List<BucketRef> buckets, Map<Key, StoreDigests.KeyDigest> mine, Set<Key> seen,
                             long cutoffMillis, Set<Key> toFetch, Set<Key> young) {
        Set<Integer> asked = new HashSet<>();
        for (BucketRef r : buckets) {
            asked.add(r.getPartition() * StoreDigests.BUCKETS + r.getBucket());
        }
        DigestResponse remote = peer.digest(DigestRequest.newBuilder().setCluster(cluster).addAllBuckets(buckets).build());
        for (BucketDigest bd : remote.getBucketsList()) {
            if (!asked.contains(bd.getPartition() * StoreDigests.BUCKETS + bd.getBucket())) {
                continue; // not asked for: ignore rather than trust
            }
            for (KeyDigest kd : bd.getKeysList()) {
                Key key = Key.wrap(kd.getKey().toByteArray());
                seen.add(key);
                StoreDigests.KeyDigest local = mine.get(key);
                if (local != null && local.hash() == kd.getHash()) {
                    continue;
                }
                long newest = Math.max(kd.getNewestMillis(), local == null ? 0 : local.newestMillis());
                (newest > cutoffMillis ? young : toFetch).add(key);
            }
        }
    }

    private int fetch(AntiEntropyBlockingStub peer, List<Key> keys) {
        int fetched = 0;
        int i = 0;
        while (i < keys.size()) {
            FetchRequest.Builder req = FetchRequest.newBuilder().setCluster(cluster);
            for (Key k : keys.subList(i, Math.min(keys.size(), i + KEYS_PER_FETCH))) {
                req.addKeys(ByteString.copyFrom(k.bytes()));
            }
            FetchResponse resp = peer.fetch(req.build());
            if (resp.getAnswered() == 0) {
                throw new IllegalStateException("peer answered none of " + req.getKeysCount() + " keys");
            }
            List<CompletableFuture<KeyState>> merges = new ArrayList<>();
            for (KeyedState ks : resp.getEntriesList()) {
                byte[] key = ks.getKey().toByteArray();
                if (held.test(partitioner.partitionOf(key))) { // the ring may have moved the partition away meanwhile
                    merges.add(store.merge(key, codec.decode(ks.getState())));
                }
            }
            CompletableFuture.allOf(merges.toArray(CompletableFuture[]::new)).join();
            fetched += resp.getEntriesCount();
            i += resp.getAnswered();
        }
        return fetched;
    }

    private int push(AntiEntropyBlockingStub peer, List<Key> keys) {
        int pushed = 0;
        List<KeyedState> batch = new ArrayList<>();
        int bytes = 0;
        for (Key k : keys) {
            KeyState state = store.get(k.bytes());
            if (state.equals(KeyState.EMPTY)) {
                continue;
            }
            KeyedState ks = KeyStateCodec.keyed(k.bytes(), state);
            if (!batch.isEmpty() && (batch.size() >= KEYS_PER_PUSH || bytes + ks.getSerializedSize() > PUSH_BYTES)) {
                pushed += send(peer, batch);
                batch.clear();
                bytes = 0;
            }
            batch.add(ks);
            bytes += ks.getSerializedSize();
        }
        if (!batch.isEmpty()) {
            pushed += send(peer, batch);
        }
        return pushed;
    }

    private int send(AntiEntropyBlockingStub peer, List<KeyedState> entries) {
        PushBatch batch = PushBatch.newBuilder().setCluster(cluster).setOrigin(KeyStateCodec.proto(self)).addAllEntries(entries).build();
        peer.push(PushRequest.newBuilder().setEnvelope(signer.seal(EnvelopeSigner.PUSH, batch.toByteArray())).build());
        return entries.size();
    }
}
