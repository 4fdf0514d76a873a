package io.vkv.node.version;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class HybridTimeTest {

    private static final long NOW = Instant.parse("2026-11-24T05:45:49.123Z").toEpochMilli();

    @Test
    void nextTakesThePhysicalTimeWhenItIsAhead() {
        long last = HybridTime.of(NOW - 5, 7);

        assertEquals(HybridTime.of(NOW, 0), HybridTime.next(last, NOW));
    }

    @Test
    void nextTicksTheLogicalCounterWhenThePhysicalClockStandsStillOrGoesBack() {
        long last = HybridTime.of(NOW, 3);

        assertEquals(HybridTime.of(NOW, 4), HybridTime.next(last, NOW));
        assertEquals(HybridTime.of(NOW, 4), HybridTime.next(last, NOW - 1000));
    }

    @Test
    void nextIsMonotonicAcrossALogicalCounterOverflow() {
        long last = HybridTime.of(NOW, 0xFFFF);

        long next = HybridTime.next(last, NOW);

        assertTrue(next > last);
        assertEquals(HybridTime.of(NOW + 1, 0), next);
    }

    @Test
    void nextIsStrictlyIncreasingOverASequenceOfLocalEvents() {
        long[] physical = {NOW, NOW, NOW - 3, NOW + 2, NOW + 2, NOW + 1, NOW + 10};
        long last = 0;
        for (long p : physical) {
            long previous = last;
            long next = HybridTime.next(previous, p);
            assertTrue(next > previous, () -> HybridTime.format(next) + " is not after " + HybridTime.format(previous));
            last = next;
        }
    }

    @Test
    void observeMovesPastARemoteTimestampAheadOfTheLocalClock() {
        long last = HybridTime.of(NOW, 0);
        long remote = HybridTime.of(NOW + 500, 9);

        long observed = HybridTime.observe(last, remote, NOW);

        assertEquals(HybridTime.of(NOW + 500, 10), observed);
    }

    @Test
    void observeOfAnOldRemoteTimestampStillMovesPastTheLocalClock() {
        long last = HybridTime.of(NOW, 4);

        assertEquals(HybridTime.of(NOW, 5), HybridTime.observe(last, HybridTime.of(NOW - 100, 0), NOW));
        assertEquals(HybridTime.of(NOW + 1, 0), HybridTime.observe(last, HybridTime.of(NOW - 100, 0), NOW + 1));
    }

    @Test
    void packsMillisecondsAndLogicalCounter() {
        long hlc = HybridTime.of(NOW, 42);

        assertEquals(NOW, HybridTime.physicalMillis(hlc));
        assertEquals(42, HybridTime.logical(hlc));
    }

    @Test
    void formatsAsIsoInstantPlusLogicalCounter() {
        assertEquals("2026-11-24T05:45:49.123Z+3", HybridTime.format(HybridTime.of(NOW, 3)));
        assertEquals("1970-01-01T00:00:00Z+0", HybridTime.format(0));
    }
}
