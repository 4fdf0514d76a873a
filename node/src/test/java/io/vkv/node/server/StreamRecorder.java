package io.vkv.node.server;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Collects what a server stream sends, and how it ends. */
final class StreamRecorder<T> implements StreamObserver<T> {

    final List<T> received = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Status> end = new CompletableFuture<>();

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
