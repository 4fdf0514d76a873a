package io.vkv.client;

import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.vkv.proto.v1.WatchEvent;
import io.vkv.proto.v1.WatchRequest;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** A running watch; cancel it (or close it) to stop receiving changes. */
public final class WatchHandle implements AutoCloseable {

    private final Observer observer;

    private WatchHandle(Observer observer) {
        this.observer = observer;
    }

    /** Starts the stream through {@code start}, delivering its events to {@code listener}. */
    static WatchHandle start(Consumer<ClientResponseObserver<WatchRequest, WatchEvent>> start,
                             WatchListener listener, StatusMapping errors) {
        Observer observer = new Observer(listener, errors);
        start.accept(observer);
        return new WatchHandle(observer);
    }

    /** Stops the watch: no change is delivered after this returns, apart from one already being delivered. */
    public void cancel() {
        observer.cancel();
    }

    /** True once the stream has ended: cancelled, failed or closed by the node. */
    public boolean isDone() {
        return observer.ended.getCount() == 0;
    }

    /** Waits up to {@code timeout} for the stream to end (and its listener to be told why); true if it did. */
    public boolean awaitEnd(Duration timeout) throws InterruptedException {
        return observer.ended.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        cancel();
    }

    private static final class Observer implements ClientResponseObserver<WatchRequest, WatchEvent> {
        private final WatchListener listener;
        private final StatusMapping errors;
        private final CountDownLatch ended = new CountDownLatch(1);
        private volatile ClientCallStreamObserver<WatchRequest> call;
        private volatile boolean cancelled;

        Observer(WatchListener listener, StatusMapping errors) {
            this.listener = listener;
            this.errors = errors;
        }

        @Override
        public void beforeStart(ClientCallStreamObserver<WatchRequest> requestStream) {
            call = requestStream;
        }

        void cancel() {
            cancelled = true;
            ClientCallStreamObserver<WatchRequest> c = call;
            if (c != null) {
                c.cancel("watch cancelled by the client", null);
            }
        }

        @Override
        public void onNext(WatchEvent event) {
            if (!cancelled) {
                listener.onChange(new KeyChange(ProtoMapping.versions(event.getState()), event.getOrigin()));
            }
        }

        @Override
        public void onError(Throwable t) {
            try {
                if (!cancelled) {
                    listener.onError(errors.translate(t, "watch", Duration.ZERO));
                }
            } finally {
                // Only after the listener has heard why: awaitEnd callers may then inspect what it recorded.
                ended.countDown();
            }
        }

        @Override
        public void onCompleted() {
            ended.countDown();
        }
    }
}
