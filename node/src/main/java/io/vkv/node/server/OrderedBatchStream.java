package io.vkv.node.server;

import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Serves one batch stream (GetMany, PutMany, DeleteMany) without blocking a thread: each request
 * starts an asynchronous operation, and responses go out in request order as the operations finish.
 * Inbound flow control bounds the work in flight to {@code window} requests, and no more requests
 * are read while the client is not reading responses. The first failing request ends the stream
 * with its status, prefixed by its 1-based position, once the responses before it have been sent;
 * requests after one refused on receipt (bad key, value or context) are not carried out.
 */
public final class OrderedBatchStream<Q, R> implements StreamObserver<Q> {

    private final String method;
    private final ServerCallStreamObserver<R> out;
    private final int window;
    private final Function<Q, CompletableFuture<R>> operation;

    // Guarded by this: responses are sent under the lock so they leave in order, one at a time.
    private final ArrayDeque<CompletableFuture<R>> pending = new ArrayDeque<>();
    private long delivered;
    private int outstanding;
    private boolean inputDone;
    private boolean refused;
    private boolean finished;

    private OrderedBatchStream(String method, ServerCallStreamObserver<R> out, int window,
                               Function<Q, CompletableFuture<R>> operation) {
        this.method = method;
        this.out = out;
        this.window = window;
        this.operation = operation;
    }

    /**
     * Starts serving a stream whose responses go to {@code responses}; must be called from the
     * service method itself (inbound flow control can only be taken over before it returns).
     */
    public static <Q, R> StreamObserver<Q> start(String method, StreamObserver<R> responses, int window,
                                          Function<Q, CompletableFuture<R>> operation) {
        ServerCallStreamObserver<R> out = (ServerCallStreamObserver<R>) responses;
        OrderedBatchStream<Q, R> stream = new OrderedBatchStream<>(method, out, window, operation);
        out.disableAutoRequest();
        out.setOnReadyHandler(stream::requestMore);
        out.setOnCancelHandler(stream::abandon);
        stream.requestMore();
        return stream;
    }

    @Override
    public void onNext(Q request) {
        synchronized (this) {
            outstanding = Math.max(0, outstanding - 1);
            if (finished || refused) {
                return;
            }
        }
        CompletableFuture<R> result;
        try {
            result = operation.apply(request);
        } catch (RuntimeException e) {
            result = CompletableFuture.failedFuture(e);
        }
        synchronized (this) {
            if (finished) {
                return;
            }
            pending.addLast(result);
            refused = result.isCompletedExceptionally();
        }
        result.whenComplete((r, e) -> drain());
    }

    @Override
    public void onError(Throwable t) {
        abandon(); // the client cancelled or the transport failed: nobody is listening any more
    }

    @Override
    public void onCompleted() {
        synchronized (this) {
            inputDone = true;
        }
        drain();
    }

    /** Sends every finished response at the head of the queue, then asks for more requests. */
    private void drain() {
        synchronized (this) {
            while (!finished && !pending.isEmpty() && pending.peekFirst().isDone()) {
                R response;
                try {
                    response = pending.pollFirst().join();
                } catch (RuntimeException e) {
                    fail(e);
                    return;
                }
                out.onNext(response);
                delivered++;
            }
            if (!finished && inputDone && pending.isEmpty()) {
                finished = true;
                out.onCompleted();
                return;
            }
        }
        requestMore();
    }

    private void fail(RuntimeException e) {
        finished = true;
        pending.clear();
        StatusRuntimeException s = ErrorStatus.of(method, e);
        String why = s.getStatus().getDescription();
        out.onError(s.getStatus()
                .withDescription(method + " request #" + (delivered + 1) + ": " + why)
                .asRuntimeException());
    }

    /** Tops the requests in flight up to the window, unless the client is not reading responses. */
    private void requestMore() {
        int n;
        synchronized (this) {
            if (finished || inputDone || refused || !out.isReady()) {
                return;
            }
            n = window - pending.size() - outstanding;
            if (n <= 0) {
                return;
            }
            outstanding += n;
        }
        out.request(n); // outside the lock: the transport may deliver messages from inside request()
    }

    private synchronized void abandon() {
        finished = true;
        pending.clear();
    }
}
