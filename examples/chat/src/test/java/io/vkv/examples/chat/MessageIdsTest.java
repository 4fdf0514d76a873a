package io.vkv.examples.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** Message ids: unique and increasing on a server even when its clock steps back, and ordered by time across servers. */
class MessageIdsTest {

    @Property
    void idsOfOneServerIncreaseWhateverTheClockDoes(@ForAll @Size(min = 1, max = 50) List<@LongRange(max = 999_999_999_999_999L) Long> clock) {
        MessageIds ids = new MessageIds("srv");
        List<String> made = new ArrayList<>();
        clock.forEach(t -> made.add(ids.next(t)));
        assertEquals(made.stream().sorted().distinct().toList(), made);
        assertTrue(made.stream().allMatch(MessageIds::isId), made.toString());
    }

    @Test
    void idsOfDifferentServersOrderByTimeFirst() {
        String early = new MessageIds("zz").next(1_000);
        String late = new MessageIds("aa").next(1_001);
        assertTrue(early.compareTo(late) < 0);
        assertTrue(MessageIds.isId(early));
        assertFalse(MessageIds.isId("not-an-id"));
        assertFalse(MessageIds.isId(early + "/../x"));
    }
}
