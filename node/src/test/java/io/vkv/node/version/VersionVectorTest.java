package io.vkv.node.version;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VersionVectorTest {

    private static final Actor A = new Actor("a", 1);
    private static final Actor B = new Actor("b", 1);
    private static final Actor C = new Actor("c", 1);

    @Test
    void ofSortedBuildsTheSameVectorAsAMapAndRefusesUnsortedOrNonPositiveInput() {
        assertEquals(VersionVector.of(Map.of(A, 1L, B, 2L)), VersionVector.ofSorted(new Actor[] {A, B}, new long[] {1, 2}));
        assertSame(VersionVector.EMPTY, VersionVector.ofSorted(new Actor[0], new long[0]));
        assertThrows(IllegalArgumentException.class, () -> VersionVector.ofSorted(new Actor[] {B, A}, new long[] {1, 2}));
        assertThrows(IllegalArgumentException.class, () -> VersionVector.ofSorted(new Actor[] {A, A}, new long[] {1, 2}));
        assertThrows(IllegalArgumentException.class, () -> VersionVector.ofSorted(new Actor[] {A}, new long[] {0}));
        assertThrows(IllegalArgumentException.class, () -> VersionVector.ofSorted(new Actor[] {A}, new long[] {1, 2}));
    }

    @Test
    void coversADotWhenItsCounterForTheActorIsAtLeastTheDots() {
        VersionVector vv = VersionVector.of(Map.of(A, 3L));

        assertTrue(vv.covers(new Dot(A, 1)));
        assertTrue(vv.covers(new Dot(A, 3)));
        assertFalse(vv.covers(new Dot(A, 4)));
        assertFalse(vv.covers(new Dot(B, 1)));
        assertFalse(VersionVector.EMPTY.covers(new Dot(A, 1)));
    }

    @Test
    void joinIsThePointwiseMaximum() {
        VersionVector x = VersionVector.of(Map.of(A, 3L, B, 1L));
        VersionVector y = VersionVector.of(Map.of(B, 4L, C, 2L));

        VersionVector expected = VersionVector.of(Map.of(A, 3L, B, 4L, C, 2L));
        assertEquals(expected, x.join(y));
        assertEquals(expected, y.join(x));
    }

    @Test
    void joinReturnsTheInputThatAlreadyIsTheJoinSoVectorsStayShared() {
        VersionVector big = VersionVector.of(Map.of(A, 3L, B, 2L));
        VersionVector small = VersionVector.of(Map.of(B, 1L));

        assertSame(big, big.join(small));
        assertSame(big, small.join(big));
        assertSame(big, big.join(VersionVector.EMPTY));
        assertSame(big, VersionVector.EMPTY.join(big));
    }

    @Test
    void descendsWhenEveryEntryOfTheOtherIsCovered() {
        VersionVector x = VersionVector.of(Map.of(A, 3L, B, 1L));

        assertTrue(x.descends(x));
        assertTrue(x.descends(VersionVector.EMPTY));
        assertTrue(x.descends(VersionVector.of(Map.of(A, 2L))));
        assertFalse(x.descends(VersionVector.of(Map.of(A, 4L))));
        assertFalse(x.descends(VersionVector.of(Map.of(A, 2L, C, 1L))));
        assertFalse(VersionVector.EMPTY.descends(x));
    }

    @Test
    void concurrentVectorsDescendNeitherWay() {
        VersionVector x = VersionVector.of(Map.of(A, 2L));
        VersionVector y = VersionVector.of(Map.of(B, 2L));

        assertFalse(x.descends(y));
        assertFalse(y.descends(x));
    }

    @Test
    void withAddsADotOrRaisesTheActorsCounter() {
        VersionVector x = VersionVector.of(Map.of(A, 2L));

        assertEquals(VersionVector.of(Map.of(A, 2L, B, 1L)), x.with(new Dot(B, 1)));
        assertEquals(VersionVector.of(Map.of(A, 5L)), x.with(new Dot(A, 5)));
        assertSame(x, x.with(new Dot(A, 1)), "a covered dot changes nothing");
        assertEquals(VersionVector.of(new Dot(C, 7)), VersionVector.EMPTY.with(new Dot(C, 7)));
    }

    @Test
    void ofMapSortsActorsAndDropsZeroCounters() {
        Map<Actor, Long> entries = new LinkedHashMap<>();
        entries.put(C, 1L);
        entries.put(B, 0L);
        entries.put(A, 2L);

        VersionVector vv = VersionVector.of(entries);

        assertEquals(2, vv.size());
        assertEquals(List.of(A, C), List.copyOf(vv.toMap().keySet()));
        assertEquals(0, vv.get(B));
        assertSame(VersionVector.EMPTY, VersionVector.of(Map.of(A, 0L)));
    }

    @Test
    void ofMapRefusesANegativeCounterNamingTheActor() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> VersionVector.of(Map.of(A, 1L, B, -3L)));

        assertEquals("version vector counter for b@1 is negative: -3", e.getMessage());
    }

    @Test
    void equalVectorsAreEqualWhateverTheOrderTheyWereBuiltIn() {
        VersionVector x = VersionVector.EMPTY.with(new Dot(B, 2)).with(new Dot(A, 1));
        VersionVector y = VersionVector.of(Map.of(A, 1L, B, 2L));

        assertEquals(x, y);
        assertEquals(x.hashCode(), y.hashCode());
        assertEquals("{a@1=1, b@1=2}", x.toString());
    }
}
