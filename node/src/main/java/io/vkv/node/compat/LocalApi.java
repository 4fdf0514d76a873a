package io.vkv.node.compat;

import com.google.protobuf.ByteString;
import io.grpc.Channel;
import io.grpc.stub.StreamObserver;
import io.vkv.proto.v1.DeleteRequest;
import io.vkv.proto.v1.DeleteResponse;
import io.vkv.proto.v1.GetRequest;
import io.vkv.proto.v1.GetResponse;
import io.vkv.proto.v1.KeyValueGrpc;
import io.vkv.proto.v1.PutRequest;
import io.vkv.proto.v1.PutResponse;
import io.vkv.proto.v1.ScanRequest;
import io.vkv.proto.v1.Sibling;
import io.vkv.proto.v1.TrimRequest;
import io.vkv.proto.v1.TrimResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** The node's own vkv.v1 calls as futures, over its in-process channel: what the seed systems' APIs are built from. */
final class LocalApi {

    private final KeyValueGrpc.KeyValueStub stub;

    LocalApi(Channel channel) {
        this.stub = KeyValueGrpc.newStub(channel);
    }

    /** The current state of {@code key} ({@code at} = 0), or the version in force at {@code at}. */
    CompletableFuture<GetResponse> get(ByteString key, long at) {
        CompletableFuture<GetResponse> f = new CompletableFuture<>();
        stub.get(GetRequest.newBuilder().setKey(key).setAt(at).build(), completing(f));
        return f;
    }

    /** Writes {@code value} over what {@code context} covers. */
    CompletableFuture<PutResponse> put(ByteString key, ByteString value, ByteString context) {
        CompletableFuture<PutResponse> f = new CompletableFuture<>();
        stub.put(PutRequest.newBuilder().setKey(key).setValue(value).setContext(context).build(), completing(f));
        return f;
    }

    /** Deletes {@code key} over what {@code context} covers and erases its history up to the tombstone. */
    CompletableFuture<DeleteResponse> erase(ByteString key, ByteString context) {
        CompletableFuture<DeleteResponse> f = new CompletableFuture<>();
        stub.delete(DeleteRequest.newBuilder().setKey(key).setContext(context).setErase(true).build(), completing(f));
        return f;
    }

    CompletableFuture<TrimResponse> trim(ByteString key) {
        CompletableFuture<TrimResponse> f = new CompletableFuture<>();
        stub.trim(TrimRequest.newBuilder().setKey(key).build(), completing(f));
        return f;
    }

    /** One page of live keys in {@code [from, to)} (empty {@code to}: no bound), at most {@code limit}. */
    CompletableFuture<List<GetResponse>> scan(ByteString from, ByteString to, int limit) {
        CompletableFuture<List<GetResponse>> f = new CompletableFuture<>();
        List<GetResponse> page = new ArrayList<>();
        stub.scan(ScanRequest.newBuilder().setFrom(from).setTo(to).setLimit(limit).build(), new StreamObserver<>() {
            @Override
            public void onNext(GetResponse r) {
                page.add(r);
            }

            @Override
            public void onError(Throwable t) {
                f.completeExceptionally(t);
            }

            @Override
            public void onCompleted() {
                f.complete(page);
            }
        });
        return f;
    }

    /**
     * The latest version of a read: the sibling with the greatest version number, the greater dot among equal
     * numbers (siblings come in dot order), as every replica would choose; empty when the key has none.
     */
    static Optional<Sibling> latest(GetResponse r) {
        Sibling best = null;
        for (Sibling s : r.getSiblingsList()) {
            if (best == null || s.getVersion() >= best.getVersion()) {
                best = s;
            }
        }
        return Optional.ofNullable(best);
    }

    private static <R> StreamObserver<R> completing(CompletableFuture<R> f) {
        return new StreamObserver<>() {
            @Override
            public void onNext(R value) {
                f.complete(value);
            }

            @Override
            public void onError(Throwable t) {
                f.completeExceptionally(t);
            }

            @Override
            public void onCompleted() {
                f.completeExceptionally(new IllegalStateException("the call completed without an answer"));
            }
        };
    }
}
