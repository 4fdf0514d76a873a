package io.vkv.node.quorum;

import com.google.protobuf.ByteString;
import io.grpc.Deadline;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.vkv.node.membership.PeerChannels;
import io.vkv.node.mqtt.EnvelopeSigner;
import io.vkv.node.storage.KeyStateCodec;
import io.vkv.node.version.Actor;
import io.vkv.node.version.KeyState;
import io.vkv.proto.internal.AntiEntropyGrpc;
import io.vkv.proto.internal.FetchRequest;
import io.vkv.proto.internal.FetchResponse;
import io.vkv.proto.internal.KeyedState;
import io.vkv.proto.internal.PushBatch;
import io.vkv.proto.internal.PushRequest;
import io.vkv.proto.internal.PushResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Reads and writes one key's state on another replica over the anti-entropy service (Fetch, and a Push signed
 * under the cluster secret that the receiver merges durably before it answers). Quorums use it instead of the
 * broker, so R and W hold while the broker is down. Asynchronous: futures complete on gRPC's callbacks.
 */
public final class ReplicaCalls {

    private final String cluster;
    private final Actor self;
    private final EnvelopeSigner signer;
    private final KeyStateCodec codec;
    private final Function<String, String> addresses;
    private final PeerChannels channels;

    /** Calls for node {@code self} of {@code cluster}, reaching node ids at the address {@code addresses} gives (null: never heard of). */
    public ReplicaCalls(String cluster, Actor self, EnvelopeSigner signer, KeyStateCodec codec, Function<String, String> addresses,
                        PeerChannels channels) {
        this.cluster = cluster;
        this.self = self;
        this.signer = signer;
        this.codec = codec;
        this.addresses = addresses;
        this.channels = channels;
    }

    /** {@code nodeId}'s state of {@code key} ({@link KeyState#EMPTY} when it holds none); fails UNAVAILABLE when the node is down. */
    public CompletableFuture<KeyState> fetch(String nodeId, byte[] key, Deadline deadline) {
        CompletableFuture<FetchResponse> answer = new CompletableFuture<>();
        AntiEntropyGrpc.AntiEntropyStub stub = stub(nodeId, deadline, answer);
        if (stub != null) {
            stub.fetch(FetchRequest.newBuilder().setCluster(cluster).addKeys(ByteString.copyFrom(key)).build(), observer(answer));
        }
        return answer.thenApply(r -> r.getEntriesCount() == 0 ? KeyState.EMPTY : codec.decode(r.getEntries(0).getState()));
    }

    /** Has {@code nodeId} merge {@code state} of {@code key}: completes once that node holds it durably. */
    public CompletableFuture<Void> push(String nodeId, byte[] key, KeyState state, Deadline deadline) {
        return push(nodeId, List.of(KeyStateCodec.keyed(key, state)), deadline);
    }

    /** Has {@code nodeId} merge every state of {@code entries} in one call: completes once that node holds them durably. */
    public CompletableFuture<Void> push(String nodeId, List<KeyedState> entries, Deadline deadline) {
        CompletableFuture<PushResponse> answer = new CompletableFuture<>();
        AntiEntropyGrpc.AntiEntropyStub stub = stub(nodeId, deadline, answer);
        if (stub != null) {
            PushBatch batch = PushBatch.newBuilder().setCluster(cluster).setOrigin(KeyStateCodec.proto(self)).addAllEntries(entries).build();
            stub.push(PushRequest.newBuilder().setEnvelope(signer.seal(EnvelopeSigner.PUSH, batch.toByteArray())).build(), observer(answer));
        }
        return answer.thenApply(r -> null);
    }

    private AntiEntropyGrpc.AntiEntropyStub stub(String nodeId, Deadline deadline, CompletableFuture<?> answer) {
        String address = addresses.apply(nodeId);
        if (address == null) {
            answer.completeExceptionally(Status.UNAVAILABLE.withDescription("no address known").asRuntimeException());
            return null;
        }
        return AntiEntropyGrpc.newStub(channels.to(address)).withDeadline(deadline);
    }

    private static <T> StreamObserver<T> observer(CompletableFuture<T> answer) {
        return new StreamObserver<>() {
            @Override
            public void onNext(T value) {
                answer.complete(value);
            }

            @Override
            public void onError(Throwable t) {
                answer.completeExceptionally(t);
            }

            @Override
            public void onCompleted() {
                answer.completeExceptionally(Status.INTERNAL.withDescription("no answer").asRuntimeException());
            }
        };
    }
}
