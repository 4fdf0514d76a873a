package io.vkv.node.version;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DotCountersTest {

    private static final Actor ME = new Actor("me", 0xbeef);
    private static final Actor OTHER = new Actor("other", 1);

    private final DotCounters counters = new DotCounters(ME, 4);

    @Test
    void theFirstDotOfEveryPartitionIsOneAndEachWriteAddsOne() {
        assertEquals(0, counters.current(2));
        assertEquals(new Dot(ME, 1), counters.next(2));
        assertEquals(new Dot(ME, 2), counters.next(2));
        assertEquals(new Dot(ME, 1), counters.next(3), "partitions count independently");
        assertEquals(2, counters.current(2));
        assertEquals(4, counters.partitions());
    }

    @Test
    void advanceToRaisesTheCounterButNeverLowersIt() {
        counters.advanceTo(0, 5);
        counters.advanceTo(0, 3);

        assertEquals(5, counters.current(0));
        assertEquals(new Dot(ME, 6), counters.next(0));
    }

    @Test
    void advancePastSkipsEveryDotOfThisActorTheStateCoversOrHolds() {
        KeyState covering = KeyState.of(List.of(), VersionVector.of(Map.of(ME, 7L, OTHER, 50L)));
        KeyState holding = KeyState.of(
                List.of(Sibling.value(new Dot(ME, 9), VersionVector.EMPTY, new byte[] {1}, 0),
                        Sibling.value(new Dot(OTHER, 60), VersionVector.EMPTY, new byte[] {2}, 0)),
                VersionVector.EMPTY);

        counters.advancePast(1, covering);
        assertEquals(new Dot(ME, 8), counters.next(1));
        counters.advancePast(1, holding);
        assertEquals(new Dot(ME, 10), counters.next(1), "the other actor's dots do not count");
    }

    @Test
    void advancePastNeverLowersTheCounter() {
        counters.advanceTo(0, 20);

        counters.advancePast(0, KeyState.of(List.of(), VersionVector.of(Map.of(ME, 7L))));
        counters.advancePast(0, KeyState.EMPTY);

        assertEquals(20, counters.current(0));
    }

    @Test
    void aCounterSetWithoutPartitionsIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new DotCounters(ME, 0));

        assertEquals("partition count must be at least 1, got 0", e.getMessage());
    }

    @Test
    void aDotCounterBelowOneIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Dot(ME, 0));

        assertEquals("dot counters start at 1, got 0", e.getMessage());
    }
}
