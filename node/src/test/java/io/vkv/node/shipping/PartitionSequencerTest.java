package io.vkv.node.shipping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PartitionSequencerTest {

    private static final long HOLD = 1000;

    /** Records what the sequencer emits: "n5" next, "|" span break, "late3" shipped alone. */
    private static final class Recorder implements PartitionSequencer.Sink<String> {
        final List<String> out = new ArrayList<>();

        @Override
        public void next(String change, long counter) {
            out.add("n" + counter);
        }

        @Override
        public void breakSpan() {
            out.add("|");
        }

        @Override
        public void late(String change, long counter) {
            out.add("late" + counter);
        }
    }

    private final PartitionSequencer<String> seq = new PartitionSequencer<>();
    private final Recorder sink = new Recorder();

    private void offer(long counter, long now) {
        seq.offer("c" + counter, counter, now, sink);
    }

    @Test
    void changesInOrderPassStraightThroughFromTheFirstCounterSeen() {
        offer(7, 0);
        offer(8, 0);
        offer(9, 0);
        assertEquals(List.of("n7", "n8", "n9"), sink.out);
        assertFalse(seq.holding());
    }

    @Test
    void anEarlyChangeWaitsForTheOnesBeforeIt() {
        offer(1, 0);
        offer(3, 0);
        offer(4, 0);
        assertEquals(List.of("n1"), sink.out);
        assertTrue(seq.holding());
        offer(2, 5);
        assertEquals(List.of("n1", "n2", "n3", "n4"), sink.out);
        assertFalse(seq.holding());
    }

    @Test
    void aCounterThatNeverComesIsGivenUpAfterTheHoldTimeWithABreakInTheSpan() {
        offer(1, 0);
        offer(3, 10);
        seq.expire(10 + HOLD - 1, HOLD, sink);
        assertEquals(List.of("n1"), sink.out, "still within the hold time");
        seq.expire(10 + HOLD, HOLD, sink);
        assertEquals(List.of("n1", "|", "n3"), sink.out);
        offer(2, 2000);
        assertEquals(List.of("n1", "|", "n3", "late2"), sink.out, "the straggler goes alone");
        offer(4, 2000);
        assertEquals("n4", sink.out.get(sink.out.size() - 1));
    }

    @Test
    void theHoldTimeRestartsForWhatRemainsAfterProgress() {
        offer(1, 0);
        offer(3, 0);
        offer(5, 0);
        seq.expire(HOLD, HOLD, sink); // gives up on 2: ships 3, still waits for 4
        assertEquals(List.of("n1", "|", "n3"), sink.out);
        assertTrue(seq.holding());
        assertEquals(HOLD, seq.heldSince());
        seq.expire(2 * HOLD - 1, HOLD, sink);
        assertEquals(3, sink.out.size());
    }

    @Test
    void aResetShipsWhatIsHeldBreaksTheSpanAndTakesTheNextChangeAsANewStart() {
        offer(1, 0);
        offer(3, 0);
        offer(6, 0);
        seq.reset(1, sink);
        assertEquals(List.of("n1", "|", "n3", "|", "n6", "|"), sink.out);
        offer(9, 2);
        offer(10, 2);
        assertEquals(List.of("n1", "|", "n3", "|", "n6", "|", "n9", "n10"), sink.out);
    }
}
