package io.vkv.examples.chat;

import io.vkv.client.KeyChange;
import io.vkv.client.VkvClient;
import io.vkv.client.VkvException;
import io.vkv.client.Versions;
import io.vkv.client.WatchHandle;
import io.vkv.client.WatchListener;
import io.vkv.examples.chat.v1.MemberClaim;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A room as this server's receivers see it: one vkv Watch on the room's prefix, whose message changes go to every
 * subscriber and whose member changes reveal nicknames claimed twice. A watch only streams what happens after it starts,
 * so whenever one starts (first subscriber, or again after the node went away) the feed also scans the room's recent
 * messages; subscribers drop what they already passed on.
 */
final class RoomFeed implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RoomFeed.class);
    /** How far back a catch-up scan reaches before the moment a watch was missing: covers replication lag and skew. */
    static final long CATCH_UP_MILLIS = 5 * 60_000;
    /** A watch's registration on the node is not acknowledged; a second scan this much later closes that window. */
    private static final long SECOND_SCAN_MILLIS = 2_000;
    private static final long REWATCH_MILLIS = 1_000;

    private final String room;
    private final VkvClient kv;
    private final Members members;
    private final Messages messages;
    private final ScheduledExecutorService worker;
    private final LongSupplier clock;
    private final Set<Subscriber> subscribers = new CopyOnWriteArraySet<>();
    private volatile WatchHandle watch;
    private volatile boolean closed;

    RoomFeed(String room, VkvClient kv, Members members, Messages messages, ScheduledExecutorService worker, LongSupplier clock) {
        this.room = room;
        this.kv = kv;
        this.members = members;
        this.messages = messages;
        this.worker = worker;
        this.clock = clock;
    }

    /** Starts the watch; runs on the worker. */
    RoomFeed start() {
        worker.execute(() -> watch(clock.getAsLong()));
        return this;
    }

    /** Adds a subscriber and sends it the room's messages after {@code afterId}. */
    void add(Subscriber subscriber, String afterId) {
        subscribers.add(subscriber);
        long now = clock.getAsLong();
        worker.execute(() -> catchUp(Set.of(subscriber), afterId));
        worker.schedule(() -> catchUp(Set.of(subscriber), idAt(now - SECOND_SCAN_MILLIS)), SECOND_SCAN_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Where a receiver that asked for no earlier message starts: a little before now, as the second scan does. */
    static String fromNow(long nowMillis) {
        return idAt(nowMillis - SECOND_SCAN_MILLIS);
    }

    /** Removes a subscriber; true when none is left. */
    boolean remove(Subscriber subscriber) {
        subscribers.remove(subscriber);
        return subscribers.isEmpty();
    }

    private void watch(long missingSince) {
        if (closed) {
            return;
        }
        try {
            watch = kv.watch(ChatKeys.inRoom(room), new WatchListener() {
                @Override
                public void onChange(KeyChange change) {
                    worker.execute(() -> changed(change.state()));
                }

                @Override
                public void onError(VkvException e) {
                    if (!closed) {
                        log.info("watch of room {} ended ({}); watching again", room, e.getMessage());
                        long since = clock.getAsLong();
                        later(() -> watch(since));
                    }
                }
            });
        } catch (VkvException e) {
            later(() -> watch(missingSince));
            return;
        }
        String from = idAt(missingSince - CATCH_UP_MILLIS);
        catchUp(subscribers, from);
        worker.schedule(() -> catchUp(subscribers, from), SECOND_SCAN_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void changed(Versions state) {
        String key = state.keyString();
        if (ChatKeys.isMessage(room, key)) {
            Messages.message(state).ifPresent(m -> subscribers.forEach(s -> s.message(m)));
            return;
        }
        String nickname = ChatKeys.nicknameOf(room, key);
        if (nickname != null && state.live().size() > 1) {
            contested(key, nickname, state);
        }
    }

    /** A nickname claimed through two servers: tell this server's losing sessions, and let the winner's server settle it. */
    private void contested(String key, String nickname, Versions state) {
        Optional<MemberClaim> winner;
        try {
            winner = Members.winner(key, state);
        } catch (IllegalStateException e) {
            log.warn("room {}: {}", room, e.getMessage());
            return;
        }
        for (Subscriber s : subscribers) {
            if (s.session().getNickname().equals(nickname) && winner.isPresent()
                    && !winner.get().getToken().equals(s.session().getToken())) {
                log.info("room {}: nickname {} went to the earlier claim through server {}", room, nickname, winner.get().getServer());
                s.lost("nickname '" + nickname + "' was claimed at the same time through server '" + winner.get().getServer()
                        + "', earlier; the earliest claim keeps it. Join again with another nickname.");
            }
        }
        try {
            members.settle(key);
        } catch (VkvException e) {
            log.info("room {}: nickname {} not settled yet ({})", room, nickname, e.getMessage());
        }
    }

    private void catchUp(Set<Subscriber> to, String afterId) {
        if (to.isEmpty() || closed) {
            return;
        }
        try {
            // A scan finds what the client may have from Join's history: only ids past its floor go to it. A live change
            // is new to this node, so it goes to everyone, however small its id (sent earlier, arrived late).
            messages.after(room, afterId, m -> to.stream().filter(s -> m.getId().compareTo(s.floor()) > 0).forEach(s -> s.message(m)));
        } catch (VkvException e) {
            log.info("room {}: catch-up scan failed ({}); scanning again", room, e.getMessage());
            later(() -> catchUp(to, afterId));
        }
    }

    private void later(Runnable task) {
        worker.schedule(task, REWATCH_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** The smallest id at or after {@code millis}: a lower bound for scans. */
    private static String idAt(long millis) {
        return String.format("%015d", Math.max(0, millis));
    }

    @Override
    public void close() {
        closed = true;
        WatchHandle w = watch;
        if (w != null) {
            w.close();
        }
    }
}
