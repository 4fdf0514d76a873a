package io.vkv.node.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.BitSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A moved partition is released once every current holder exchanged with this node after the move, and not before. */
class PartitionReleaseTest {

    private static BitSet only(int p) {
        BitSet b = new BitSet();
        b.set(p);
        return b;
    }

    @Test
    void aPartitionIsReleasedOnlyOnceEveryHolderExchangedAfterTheMove() {
        PartitionRelease r = new PartitionRelease();
        r.moved(7, List.of("n1", "n2"), 100);
        r.exchanged("n1", only(7), 99); // started before the move: it may have missed what came after
        r.exchanged("n2", only(7), 100);
        assertTrue(r.released().isEmpty());
        assertEquals(Map.of("n1", only(7)), r.toExchange(id -> true));
        assertEquals(Map.of(), r.toExchange(id -> !id.equals("n1")), "a holder that is down is not asked, and holds the release up");
        r.exchanged("n1", only(7), 120);
        assertEquals(only(7), r.released());
        assertEquals(0, r.pending());
    }

    @Test
    void holdersTakenFromAViewStillFillingInAreReplacedWhenTheRingChangesAgain() {
        PartitionRelease r = new PartitionRelease();
        // A node that restarted saw n4 missing: it took n1 for a holder of 7, which n1 will refuse once it knows better.
        r.moved(7, List.of("n1", "n2", "n3"), 100);
        r.exchanged("n2", only(7), 110);
        r.retarget(p -> List.of("n2", "n3", "n4"));
        assertEquals(Map.of("n3", only(7), "n4", only(7)), r.toExchange(id -> true), "n1 is no longer waited for; n4 is");
        r.exchanged("n1", only(7), 120);
        r.exchanged("n3", only(7), 120);
        assertTrue(r.released().isEmpty(), "n4 has not exchanged yet");
        r.exchanged("n4", only(7), 130);
        assertEquals(only(7), r.released());
    }

    @Test
    void aPartitionMovedBackIsKept() {
        PartitionRelease r = new PartitionRelease();
        r.moved(3, List.of("n1"), 100);
        r.kept(3);
        r.exchanged("n1", only(3), 200);
        assertTrue(r.released().isEmpty());
        assertEquals(0, r.pending());
    }
}
