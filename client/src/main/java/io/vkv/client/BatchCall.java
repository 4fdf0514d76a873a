package io.vkv.client;

import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;

/**
 * Runs one bidirectional batch stream (GetMany, PutMany, DeleteMany): sends the requests as fast as the
 * stream's flow control allows, collects one response per request in order, and reports how many were
 * answered if the stream fails part way.
 */
final class BatchCall<Q, R> implements ClientResponseObserver<Q, R> {

    private final Iterator<Q> requests;
    private final int count;
    private final List<R> responses;
    private final CompletableFuture<List<R>> done = new CompletableFuture<>();
    private ClientCallStreamObserver<Q> call;
    private boolean halfClosed;

    private BatchCall(List<Q> requests) {
        this.requests = requests.iterator();
        this.count = requests.size();
        this.responses = Collections.synchronizedList(new ArrayList<>(requests.size()));
    }

    /**
     * Sends {@code requests} on the stream that {@code start} opens (a stub method with its deadline set)
     * and returns the responses in order.
     *
     * @throws BatchFailedException when the stream fails, carrying how many requests were answered
     */
    static <Q, R> List<R> run(Function<StreamObserver<R>, StreamObserver<Q>> start, List<Q> requests,
                              StatusMapping errors, String operation, Duration deadline) {
        BatchCall<Q, R> batch = new BatchCall<>(requests);
        start.apply(batch);
        try {
            List<R> result = batch.done.get();
            if (result.size() != batch.count) {
                throw new VkvException(operation + ": the node answered " + result.size() + " of " + batch.count + " requests");
            }
            return result;
        } catch (ExecutionException e) {
            throw new BatchFailedException(errors.translate(e.getCause(), operation, deadline), batch.responses.size());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            batch.call.cancel("interrupted", e);
            throw new BatchFailedException(new VkvException(operation + " was interrupted", e), batch.responses.size());
        }
    }

    @Override
    public void beforeStart(ClientCallStreamObserver<Q> requestStream) {
        call = requestStream;
        requestStream.setOnReadyHandler(this::sendWhileReady);
    }

    /** Called by gRPC, one at a time, whenever the stream can take more: send until it cannot. */
    private void sendWhileReady() {
        while (!halfClosed && call.isReady() && requests.hasNext()) {
            call.onNext(requests.next());
        }
        if (!halfClosed && !requests.hasNext()) {
            halfClosed = true;
            call.onCompleted();
        }
    }

    @Override
    public void onNext(R response) {
        responses.add(response);
    }

    @Override
    public void onError(Throwable t) {
        done.completeExceptionally(t);
    }

    @Override
    public void onCompleted() {
        done.complete(List.copyOf(responses));
    }
}
