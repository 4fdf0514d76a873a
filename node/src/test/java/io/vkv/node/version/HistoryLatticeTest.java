package io.vkv.node.version;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** A key's history is a lattice: merge is commutative, associative and idempotent, trims and bounds converge. */
class HistoryLatticeTest {

    private static final int MAX = 4;
    private static final Actor A = new Actor("a", 1);
    private static final Actor B = new Actor("b", 1);

    /** Versions of few writers over few numbers, so that histories overlap; a dot always names the same write. */
    @Provide
    Arbitrary<History> histories() {
        Arbitrary<History.Version> version = Combinators.combine(Arbitraries.of(A, B), Arbitraries.longs().between(1, 12))
                .as((actor, counter) -> write(actor, counter));
        Arbitrary<History.Floor> floor = Combinators.combine(Arbitraries.longs().between(0, 1_000), Arbitraries.of(A, B))
                .as((f, actor) -> f < 800 ? History.Floor.NONE : f < 900 ? new History.Floor((f - 800) / 8, null)
                        : new History.Floor((f - 900) / 8, new Dot(actor, 1 + (f - 900) / 8))); // mostly none
        return Combinators.combine(version.list().ofMaxSize(8), floor).as((vs, f) -> History.of(vs, f, MAX));
    }

    /** The one write {@code (actor, counter)} names: its number, time and value follow from its dot. */
    private static History.Version write(Actor actor, long counter) {
        long number = counter + (actor.equals(A) ? 0 : 1); // a and b share numbers: the dot breaks ties
        byte[] value = counter % 5 == 0 ? null : (actor.nodeId() + counter).getBytes(StandardCharsets.UTF_8);
        return new History.Version(number, new Dot(actor, counter), number << 16, value);
    }

    @Property
    void mergeIsCommutative(@ForAll("histories") History x, @ForAll("histories") History y) {
        assertEquals(x.merge(y, MAX), y.merge(x, MAX));
    }

    @Property
    void mergeIsAssociative(@ForAll("histories") History x, @ForAll("histories") History y, @ForAll("histories") History z) {
        assertEquals(x.merge(y, MAX).merge(z, MAX), x.merge(y.merge(z, MAX), MAX));
    }

    @Property
    void mergeIsIdempotent(@ForAll("histories") History x, @ForAll("histories") History y) {
        assertEquals(x, x.merge(x, MAX));
        History xy = x.merge(y, MAX);
        assertEquals(xy, xy.merge(y, MAX));
    }

    @Property
    void versionsAddedInAnyOrderEndTheSameUnderTheBound(@ForAll("histories") History source, @ForAll @IntRange(min = 1, max = 5) int bound) {
        List<History.Version> shuffled = new ArrayList<>(source.versions());
        Collections.reverse(shuffled);
        History forward = History.EMPTY;
        History backward = History.EMPTY;
        for (int i = 0; i < shuffled.size(); i++) {
            forward = forward.add(source.versions().get(i), bound);
            backward = backward.add(shuffled.get(i), bound);
        }
        assertEquals(forward, backward);
        assertTrue(forward.versions().size() <= bound);
        int n = source.versions().size();
        assertEquals(source.versions().subList(Math.max(0, n - bound), n), forward.versions(), "the oldest are dropped");
    }

    @Property
    void aTrimOrAClearWinsOverTheVersionsItRemovedWhereverTheyComeBackFrom(@ForAll("histories") History x, @ForAll("histories") History y) {
        History trimmed = x.trim();
        assertEquals(trimmed.merge(x, MAX), trimmed, "a trimmed replica merged with its old self stays trimmed");
        History cleared = x.merge(y, MAX).clear();
        assertEquals(List.of(), cleared.merge(x, MAX).merge(y, MAX).versions(), "cleared versions never return");
    }

    @Test
    void aVersionIsReadAsOfAnyNumberAtOrAfterItUntilTheNextOne() {
        History h = History.EMPTY.add(write(A, 3), MAX).add(write(A, 7), MAX);
        assertEquals(Optional.empty(), h.at(2));
        assertEquals(3, h.at(3).orElseThrow().number());
        assertEquals(3, h.at(6).orElseThrow().number());
        assertEquals(7, h.at(1_000).orElseThrow().number());
        History trimmed = h.trim();
        assertEquals(Optional.empty(), trimmed.at(6), "a trimmed version is gone");
        assertEquals(new History.Floor(7, new Dot(A, 7)), trimmed.floor());
    }

    @Test
    void aNewWriteGetsItsTimeOrTheNextNumberAfterTheNewestAndTheFloor() {
        History h = History.EMPTY.add(write(A, 9), MAX);
        assertEquals(100, h.nextNumber(100));
        assertEquals(10, h.nextNumber(9), "a second write in the same millisecond gets the next number");
        assertEquals(10, h.nextNumber(3), "never behind the newest, whatever the clock says");
        assertEquals(10, h.clear().nextNumber(3), "nor behind a cleared history's floor");
    }

    @Test
    void twoVersionsWithOneDotResolveToTheSameOneEverywhereAndBadBoundsAreRefused() {
        History.Version honest = write(A, 4);
        History.Version forged = new History.Version(4, honest.dot(), honest.hlc(), "forged".getBytes(StandardCharsets.UTF_8));
        History x = History.EMPTY.add(honest, MAX);
        History y = History.EMPTY.add(forged, MAX);
        assertEquals(x.merge(y, MAX), y.merge(x, MAX));
        assertEquals(1, x.merge(y, MAX).versions().size());
        assertThrows(IllegalArgumentException.class, () -> x.merge(y, 0));
        assertThrows(IllegalArgumentException.class, () -> new History.Version(-1, honest.dot(), 0, null));
    }
}
