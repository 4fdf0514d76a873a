package io.vkv.node.server;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.vkv.node.coordinator.KeyValueStore;
import io.vkv.node.hints.HintStore;
import io.vkv.node.metrics.NodeMetrics;
import io.vkv.node.quorum.Quorums;
import io.vkv.node.storage.InvalidRequestException;
import io.vkv.node.storage.Limits;
import io.vkv.node.version.KeyState;
import io.vkv.node.version.VersionVector;
import io.vkv.proto.v1.DeleteRequest;
import io.vkv.proto.v1.DeleteResponse;
import io.vkv.proto.v1.GetRequest;
import io.vkv.proto.v1.GetResponse;
import io.vkv.proto.v1.HistoryRequest;
import io.vkv.proto.v1.HistoryResponse;
import io.vkv.proto.v1.KeyValueGrpc;
import io.vkv.proto.v1.PutRequest;
import io.vkv.proto.v1.PutResponse;
import io.vkv.proto.v1.ScanRequest;
import io.vkv.proto.v1.TrimRequest;
import io.vkv.proto.v1.TrimResponse;
import io.vkv.proto.v1.WatchEvent;
import io.vkv.proto.v1.WatchRequest;
import java.util.BitSet;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The {@code vkv.v1.KeyValue} service over a local store. No handler blocks: reads are served from
 * memory, and writes answer from the store's completion once durable, on whichever thread completes it.
 */
public final class KeyValueService extends KeyValueGrpc.KeyValueImplBase {

    /** Batch requests in flight per stream: enough for group commit to share fsyncs, bounded in memory. */
    static final int BATCH_WINDOW = 64;

    private final KeyValueStore store;
    private final Limits limits;
    private final ContextTokens tokens;
    private final ResponseEncoder encoder;
    private final ChangeFeed feed;
    private final Forwarder forwarder;
    private final Quorums quorums;
    private final HintStore hints;
    private final StartGate gate;
    private final NodeMetrics metrics;

    /**
     * The service over {@code store} for the keys this node replicates (single keys at the quorums of {@code quorums}),
     * {@code forwarder} sending the others on, and writes at W=1 none of whose replicas answers kept in {@code hints};
     * keys and values within {@code limits}; watches served from {@code feed}; nothing served until {@code gate} opens;
     * siblings per read counted in {@code metrics}.
     */
    public KeyValueService(KeyValueStore store, Quorums quorums, Forwarder forwarder, HintStore hints, Limits limits,
                           ContextTokens tokens, ResponseEncoder encoder, ChangeFeed feed, StartGate gate, NodeMetrics metrics) {
        this.metrics = metrics;
        this.gate = gate;
        this.store = store;
        this.quorums = quorums;
        this.hints = hints;
        this.forwarder = forwarder;
        this.limits = limits;
        this.tokens = tokens;
        this.encoder = encoder;
        this.feed = feed;
    }

    @Override
    public void get(GetRequest request, StreamObserver<GetResponse> out) {
        UnaryAnswer.answer("Get", out, this::read, request);
    }

    @Override
    public void put(PutRequest request, StreamObserver<PutResponse> out) {
        UnaryAnswer.answer("Put", out, this::write, request);
    }

    @Override
    public void delete(DeleteRequest request, StreamObserver<DeleteResponse> out) {
        UnaryAnswer.answer("Delete", out, this::remove, request);
    }

    @Override
    public void history(HistoryRequest request, StreamObserver<HistoryResponse> out) {
        UnaryAnswer.answer("History", out, this::history, request);
    }

    @Override
    public void trim(TrimRequest request, StreamObserver<TrimResponse> out) {
        UnaryAnswer.answer("Trim", out, this::trim, request);
    }

    @Override
    public StreamObserver<GetRequest> getMany(StreamObserver<GetResponse> out) {
        return OrderedBatchStream.start("GetMany", out, BATCH_WINDOW, this::read);
    }

    @Override
    public StreamObserver<PutRequest> putMany(StreamObserver<PutResponse> out) {
        return OrderedBatchStream.start("PutMany", out, BATCH_WINDOW, this::write);
    }

    @Override
    public StreamObserver<DeleteRequest> deleteMany(StreamObserver<DeleteResponse> out) {
        return OrderedBatchStream.start("DeleteMany", out, BATCH_WINDOW, this::remove);
    }

    @Override
    public void scan(ScanRequest request, StreamObserver<GetResponse> out) {
        try {
            gate.check();
            if (request.getPartitionsCount() > 0) {
                BitSet only = partitionsServedHere(request);
                ScanStream.start(store, encoder, request, k -> only.get(forwarder.partitionOf(k)), out);
            } else if (forwarder.holdsEveryPartition()) {
                ScanStream.start(store, encoder, request, k -> true, out);
            } else {
                ScanGather.start(forwarder, store, encoder, request, out);
            }
        } catch (RuntimeException e) {
            out.onError(ErrorStatus.of("Scan", e));
        }
    }

    @Override
    public void watch(WatchRequest request, StreamObserver<WatchEvent> out) {
        if (!gate.isOpen()) {
            out.onError(gate.refusal());
            return;
        }
        byte[] prefix = request.getPrefix().toByteArray();
        if (prefix.length > limits.maxKeyBytes()) {
            out.onError(ErrorStatus.of("Watch", new InvalidRequestException("prefix is " + prefix.length
                    + " bytes; no key can match it, the key limit is " + limits.maxKeyBytes() + " bytes")));
            return;
        }
        WatchStream watch = feed.watch(prefix, out);
        if (ForwardedCalls.forwarder() == null && !forwarder.holdsEveryPartition()) {
            try {
                RemoteWatches.attach(watch, forwarder, request);
            } catch (RuntimeException e) {
                watch.close(ErrorStatus.of("Watch", e).getStatus());
            }
        }
    }

    /** The partitions a gathering node asks this one to scan: each must exist and be replicated here. */
    private BitSet partitionsServedHere(ScanRequest request) {
        BitSet only = new BitSet(forwarder.partitions());
        for (int p : request.getPartitionsList()) {
            if (p < 0 || p >= forwarder.partitions()) {
                throw new InvalidRequestException("partition " + Integer.toUnsignedString(p) + " does not exist: this cluster has "
                        + forwarder.partitions() + " (0.." + (forwarder.partitions() - 1) + ")");
            }
            if (!forwarder.replicates(p)) {
                throw Status.FAILED_PRECONDITION.withDescription(forwarder.self() + " was asked to scan partition " + p
                        + ", which it does not replicate: the two nodes see different rings, as happens while membership settles; retry")
                        .asRuntimeException();
            }
            only.set(p);
        }
        return only;
    }

    private CompletableFuture<GetResponse> read(GetRequest request) {
        gate.check();
        byte[] key = request.getKey().toByteArray();
        int r = quorums.readQuorum(request.getR());
        if (!forwarder.isLocal(key)) {
            limits.checkKey(key); // refused here rather than a hop away; the local path checks in the coordinator
            return forwarder.forward("Get", key, (stub, out) -> stub.get(request, out));
        }
        long at = request.getAt();
        if (at < 0) {
            throw new InvalidRequestException("at is " + Long.toUnsignedString(at) + ": version numbers go up to 2^63 - 1");
        }
        return quorums.get(key, r).thenApply(state -> {
            metrics.read(state.siblingCount());
            return at == 0 ? encoder.get(key, state) : encoder.getAt(key, state, at);
        });
    }

    private CompletableFuture<HistoryResponse> history(HistoryRequest request) {
        gate.check();
        byte[] key = request.getKey().toByteArray();
        int r = quorums.readQuorum(request.getR());
        if (!forwarder.isLocal(key)) {
            limits.checkKey(key);
            return forwarder.forward("History", key, (stub, out) -> stub.history(request, out));
        }
        limits.checkKey(key);
        return quorums.get(key, r).thenApply(state -> encoder.history(key, state));
    }

    private CompletableFuture<TrimResponse> trim(TrimRequest request) {
        gate.check();
        byte[] key = request.getKey().toByteArray();
        if (!forwarder.isLocal(key)) {
            limits.checkKey(key);
            return forwarder.forward("Trim", key, (stub, out) -> stub.trim(request, out));
        }
        KeyState before = store.get(key);
        return store.trim(key).thenApply(result -> encoder.trim(key, before, result.state()));
    }

    private CompletableFuture<PutResponse> write(PutRequest request) {
        gate.check();
        byte[] key = request.getKey().toByteArray();
        byte[] value = request.getValue().toByteArray();
        int w = quorums.writeQuorum(request.getW());
        if (!forwarder.isLocal(key)) {
            limits.checkKey(key);
            limits.checkValue(value);
            CompletableFuture<PutResponse> forwarded = forwarder.forward("Put", key, (stub, out) -> stub.put(request, out));
            return w > 1 ? forwarded : orHint(forwarded, () -> hints.write(key, value, verify(key, request.getContext()))
                    .thenApply(r -> encoder.put(key, r)));
        }
        VersionVector context = verify(key, request.getContext());
        return quorums.write(key, value, context, w).thenApply(r -> encoder.put(key, r));
    }

    private CompletableFuture<DeleteResponse> remove(DeleteRequest request) {
        gate.check();
        byte[] key = request.getKey().toByteArray();
        int w = quorums.writeQuorum(request.getW());
        if (!forwarder.isLocal(key)) {
            limits.checkKey(key);
            CompletableFuture<DeleteResponse> forwarded = forwarder.forward("Delete", key, (stub, out) -> stub.delete(request, out));
            // An erasure is not hinted: a hint hands off a tombstone, not the floor that erases the history.
            return w > 1 || request.getErase() ? forwarded
                    : orHint(forwarded, () -> hints.write(key, null, verify(key, request.getContext())).thenApply(r -> encoder.delete(key, r)));
        }
        VersionVector context = verify(key, request.getContext());
        if (request.getErase()) {
            return quorums.write(key, c -> c.erase(key, context), w).thenApply(r -> encoder.delete(key, r));
        }
        return quorums.write(key, null, context, w).thenApply(r -> encoder.delete(key, r));
    }

    /** The client's context token for {@code key}; a refused one is counted before the request fails. */
    private VersionVector verify(byte[] key, com.google.protobuf.ByteString token) {
        try {
            return tokens.verify(key, token);
        } catch (InvalidRequestException e) {
            metrics.contextRejected();
            throw e;
        }
    }

    /**
     * Always writable: a write at W=1 that no replica of its key took (UNAVAILABLE: all down or unreachable) is kept
     * here as a hint, to be handed off once they are back. A call forwarded to this node is never hinted here: it
     * fails FAILED_PRECONDITION, and the node that forwarded it keeps the hint.
     */
    private static <R> CompletableFuture<R> orHint(CompletableFuture<R> forwarded, Supplier<CompletableFuture<R>> hint) {
        return forwarded.exceptionallyCompose(failure -> Status.fromThrowable(failure).getCode() == Status.Code.UNAVAILABLE
                ? hint.get() : CompletableFuture.failedFuture(failure));
    }
}
