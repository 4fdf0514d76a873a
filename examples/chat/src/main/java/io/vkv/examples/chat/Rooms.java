package io.vkv.examples.chat;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.vkv.client.Sibling;
import io.vkv.client.VkvClient;
import io.vkv.client.Versions;
import io.vkv.examples.chat.v1.RoomRecord;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Rooms in vkv: one key per room holding its password hash. */
final class Rooms {

    private static final int MAX_ITERATIONS = 10_000_000;
    private final VkvClient kv;

    Rooms(VkvClient kv) {
        this.kv = kv;
    }

    /** Creates {@code room}; ALREADY_EXISTS when the name is taken. */
    void create(String room, String password) {
        ChatNames.room(room);
        ChatNames.password(password);
        Versions current = kv.get(ChatKeys.room(room));
        if (!current.live().isEmpty()) {
            throw ChatError.exists("room '" + room + "' already exists");
        }
        // Two servers creating the same room at once leave two siblings: the earliest keeps the name (EarliestClaim).
        kv.put(ChatKeys.room(room).getBytes(UTF_8),
                PasswordHash.record(room, password).toByteArray(), current.context());
    }

    /** Checks {@code password} against the room's; NOT_FOUND for no such room, PERMISSION_DENIED for a wrong one. */
    void enter(String room, String password) {
        ChatNames.room(room);
        ChatNames.password(password);
        RoomRecord record = find(room).orElseThrow(() -> ChatError.notFound("room '" + room + "' does not exist; create it first"));
        if (!PasswordHash.matches(record, password)) {
            throw ChatError.denied("wrong password for room '" + room + "'");
        }
    }

    /** The room's record as its earliest claim wrote it, or empty. */
    Optional<RoomRecord> find(String room) {
        String key = ChatKeys.room(room);
        Optional<Sibling> winner = EarliestClaim.winner(kv.get(key).siblings());
        if (winner.isEmpty()) {
            return Optional.empty();
        }
        RoomRecord record = Records.parse(RoomRecord.parser(), winner.get(), key);
        if (record.getIterations() < 1 || record.getIterations() > MAX_ITERATIONS) {
            throw new IllegalStateException("the room record at " + key + " has " + record.getIterations() + " iterations");
        }
        return Optional.of(record);
    }

    /** Names of rooms containing {@code query} (case-insensitive), in name order; empty query: all. */
    List<String> search(String query) {
        String wanted = query.toLowerCase(Locale.ROOT);
        List<String> found = new ArrayList<>();
        Iterator<Versions> all = kv.scanPrefix(ChatKeys.ROOMS, 256);
        while (all.hasNext()) {
            Versions v = all.next();
            String name = v.keyString().substring(ChatKeys.ROOMS.length());
            if (!v.live().isEmpty() && name.toLowerCase(Locale.ROOT).contains(wanted)) {
                found.add(name);
            }
        }
        return found;
    }

    /** Every room's name. */
    List<String> all() {
        return search("");
    }
}
