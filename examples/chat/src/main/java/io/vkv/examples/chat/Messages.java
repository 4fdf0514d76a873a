package io.vkv.examples.chat;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.vkv.client.Context;
import io.vkv.client.Sibling;
import io.vkv.client.VkvClient;
import io.vkv.client.Versions;
import io.vkv.examples.chat.v1.ChatMessage;
import io.vkv.examples.chat.v1.Session;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A room's messages in vkv: each one a key of its own, written once, named by its {@link MessageIds id}. */
final class Messages {

    private static final Logger log = LoggerFactory.getLogger(Messages.class);

    private final VkvClient kv;
    private final MessageIds ids;
    private final String server;
    private final LongSupplier clock;

    Messages(VkvClient kv, String server, LongSupplier clock) {
        this.kv = kv;
        this.server = server;
        this.ids = new MessageIds(server);
        this.clock = clock;
    }

    /** Stores {@code text} from the session's nickname; once this returns, the message is in vkv. */
    ChatMessage append(Session session, String text) {
        long now = clock.getAsLong();
        ChatMessage message = ChatMessage.newBuilder().setId(ids.next(now)).setRoom(session.getRoom())
                .setNickname(session.getNickname()).setText(text).setSentMillis(now).setServer(server).build();
        // A new key: nothing to supersede, so no context.
        kv.put(ChatKeys.message(message.getRoom(), message.getId()).getBytes(UTF_8), message.toByteArray(), Context.EMPTY);
        return message;
    }

    /** The room's last {@code limit} messages, oldest first. */
    List<ChatMessage> recent(String room, int limit) {
        Deque<ChatMessage> last = new ArrayDeque<>(limit);
        each(kv.scanPrefix(ChatKeys.messages(room), 256), message -> {
            if (last.size() == limit) {
                last.removeFirst();
            }
            last.addLast(message);
        });
        return new ArrayList<>(last);
    }

    /** The room's messages with ids after {@code afterId} (exclusive), oldest first. */
    void after(String room, String afterId, Consumer<ChatMessage> sink) {
        // From the first key after the id (the id followed by the smallest character) to the end of the room's messages.
        byte[] from = (ChatKeys.message(room, afterId) + '\0').getBytes(UTF_8);
        each(kv.scanAll(from, VkvClient.prefixEnd(ChatKeys.messages(room).getBytes(UTF_8)), 256), sink);
    }

    private static void each(Iterator<Versions> all, Consumer<ChatMessage> sink) {
        while (all.hasNext()) {
            Versions v = all.next();
            message(v).ifPresent(sink);
        }
    }

    /** The message a key holds, when it holds one (a message is written once; a second sibling is the same message). */
    static Optional<ChatMessage> message(Versions v) {
        Optional<Sibling> first = v.live().stream().findFirst();
        try {
            return first.map(s -> Records.parse(ChatMessage.parser(), s, v.keyString()));
        } catch (IllegalStateException e) {
            log.warn("skipped: {}", e.getMessage());
            return Optional.empty();
        }
    }
}
