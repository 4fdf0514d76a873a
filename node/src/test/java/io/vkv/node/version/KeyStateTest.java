package io.vkv.node.version;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KeyStateTest {

    private static final Actor A = new Actor("a", 1);
    private static final Actor B = new Actor("b", 1);

    private static Sibling value(Actor actor, long counter, VersionVector past, String value) {
        return Sibling.value(new Dot(actor, counter), past, value.getBytes(), 100);
    }

    @Test
    void ofRefusesTwoDifferentWritesWithTheSameDot() {
        Sibling x = value(A, 1, VersionVector.EMPTY, "x");
        Sibling y = value(A, 1, VersionVector.EMPTY, "y");

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> KeyState.of(List.of(x, y), VersionVector.EMPTY));

        assertTrue(e.getMessage().startsWith("dot (a@1,1) names two different writes"), e.getMessage());
    }

    /** A reissued dot is corruption whether or not the state happens to cover it. */
    @Test
    void ofRefusesTwoDifferentWritesWithTheSameDotEvenWhenCovered() {
        Sibling x = value(A, 1, VersionVector.EMPTY, "x");
        Sibling y = value(A, 1, VersionVector.EMPTY, "y");
        VersionVector covering = VersionVector.of(Map.of(A, 1L));

        assertThrows(IllegalStateException.class, () -> KeyState.of(List.of(x, y), covering));
    }

    @Test
    void ofKeepsOneCopyOfAWriteGivenTwice() {
        Sibling x = value(A, 1, VersionVector.EMPTY, "x");

        KeyState state = KeyState.of(List.of(x, value(A, 1, VersionVector.EMPTY, "x")), VersionVector.EMPTY);

        assertEquals(List.of(x), state.siblings());
    }

    @Test
    void ofSortsSiblingsByDotAndDropsTheCoveredOnes() {
        Sibling b1 = value(B, 1, VersionVector.EMPTY, "b1");
        Sibling a2 = value(A, 2, VersionVector.EMPTY, "a2");
        Sibling a1 = value(A, 1, VersionVector.EMPTY, "a1");

        KeyState state = KeyState.of(List.of(b1, a2, a1), VersionVector.of(Map.of(A, 1L)));

        assertEquals(List.of(a2, b1), state.siblings());
        assertSame(KeyState.EMPTY, KeyState.of(List.of(), VersionVector.EMPTY));
    }

    @Test
    void mergeRefusesTwoDifferentWritesWithTheSameDot() {
        KeyState x = KeyState.ofWrite(value(A, 1, VersionVector.EMPTY, "x"));
        KeyState y = KeyState.ofWrite(value(A, 1, VersionVector.EMPTY, "y"));

        assertThrows(IllegalStateException.class, () -> x.merge(y));
    }

    @Test
    void aWriteWhosePastCoversItsOwnDotIsObsoleteOnArrival() {
        VersionVector past = VersionVector.of(Map.of(A, 3L));

        KeyState state = KeyState.ofWrite(value(A, 2, past, "late"));

        assertEquals(0, state.siblingCount());
        assertEquals(past, state.covered());
    }

    @Test
    void aWriteReplacesWhatItsContextCoversAndKeepsTheRest() {
        Sibling a1 = value(A, 1, VersionVector.EMPTY, "a1");
        Sibling b1 = value(B, 1, VersionVector.EMPTY, "b1");
        KeyState both = KeyState.ofWrite(a1).merge(KeyState.ofWrite(b1));
        Sibling a2 = value(A, 2, VersionVector.of(a1.dot()), "a2");

        KeyState state = both.merge(KeyState.ofWrite(a2));

        assertEquals(List.of(a2, b1), state.siblings());
        assertEquals(VersionVector.of(Map.of(A, 2L, B, 1L)), state.context());
        assertTrue(state.holdsOrCovers(a1.dot()));
        assertFalse(state.holdsOrCovers(new Dot(B, 2)));
    }

    @Test
    void aKeyWhoseSiblingsAreAllTombstonesReadsAsDeleted() {
        Sibling a1 = value(A, 1, VersionVector.EMPTY, "a1");
        Sibling delete = Sibling.tombstone(new Dot(A, 2), VersionVector.of(a1.dot()), 200);

        KeyState state = KeyState.ofWrite(a1).merge(KeyState.ofWrite(delete));

        assertTrue(state.isDeleted());
        assertEquals(List.of(), state.values());
        assertEquals(VersionVector.of(delete.dot()), state.context());
        assertTrue(KeyState.EMPTY.isDeleted(), "a key nobody wrote reads as not found too");
    }
}
