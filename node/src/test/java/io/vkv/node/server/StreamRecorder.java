package io.vkv.node.server;

import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Collects what a server stream sends, and how it ends; can cancel the call. */
final class StreamRecorder<T> implements ClientResponseObserver<Object, T> {

    final List<T> received = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Status> end = new CompletableFuture<>();
    private volatile ClientCallStreamObserver<Object> call;

    @Override
    public void beforeStart(ClientCallStreamObserver<Object> requestStream) {
        call = requestStream;
    }

    /** Cancels the call, as a client that goes away does. */
    void cancel() {
        call.cancel("client cancelled", null);
    }

    @Override
    public void onNext(T value) {
        received.add(value);
    }

    @Override
    public void onError(Throwable t) {
        end.complete(Status.fromThrowable(t));
    }

    @Override
    public void onCompleted() {
        end.complete(Status.OK);
    }

    /** How the stream ended (OK when completed), waiting up to 30 s. */
    Status awaitEnd() throws InterruptedException, ExecutionException, TimeoutException {
        return end.get(30, TimeUnit.SECONDS);
    }

    boolean ended() {
        return end.isDone();
    }
}
