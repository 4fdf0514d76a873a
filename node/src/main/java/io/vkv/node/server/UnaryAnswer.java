package io.vkv.node.server;

import io.grpc.stub.StreamObserver;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/** Answers a unary call from an asynchronous operation: no thread waits; a failure becomes its gRPC status (ErrorStatus). */
public final class UnaryAnswer {

    private UnaryAnswer() {
    }

    /** Runs {@code operation} on {@code request} and sends its result to {@code out} once its future completes. */
    public static <Q, R> void answer(String method, StreamObserver<R> out, Function<Q, CompletableFuture<R>> operation, Q request) {
        CompletableFuture<R> result;
        try {
            result = operation.apply(request);
        } catch (RuntimeException e) {
            out.onError(ErrorStatus.of(method, e));
            return;
        }
        result.whenComplete((response, failure) -> {
            if (failure != null) {
                out.onError(ErrorStatus.of(method, failure));
            } else {
                out.onNext(response);
                out.onCompleted();
            }
        });
    }
}
