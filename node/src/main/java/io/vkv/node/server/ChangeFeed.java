package io.vkv.node.server;

import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.vkv.node.storage.ChangeListener;
import io.vkv.node.storage.Key;
import io.vkv.node.version.Actor;
import io.vkv.node.version.KeyState;
import io.vkv.node.version.Sibling;
import io.vkv.proto.v1.WatchEvent;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The store's one change listener for Watch: hands each change to the watchers whose prefix
 * matches, encoding it once however many watch it. Runs on the store's thread, so it never blocks.
 */
public final class ChangeFeed implements ChangeListener {

    private final Actor self;
    private final ResponseEncoder encoder;
    private final int capacity;
    private final CopyOnWriteArrayList<WatchStream> watchers = new CopyOnWriteArrayList<>();

    /** A feed for a store acting as {@code self}; each watcher buffers at most {@code capacity} events. */
    public ChangeFeed(Actor self, ResponseEncoder encoder, int capacity) {
        this.self = self;
        this.encoder = encoder;
        this.capacity = capacity;
    }

    /** Registers a watcher of keys starting with {@code prefix} that sends to {@code responses}; returns it. */
    WatchStream watch(byte[] prefix, StreamObserver<WatchEvent> responses) {
        WatchStream w = new WatchStream(prefix, capacity, (ServerCallStreamObserver<WatchEvent>) responses, watchers::remove);
        watchers.add(w);
        return w;
    }

    @Override
    public void onChange(Key key, int partition, KeyState delta, KeyState state, boolean local) {
        byte[] k = key.bytes();
        WatchEvent event = null;
        for (WatchStream w : watchers) {
            if (w.matches(k)) {
                if (event == null) {
                    event = WatchEvent.newBuilder().setState(encoder.get(k, state)).setOrigin(origin(delta, local)).build();
                }
                w.offer(event);
            }
        }
    }

    /** Ends every watch with {@code status}: the node is stopping. */
    void closeAll(Status status) {
        for (WatchStream w : watchers) {
            w.close(status);
        }
    }

    /** Number of open watches. */
    int size() {
        return watchers.size();
    }

    /** Who caused the change: this node for its own writes, else the actor of the newest write merged. */
    private String origin(KeyState delta, boolean local) {
        if (local) {
            return self.toString();
        }
        Sibling newest = null;
        for (Sibling s : delta.siblings()) {
            if (newest == null || Long.compareUnsigned(s.hlc(), newest.hlc()) > 0) {
                newest = s;
            }
        }
        return newest == null ? "" : newest.dot().actor().toString();
    }
}
