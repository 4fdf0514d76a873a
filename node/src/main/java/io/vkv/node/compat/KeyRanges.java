package io.vkv.node.compat;

import com.google.protobuf.ByteString;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.vkv.node.server.ErrorStatus;
import io.vkv.proto.v1.GetResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Walks the live keys of an inclusive range {@code [from, to]} in key order, page by page through the node's
 * vkv.v1 Scan (which gathers across the ring), answering each with one asynchronous step at a time; a range whose
 * end precedes its start is empty. Stops when the client cancels.
 */
final class KeyRanges {

    private static final int PAGE = 1000;

    private final LocalApi api;

    KeyRanges(LocalApi api) {
        this.api = api;
    }

    /** Streams {@code step}'s answer for every live key in {@code [from, to]} to {@code out}, then completes it. */
    <R> void each(String from, String to, StreamObserver<R> out, String method, Function<GetResponse, CompletableFuture<R>> step) {
        ByteString start = ByteString.copyFromUtf8(from);
        ByteString end = ByteString.copyFromUtf8(to);
        if (ByteString.unsignedLexicographicalComparator().compare(start, end) > 0) {
            out.onCompleted();
            return;
        }
        ByteString endExclusive = end.concat(ByteString.copyFrom(new byte[] {0})); // the least key after `to`
        page(start, endExclusive, out, step).whenComplete((v, failure) -> {
            if (cancelled(out)) {
                return;
            }
            if (failure != null) {
                out.onError(ErrorStatus.of(method, failure));
            } else {
                out.onCompleted();
            }
        });
    }

    private <R> CompletableFuture<Void> page(ByteString from, ByteString to, StreamObserver<R> out,
                                             Function<GetResponse, CompletableFuture<R>> step) {
        return api.scan(from, to, PAGE).thenCompose(page -> {
            CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
            for (GetResponse state : page) {
                chain = chain.thenCompose(v -> cancelled(out) ? CompletableFuture.completedFuture(null)
                        : step.apply(state).thenAccept(out::onNext));
            }
            if (page.size() < PAGE) {
                return chain;
            }
            ByteString next = last(page).concat(ByteString.copyFrom(new byte[] {0}));
            return chain.thenCompose(v -> cancelled(out) ? CompletableFuture.completedFuture(null) : page(next, to, out, step));
        });
    }

    private static ByteString last(List<GetResponse> page) {
        return page.get(page.size() - 1).getKey();
    }

    private static boolean cancelled(StreamObserver<?> out) {
        return out instanceof ServerCallStreamObserver<?> s && s.isCancelled();
    }
}
