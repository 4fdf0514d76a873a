package io.vkv.node.server;

import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.vkv.proto.v1.WatchEvent;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * One Watch call: the changes waiting to be sent to one client. Offering never blocks; events go
 * out while the transport is ready, and a watcher more than {@code capacity} events behind is
 * closed with RESOURCE_EXHAUSTED instead of holding ever more memory for a client that does not read.
 */
final class WatchStream {

    private final byte[] prefix;
    private final int capacity;
    private final ServerCallStreamObserver<WatchEvent> out;
    private final Consumer<WatchStream> onClosed;

    // Guarded by this: events are sent under the lock so they leave in the order they were offered.
    private final ArrayDeque<WatchEvent> queue = new ArrayDeque<>();
    private final List<Runnable> onEnd = new ArrayList<>();
    private boolean closed;

    WatchStream(byte[] prefix, int capacity, ServerCallStreamObserver<WatchEvent> out, Consumer<WatchStream> onClosed) {
        this.prefix = prefix.clone();
        this.capacity = capacity;
        this.out = out;
        this.onClosed = onClosed;
        out.setOnReadyHandler(this::drain);
        out.setOnCancelHandler(this::cancelled);
    }

    /** True when {@code key} starts with this watcher's prefix. */
    boolean matches(byte[] key) {
        if (key.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (key[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** Runs {@code action} when the watch ends, however it ends (at once if it has ended). */
    void onEnd(Runnable action) {
        synchronized (this) {
            if (!closed) {
                onEnd.add(action);
                return;
            }
        }
        action.run();
    }

    private void ended() {
        List<Runnable> actions;
        synchronized (this) {
            actions = List.copyOf(onEnd);
            onEnd.clear();
        }
        actions.forEach(Runnable::run);
        onClosed.accept(this);
    }

    /** Queues {@code event} and sends what the transport accepts; never blocks. */
    void offer(WatchEvent event) {
        synchronized (this) {
            if (closed) {
                return;
            }
            if (queue.size() >= capacity) {
                close(Status.RESOURCE_EXHAUSTED.withDescription("watcher fell more than " + capacity
                        + " changes behind and was closed; read the current state and watch again"));
                return;
            }
            queue.addLast(event);
        }
        drain();
    }

    /** Ends the watch with {@code status} (the node is stopping, or the watcher fell behind). */
    void close(Status status) {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            queue.clear();
            out.onError(status.asRuntimeException());
        }
        ended();
    }

    private synchronized void drain() {
        while (!closed && !queue.isEmpty() && out.isReady()) {
            out.onNext(queue.pollFirst());
        }
    }

    private void cancelled() {
        synchronized (this) {
            closed = true;
            queue.clear();
        }
        ended();
    }
}
