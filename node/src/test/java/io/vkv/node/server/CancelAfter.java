package io.vkv.node.server;

import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** A client that cancels its call after receiving {@code n} messages: one that vanishes mid-stream. */
final class CancelAfter<Q, R> implements ClientResponseObserver<Q, R> {

    private final int n;
    private final AtomicInteger received = new AtomicInteger();
    private final CountDownLatch ended = new CountDownLatch(1);
    private ClientCallStreamObserver<Q> call;

    CancelAfter(int n) {
        this.n = n;
    }

    @Override
    public void beforeStart(ClientCallStreamObserver<Q> requestStream) {
        this.call = requestStream;
    }

    @Override
    public void onNext(R value) {
        if (received.incrementAndGet() == n) {
            call.cancel("client vanished", null);
        }
    }

    @Override
    public void onError(Throwable t) {
        ended.countDown();
    }

    @Override
    public void onCompleted() {
        ended.countDown();
    }

    /** Waits until the call has ended; returns the messages received. */
    int awaitEnd() throws InterruptedException {
        if (!ended.await(30, TimeUnit.SECONDS)) {
            throw new AssertionError("the call did not end");
        }
        return received.get();
    }
}
