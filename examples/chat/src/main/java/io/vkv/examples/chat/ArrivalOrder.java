package io.vkv.examples.chat;

import io.vkv.examples.chat.v1.ChatMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Puts messages back in id order for a client that can only append (a terminal): each message is held for a short while
 * after it arrives, so one sent a moment earlier through another server, arriving a moment later, still goes first. Each
 * id is shown once. Pure; the caller passes the time.
 */
final class ArrivalOrder {

    private static final int REMEMBERED = 10_000;

    private final long holdMillis;
    private final TreeMap<String, Held> pending = new TreeMap<>();
    // Ids already shown, so a repeat is not shown again; the oldest are forgotten past the bound.
    private final TreeSet<String> shown = new TreeSet<>();

    private record Held(ChatMessage message, long arrived) {
    }

    ArrivalOrder(long holdMillis) {
        this.holdMillis = holdMillis;
    }

    synchronized void add(ChatMessage message, long nowMillis) {
        if (!shown.contains(message.getId())) {
            pending.putIfAbsent(message.getId(), new Held(message, nowMillis));
        }
    }

    /** The messages to show now, in id order: up to the last one held long enough, with every smaller id before it. */
    synchronized List<ChatMessage> due(long nowMillis) {
        String last = null;
        for (Held h : pending.values()) {
            if (nowMillis - h.arrived >= holdMillis) {
                last = h.message.getId();
            }
        }
        List<ChatMessage> out = new ArrayList<>();
        while (last != null && !pending.isEmpty() && pending.firstKey().compareTo(last) <= 0) {
            ChatMessage m = pending.pollFirstEntry().getValue().message;
            out.add(m);
            shown.add(m.getId());
            if (shown.size() > REMEMBERED) {
                shown.pollFirst();
            }
        }
        return out;
    }
}
