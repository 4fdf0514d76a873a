package io.vkv.examples.chat;

import io.vkv.client.VkvClient;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.function.LongSupplier;

/** The rooms this server has receivers in: a {@link RoomFeed} per room, opened by its first subscriber, closed after its last. */
final class Feeds implements AutoCloseable {

    private final VkvClient kv;
    private final Members members;
    private final Messages messages;
    private final LongSupplier clock;
    private final Map<String, RoomFeed> open = new HashMap<>();
    // One thread delivers every room's changes in the order the watches gave them; once the server closes, what is
    // still handed to it (a watch ending, a stream cancelled) is dropped: a restart releases and rescans anyway.
    private final ScheduledExecutorService worker = new ScheduledThreadPoolExecutor(1, r -> {
        Thread t = new Thread(r, "chat-feeds");
        t.setDaemon(true);
        return t;
    }, new ThreadPoolExecutor.DiscardPolicy());

    Feeds(VkvClient kv, Members members, Messages messages, LongSupplier clock) {
        this.kv = kv;
        this.members = members;
        this.messages = messages;
        this.clock = clock;
    }

    synchronized void subscribe(Subscriber subscriber, String afterId) {
        String room = subscriber.session().getRoom();
        open.computeIfAbsent(room, r -> new RoomFeed(r, kv, members, messages, worker, clock).start()).add(subscriber, afterId);
    }

    synchronized void unsubscribe(Subscriber subscriber) {
        String room = subscriber.session().getRoom();
        RoomFeed feed = open.get(room);
        if (feed != null && feed.remove(subscriber)) {
            open.remove(room);
            feed.close();
        }
    }

    /** Runs {@code task} on the feeds' thread (kv calls a stream's end needs, off gRPC's threads). */
    void later(Runnable task) {
        worker.execute(task);
    }

    @Override
    public synchronized void close() {
        open.values().forEach(RoomFeed::close);
        open.clear();
        worker.shutdownNow();
    }
}
