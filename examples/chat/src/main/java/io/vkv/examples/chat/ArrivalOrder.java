package io.vkv.examples.chat;

import io.vkv.examples.chat.v1.ChatMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Puts messages back in id order for a client that can only append (a terminal): each message is held for a short while
 * after it arrives, so one sent a moment earlier through another server, arriving a moment later, still goes first.
 * Pure; the caller passes the time.
 */
final class ArrivalOrder {

    private final long holdMillis;
    private final TreeMap<String, Held> pending = new TreeMap<>();

    private record Held(ChatMessage message, long arrived) {
    }

    ArrivalOrder(long holdMillis) {
        this.holdMillis = holdMillis;
    }

    synchronized void add(ChatMessage message, long nowMillis) {
        pending.putIfAbsent(message.getId(), new Held(message, nowMillis));
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
            out.add(pending.pollFirstEntry().getValue().message);
        }
        return out;
    }
}
