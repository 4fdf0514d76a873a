package io.vkv.node.shipping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vkv.node.ring.TokenRing;
import io.vkv.placement.KeyPartitioner;
import io.vkv.node.runtime.ManualClock;
import io.vkv.node.version.Actor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How a receiver judges, from a peer's membership records, whether the peer's batches reach it. */
class ArrivalWatchTest {

    private static final int Q = 4;
    private static final long GRACE = 2_000;
    private static final Actor PEER = new Actor("n2", 7);

    private final ManualClock clock = new ManualClock(1_000_000);
    private final SpanTracker spans = new SpanTracker(Q);
    private final List<String> events = new ArrayList<>();
    private final ArrivalWatch watch = new ArrivalWatch("n1", new TokenRing(new KeyPartitioner(Q), 2, TokenRing.initialTokens(List.of("n1", "n2"))),
            spans, GRACE, clock, new ArrivalWatch.Listener() {
                @Override
                public void missing(String nodeId, boolean first) {
                    events.add((first ? "stalled " : "still missing ") + nodeId);
                }

                @Override
                public void resumed(String nodeId) {
                    events.add("resumed " + nodeId);
                }
            });

    /** A record of {@code actor} saying it shipped up to {@code counters}, one heartbeat after the last. */
    private void record(Actor actor, long... counters) {
        clock.advance(Duration.ofMillis(GRACE));
        watch.shipped(actor, Arrays.stream(counters).boxed().toList());
    }

    @Test
    void aPeerWhoseShippedSpansArriveIsInTime() {
        record(PEER, 0, 0, 0, 0);
        spans.observe(PEER, 1, 1, 5);
        record(PEER, 0, 5, 0, 0);
        record(PEER, 0, 5, 0, 0);
        assertTrue(watch.inTime("n2"));
        assertEquals(List.of(), events);
    }

    @Test
    void aPeerThatShipsNothingIsInTimeOnceChecked() {
        record(PEER, 3, 0, 0, 9);
        assertFalse(watch.inTime("n2"), "one record is only where checking starts");
        record(PEER, 3, 0, 0, 9);
        assertTrue(watch.inTime("n2"));
    }

    @Test
    void spansShippedButNeverReceivedMarkThePeerStalledUntilNewSpansArrive() {
        record(PEER, 0, 0, 0, 0);
        record(PEER, 0, 4, 0, 0); // shipped 1..4 of partition 1; none arrives
        record(PEER, 0, 4, 2, 0); // and 1..2 of partition 2
        assertEquals(List.of("stalled n2"), events);
        assertFalse(watch.inTime("n2"));

        spans.observe(PEER, 2, 1, 2); // the batch of partition 2 arrives: the stream flows again
        record(PEER, 0, 4, 2, 0);
        assertEquals(List.of("stalled n2", "resumed n2"), events);
        assertTrue(watch.inTime("n2"));
    }

    @Test
    void aStalledPeerThatShipsNothingMoreIsClearedOnceRepairedButNotInTimeUntilChecked() {
        record(PEER, 0, 0, 0, 0);
        record(PEER, 0, 4, 0, 0);
        record(PEER, 0, 4, 0, 0);
        assertEquals(List.of("stalled n2"), events);
        record(PEER, 0, 4, 0, 0); // nothing shipped since: the repair asked for at the stall covered it
        assertEquals(List.of("stalled n2", "resumed n2"), events);
        assertFalse(watch.inTime("n2"), "nothing shows yet that its batches arrive");
        record(PEER, 0, 4, 0, 0);
        assertTrue(watch.inTime("n2"));
    }

    @Test
    void aStalledPeerThatKeepsShippingIsReportedAgainForRepairButWarnedOfOnce() {
        record(PEER, 0, 0, 0, 0);
        record(PEER, 1, 0, 0, 0);
        record(PEER, 2, 0, 0, 0);
        record(PEER, 3, 0, 0, 0);
        assertEquals(List.of("stalled n2", "still missing n2"), events);
    }

    @Test
    void countersYoungerThanTheGraceAreNotJudged() {
        record(PEER, 0, 0, 0, 0);
        record(PEER, 0, 0, 0, 6);
        clock.advance(Duration.ofMillis(100)); // a second record right after: the batch may still be on its way
        watch.shipped(PEER, List.of(0L, 0L, 0L, 6L));
        assertEquals(List.of(), events);
    }

    @Test
    void aNewIncarnationStartsAfreshAndClearsAStall() {
        record(PEER, 0, 0, 0, 0);
        record(PEER, 5, 0, 0, 0);
        record(PEER, 5, 0, 0, 0);
        assertEquals(List.of("stalled n2"), events);
        record(new Actor("n2", 8), 0, 0, 0, 0);
        assertEquals(List.of("stalled n2", "resumed n2"), events);
        assertFalse(watch.inTime("n2"), "nothing checked yet for the new incarnation");
    }

    @Test
    void recordsWithoutCountersOrWithTheWrongNumberAreIgnored() {
        record(PEER);
        record(PEER, 1, 2);
        assertFalse(watch.inTime("n2"));
        assertEquals(List.of(), events);
    }
}
