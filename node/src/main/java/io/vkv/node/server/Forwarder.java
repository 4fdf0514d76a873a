package io.vkv.node.server;

import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import io.vkv.node.membership.PeerChannels;
import io.vkv.node.ring.Ring;
import io.vkv.proto.v1.KeyValueGrpc;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Sends a request for a key this node does not replicate to the replicas that do, over the same
 * {@code vkv.v1} service clients use: the first replica that answers, in preference order. Nothing
 * waits on a thread: the answer completes a future from gRPC's callback.
 */
public final class Forwarder {

    private static final long DEFAULT_DEADLINE_MILLIS = 10_000;

    private final String self;
    private final Ring ring;
    private final Function<String, String> addresses;
    private final PeerChannels channels;
    private final Metadata hop = new Metadata();
    private final LongAdder forwarded = new LongAdder();

    /**
     * Forwards for node {@code self} by {@code ring}, reaching replica ids at the address {@code addresses} gives
     * (null while one is down) over {@code channels}.
     */
    public Forwarder(String self, Ring ring, Function<String, String> addresses, PeerChannels channels) {
        this.self = self;
        this.ring = ring;
        this.addresses = addresses;
        this.channels = channels;
        hop.put(ForwardedCalls.FORWARDED_BY, self);
    }

    /** True when this node replicates {@code key}, so it serves the key itself. */
    public boolean isLocal(byte[] key) {
        return ring.replicates(self, ring.partitioner().partitionOf(key));
    }

    /** True when this node replicates every partition, so it can serve a scan alone. */
    public boolean holdsEveryPartition() {
        for (int p = 0; p < ring.partitioner().partitions(); p++) {
            if (!ring.replicates(self, p)) {
                return false;
            }
        }
        return true;
    }

    /** The partition of {@code key}. */
    public int partitionOf(byte[] key) {
        return ring.partitioner().partitionOf(key);
    }

    /** The partition count Q. */
    public int partitions() {
        return ring.partitioner().partitions();
    }

    /** True when this node replicates {@code partition}. */
    public boolean replicates(int partition) {
        return ring.replicates(self, partition);
    }

    /**
     * A covering set for a scan: each partition assigned to this node when it replicates it, else to its first
     * reachable replica in preference order (node id → partitions; this node under its own id).
     * Fails with UNAVAILABLE naming a partition no reachable node replicates.
     */
    public Map<String, BitSet> coveringSet() {
        Map<String, BitSet> out = new TreeMap<>();
        int q = ring.partitioner().partitions();
        for (int p = 0; p < q; p++) {
            List<String> replicas = ring.replicas(p);
            String pick = replicas.contains(self) ? self
                    : replicas.stream().filter(id -> addresses.apply(id) != null).findFirst().orElse(null);
            if (pick == null) {
                throw Status.UNAVAILABLE.withDescription("no replica of partition " + p + " is reachable from " + self
                        + (replicas.isEmpty() ? ": the ring has no members yet" : " (" + replicas + " down)") + "; retry later").asRuntimeException();
            }
            out.computeIfAbsent(pick, id -> new BitSet(q)).set(p);
        }
        return out;
    }

    /** A stub for calls this node makes on {@code nodeId}'s behalf of a client (marked as forwarded), or null when it is down. */
    public KeyValueGrpc.KeyValueStub stubFor(String nodeId) {
        String address = addresses.apply(nodeId);
        if (address == null) {
            return null;
        }
        return KeyValueGrpc.newStub(channels.to(address)).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(hop));
    }

    /** The id of this node. */
    public String self() {
        return self;
    }

    /** Requests forwarded since the node started. */
    public long forwarded() {
        return forwarded.sum();
    }

    /**
     * Calls {@code method} through {@code call} on the first replica of {@code key} that answers. A call that was
     * itself forwarded here fails instead (FAILED_PRECONDITION): one hop at most, whatever the views of the ring.
     */
    public <R> CompletableFuture<R> forward(String method, byte[] key, BiConsumer<KeyValueGrpc.KeyValueStub, StreamObserver<R>> call) {
        int partition = ring.partitioner().partitionOf(key);
        List<String> replicas = ring.replicas(partition);
        String from = ForwardedCalls.forwarder();
        if (from != null) {
            return CompletableFuture.failedFuture(Status.FAILED_PRECONDITION.withDescription(from + " forwarded this " + method
                    + " to " + self + ", but " + self + " does not replicate partition " + partition + " (its replicas here: " + replicas
                    + "): the two nodes see different rings, as happens while membership settles; retry").asRuntimeException());
        }
        List<String> targets = new ArrayList<>();
        List<String> down = new ArrayList<>();
        for (String id : replicas) {
            if (!id.equals(self)) {
                (addresses.apply(id) != null ? targets : down).add(id);
            }
        }
        if (targets.isEmpty()) {
            return CompletableFuture.failedFuture(Status.UNAVAILABLE.withDescription("no replica of partition " + partition
                    + " is reachable from " + self + (replicas.isEmpty() ? ": the ring has no members yet" : " (" + down + " down)")
                    + "; retry later").asRuntimeException());
        }
        forwarded.increment();
        ForwardedCalls.markForwarded();
        Deadline deadline = Context.current().getDeadline();
        if (deadline == null) {
            deadline = Deadline.after(DEFAULT_DEADLINE_MILLIS, TimeUnit.MILLISECONDS);
        }
        CompletableFuture<R> result = new CompletableFuture<>();
        attempt(method, partition, targets, 0, deadline, call, new StringBuilder(), result);
        return result;
    }

    private <R> void attempt(String method, int partition, List<String> targets, int i, Deadline deadline,
                             BiConsumer<KeyValueGrpc.KeyValueStub, StreamObserver<R>> call, StringBuilder failures, CompletableFuture<R> result) {
        String target = targets.get(i);
        String address = addresses.apply(target);
        if (address == null) {
            next(method, partition, targets, i, deadline, call, failures.append(target).append(": down; "), result);
            return;
        }
        KeyValueGrpc.KeyValueStub stub = KeyValueGrpc.newStub(channels.to(address))
                .withDeadline(deadline)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(hop));
        call.accept(stub, new StreamObserver<>() {
            private R response;

            @Override
            public void onNext(R value) {
                response = value;
            }

            @Override
            public void onError(Throwable t) {
                Status s = Status.fromThrowable(t);
                // Another replica may answer when this one is down or sees another ring; any other answer is the answer.
                if (s.getCode() == Status.Code.UNAVAILABLE || s.getCode() == Status.Code.FAILED_PRECONDITION) {
                    next(method, partition, targets, i, deadline, call, failures.append(target).append(": ").append(s.getDescription()).append("; "), result);
                } else {
                    result.completeExceptionally(t);
                }
            }

            @Override
            public void onCompleted() {
                result.complete(response);
            }
        });
    }

    private <R> void next(String method, int partition, List<String> targets, int i, Deadline deadline,
                          BiConsumer<KeyValueGrpc.KeyValueStub, StreamObserver<R>> call, StringBuilder failures, CompletableFuture<R> result) {
        if (i + 1 < targets.size()) {
            attempt(method, partition, targets, i + 1, deadline, call, failures, result);
            return;
        }
        failures.setLength(Math.max(0, failures.length() - 2));
        result.completeExceptionally(new StatusRuntimeException(Status.UNAVAILABLE.withDescription(self + " forwarded " + method
                + " for partition " + partition + " but no replica answered (" + failures + "); retry later")));
    }
}
