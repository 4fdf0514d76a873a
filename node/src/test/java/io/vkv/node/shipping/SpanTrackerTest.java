package io.vkv.node.shipping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.vkv.node.version.Actor;
import org.junit.jupiter.api.Test;

class SpanTrackerTest {

    private final Actor a = new Actor("a", 1);
    private final Actor b = new Actor("b", 1);
    private final SpanTracker spans = new SpanTracker(4);

    @Test
    void theFirstBatchOfAnOriginSetsTheBaselineWithoutAGap() {
        assertNull(spans.observe(a, 0, 40, 45));
        assertEquals(45, spans.last(a, 0));
    }

    @Test
    void contiguousSpansShowNoGap() {
        spans.observe(a, 0, 1, 3);
        assertNull(spans.observe(a, 0, 4, 4));
        assertNull(spans.observe(a, 0, 5, 9));
        assertEquals(9, spans.last(a, 0));
    }

    @Test
    void aSpanStartingPastTheNextCounterRevealsTheMissingRange() {
        spans.observe(a, 0, 1, 3);
        assertEquals(new SpanTracker.Gap(4, 6), spans.observe(a, 0, 7, 8));
        assertEquals(8, spans.last(a, 0));
        assertNull(spans.observe(a, 0, 9, 9), "after a gap the tracker follows the newest span");
    }

    @Test
    void duplicatesAndLateBatchesAreNotGapsAndDoNotMoveTheTrackerBack() {
        spans.observe(a, 0, 1, 10);
        assertNull(spans.observe(a, 0, 5, 5));
        assertNull(spans.observe(a, 0, 1, 10));
        assertEquals(10, spans.last(a, 0));
    }

    @Test
    void originsAndPartitionsAreTrackedSeparately() {
        spans.observe(a, 0, 1, 5);
        assertNull(spans.observe(a, 1, 100, 100), "first batch of a in partition 1");
        assertNull(spans.observe(b, 0, 50, 50), "first batch of b");
        assertNull(spans.observe(new Actor("a", 2), 0, 9, 9), "a new incarnation is a new origin");
        assertEquals(new SpanTracker.Gap(6, 6), spans.observe(a, 0, 7, 7));
    }
}
