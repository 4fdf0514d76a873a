package io.vkv.node.antientropy;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.stub.StreamObserver;
import io.vkv.node.metrics.DropReason;
import io.vkv.node.metrics.DropReporter;
import io.vkv.node.mqtt.EnvelopeSigner;
import io.vkv.node.mqtt.Rejected;
import io.vkv.node.runtime.Threads;
import io.vkv.node.storage.Key;
import io.vkv.node.storage.KeyStateCodec;
import io.vkv.node.storage.Limits;
import io.vkv.node.storage.ReplicaStore;
import io.vkv.node.version.KeyState;
import io.vkv.placement.KeyPartitioner;
import io.vkv.proto.internal.AntiEntropyGrpc;
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
import io.vkv.proto.internal.PushResponse;
import io.vkv.proto.internal.SignedEnvelope;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.IntPredicate;

/**
 * The server side of anti-entropy ({@code vkv.internal.v1.AntiEntropy}): answers digests and
 * fetches from its store and merges what peers push. Digests scan the store, so calls run on the
 * service's own threads, never on the transport's. Pushes must be signed under the cluster secret:
 * merging a forged state could erase writes.
 */
public final class AntiEntropyService extends AntiEntropyGrpc.AntiEntropyImplBase implements AutoCloseable {

    static final int MAX_KEYS_PER_CALL = 10_000;
    static final int MAX_BUCKETS_PER_CALL = 1024;
    /** Fetches of at most this many keys are answered on the calling thread. */
    static final int INLINE_FETCH_KEYS = 16;
    /** Fetch answers stop once this many bytes of states are in (the client asks again for the rest). */
    static final int FETCH_RESPONSE_BYTES = 3 * 1024 * 1024;

    private final ReplicaStore store;
    private final String cluster;
    private final EnvelopeSigner signer;
    private final KeyStateCodec codec;
    private final Limits limits;
    private final StoreDigests digests;
    private final DropReporter drops;
    private final IntPredicate held;
    private final KeyPartitioner partitioner;
    private final ExecutorService executor;

    /**
     * The service of {@code store}, placing keys in partitions as the store does; pushes are merged only when every key
     * is of a partition it {@code held}.
     */
    public AntiEntropyService(ReplicaStore store, String cluster, EnvelopeSigner signer, KeyStateCodec codec,
                       Limits limits, StoreDigests digests, DropReporter drops, IntPredicate held, Threads threads) {
        this.store = store;
        this.cluster = cluster;
        this.partitioner = store.partitioner();
        this.signer = signer;
        this.codec = codec;
        this.limits = limits;
        this.digests = digests;
        this.drops = drops;
        this.held = held;
        this.executor = new ThreadPoolExecutor(2, 2, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(256), threads.factory("anti-entropy-server"));
    }

    private interface Call<T> {
        T answer() throws StatusException;
    }

    private <T> void runHere(StreamObserver<T> out, Call<T> call) {
        try {
            out.onNext(call.answer());
            out.onCompleted();
        } catch (StatusException e) {
            out.onError(e);
        } catch (RuntimeException e) {
            out.onError(Status.INTERNAL.withDescription(e.toString()).asException());
        }
    }

    private <T> void run(StreamObserver<T> out, Call<T> call) {
        try {
            executor.execute(() -> runHere(out, call));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            out.onError(Status.RESOURCE_EXHAUSTED.withDescription("anti-entropy is busy; try again later").asException());
        }
    }

    private void checkCluster(String requested) throws StatusException {
        if (!cluster.equals(requested)) {
            throw Status.FAILED_PRECONDITION.withDescription("this node belongs to cluster '" + cluster + "', not '" + requested + "'").asException();
        }
    }

    @Override
    public void digest(DigestRequest request, StreamObserver<DigestResponse> out) {
        run(out, () -> {
            checkCluster(request.getCluster());
            if (request.getPartitionsCount() > partitioner.partitions() || request.getBucketsCount() > MAX_BUCKETS_PER_CALL) {
                throw Status.INVALID_ARGUMENT.withDescription("at most " + partitioner.partitions() + " partitions and " + MAX_BUCKETS_PER_CALL + " buckets per call").asException();
            }
            DigestResponse.Builder b = DigestResponse.newBuilder();
            if (request.getPartitionsCount() > 0) {
                long[][] buckets = digests.buckets();
                for (int p : request.getPartitionsList()) {
                    requirePartition(p);
                    PartitionDigest.Builder pd = PartitionDigest.newBuilder().setPartition(p).setHash(StoreDigests.partitionHash(buckets[p]));
                    for (long h : buckets[p]) {
                        pd.addBuckets(h);
                    }
                    b.addPartitions(pd);
                }
            }
            if (request.getBucketsCount() > 0) {
                Set<Integer> ids = new HashSet<>();
                for (BucketRef r : request.getBucketsList()) {
                    requirePartition(r.getPartition());
                    if (r.getBucket() >= StoreDigests.BUCKETS) {
                        throw Status.INVALID_ARGUMENT.withDescription("bucket " + r.getBucket() + " out of range").asException();
                    }
                    ids.add(r.getPartition() * StoreDigests.BUCKETS + r.getBucket());
                }
                for (Map.Entry<Integer, List<StoreDigests.KeyDigest>> e : digests.keys(ids).entrySet()) {
                    BucketDigest.Builder bd = BucketDigest.newBuilder()
                            .setPartition(e.getKey() / StoreDigests.BUCKETS).setBucket(e.getKey() % StoreDigests.BUCKETS);
                    for (StoreDigests.KeyDigest k : e.getValue()) {
                        bd.addKeys(KeyDigest.newBuilder().setKey(ByteString.copyFrom(k.key())).setHash(k.hash())
                                .setNewestMillis(k.newestMillis()));
                    }
                    b.addBuckets(bd);
                }
            }
            return b.build();
        });
    }

    private void requirePartition(int p) throws StatusException {
        if (p < 0 || p >= partitioner.partitions()) {
            throw Status.INVALID_ARGUMENT.withDescription("partition " + p + " out of range 0.." + (partitioner.partitions() - 1)).asException();
        }
    }

    @Override
    public void fetch(FetchRequest request, StreamObserver<FetchResponse> out) {
        Call<FetchResponse> call = () -> {
            checkCluster(request.getCluster());
            if (request.getKeysCount() > MAX_KEYS_PER_CALL) {
                throw Status.INVALID_ARGUMENT.withDescription("at most " + MAX_KEYS_PER_CALL + " keys per fetch").asException();
            }
            FetchResponse.Builder b = FetchResponse.newBuilder();
            int bytes = 0;
            int answered = 0;
            for (ByteString k : request.getKeysList()) {
                byte[] key = k.toByteArray();
                if (!limits.allowsKeyOf(key.length)) {
                    throw Status.INVALID_ARGUMENT.withDescription("fetch names a key of " + key.length + " bytes").asException();
                }
                KeyState state = store.get(key);
                if (!state.equals(KeyState.EMPTY)) {
                    KeyedState ks = KeyStateCodec.keyed(key, state);
                    if (answered > 0 && bytes + ks.getSerializedSize() > FETCH_RESPONSE_BYTES) {
                        break;
                    }
                    bytes += ks.getSerializedSize();
                    b.addEntries(ks);
                }
                answered++;
            }
            return b.setAnswered(answered).build();
        };
        // A quorum read fetches one key: answered from memory on the transport thread, never queued behind digests.
        if (request.getKeysCount() <= INLINE_FETCH_KEYS) {
            runHere(out, call);
        } else {
            run(out, call);
        }
    }

    @Override
    public void push(PushRequest request, StreamObserver<PushResponse> out) {
        try {
            List<ReplicaStore.Entry> entries = decode(request.getEnvelope());
            refuseUnheld(entries);
            // One log append for the whole push, durable before the answer (a quorum write counts on it).
            store.mergeAll(entries).whenComplete((changed, failure) -> {
                if (failure != null) {
                    out.onError(Status.UNAVAILABLE.withDescription("merging pushed states failed: " + failure).asException());
                } else {
                    out.onNext(PushResponse.newBuilder().setMerged(changed).build());
                    out.onCompleted();
                }
            });
        } catch (StatusException e) {
            out.onError(e);
        } catch (RuntimeException e) {
            out.onError(Status.UNAVAILABLE.withDescription(e.toString()).asException());
        }
    }

    /**
     * Refuses the whole push when a key is of a partition this node does not hold by its ring: the pusher (a quorum
     * write, a hint, an exchange) must not count it as taken here. It retries once the two views of the ring agree.
     */
    private void refuseUnheld(List<ReplicaStore.Entry> entries) throws StatusException {
        for (ReplicaStore.Entry e : entries) {
            int p = partitioner.partitionOf(e.key().bytes());
            if (!held.test(p)) {
                throw Status.FAILED_PRECONDITION.withDescription(store.actor().nodeId() + " does not replicate partition " + p
                        + " by its view of the ring: the two nodes see different rings while membership settles; retry").asException();
            }
        }
    }

    private List<ReplicaStore.Entry> decode(SignedEnvelope envelope) throws StatusException {
        PushBatch batch;
        try {
            batch = signer.open(EnvelopeSigner.PUSH, "push", cluster, envelope, PushBatch.parser(), PushBatch::getCluster);
        } catch (Rejected e) {
            Status status = switch (e.reason()) {
                case WRONG_CLUSTER -> Status.FAILED_PRECONDITION;
                case BAD_MAC -> Status.PERMISSION_DENIED;
                default -> Status.INVALID_ARGUMENT;
            };
            throw reject(e.reason(), status, e.getMessage());
        }
        List<ReplicaStore.Entry> entries = new ArrayList<>(batch.getEntriesCount());
        for (KeyedState ks : batch.getEntriesList()) {
            int len = ks.getKey().size();
            if (!limits.allowsKeyOf(len)) {
                throw reject(DropReason.INVALID, Status.INVALID_ARGUMENT, "push holds a key of " + len + " bytes");
            }
            try {
                entries.add(new ReplicaStore.Entry(Key.wrap(ks.getKey().toByteArray()), codec.decode(ks.getState())));
            } catch (IllegalArgumentException e) {
                throw reject(DropReason.INVALID, Status.INVALID_ARGUMENT, "push holds an invalid state: " + e.getMessage());
            }
        }
        return entries;
    }

    private StatusException reject(DropReason reason, Status status, String why) {
        drops.drop(reason, "an anti-entropy push", why);
        return status.withDescription(why).asException();
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
