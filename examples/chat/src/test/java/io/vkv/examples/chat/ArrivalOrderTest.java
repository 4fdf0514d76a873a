package io.vkv.examples.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vkv.examples.chat.v1.ChatMessage;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** The terminal's reordering: each message shown once, in id order when the messages arrive within the hold. */
class ArrivalOrderTest {

    private static ChatMessage message(int n) {
        return ChatMessage.newBuilder().setId(String.format("%015d-a-%010d", 1000 + n, n)).setText("m" + n).build();
    }

    @Property
    void everyMessageIsShownOnceAndThoseArrivingWithinTheHoldInIdOrder(
            @ForAll @Size(max = 30) List<@IntRange(max = 40) Integer> arrivals, @ForAll @IntRange(max = 99) int lag) {
        ArrivalOrder order = new ArrivalOrder(100);
        List<ChatMessage> shown = new ArrayList<>();
        long now = 0;
        for (int i = 0; i < arrivals.size(); i++) {
            now += lag % 5; // within the hold of each other
            order.add(message(arrivals.get(i)), now);
            order.add(message(arrivals.get(i)), now); // a repeat is not shown twice
            shown.addAll(order.due(now));
        }
        shown.addAll(order.due(now + 100));
        List<String> ids = shown.stream().map(ChatMessage::getId).toList();
        assertEquals(arrivals.stream().distinct().count(), ids.size());
        if (arrivals.size() * (lag % 5) < 100) {
            assertEquals(ids.stream().sorted().toList(), ids, "all arrived within one hold: shown in id order");
        }
    }

    @Test
    void aMessageIsHeldUntilTheHoldPassesThenReleasedWithEverySmallerId() {
        ArrivalOrder order = new ArrivalOrder(300);
        order.add(message(5), 0);
        order.add(message(3), 200);
        assertTrue(order.due(299).isEmpty());
        assertEquals(List.of(message(3), message(5)), order.due(300), "5 is due, and 3 goes before it");
        assertTrue(order.due(10_000).isEmpty());
    }
}
