package io.vkv.node.version;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
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
    void aRaisedFloorWinsOverTheVersionsItRemovedWhereverTheyComeBackFrom(@ForAll("histories") History x, @ForAll("histories") History y) {
        List<History.Version> vs = x.merge(y, MAX).versions();
        if (vs.isEmpty()) {
            return;
        }
        History.Version newest = vs.get(vs.size() - 1);
        History trimmed = x.merge(y, MAX).raiseFloor(new History.Floor(newest.number(), newest.dot()));
        assertEquals(List.of(newest), trimmed.versions(), "only the newest stays");
        assertEquals(trimmed, trimmed.merge(x, MAX).merge(y, MAX), "what the floor removed never returns");
    }

    @Test
    void twoVersionsWithOneDotResolveToTheSameOneEverywhereAndBadBoundsAreRefused() {
        History.Version honest = write(A, 4);
        History.Version forged = new History.Version(4, honest.dot(), honest.hlc(), "forged".getBytes(StandardCharsets.UTF_8));
        History x = History.EMPTY.add(honest, MAX);
        History y = History.EMPTY.add(forged, MAX);
        assertEquals(x.merge(y, MAX), y.merge(x, MAX));
        assertEquals(1, x.merge(y, MAX).versions().size());
        assertEquals(List.of(), x.merge(y, 0).versions(), "a bound of 0 keeps no version");
        assertThrows(IllegalArgumentException.class, () -> x.merge(y, -1));
        assertThrows(IllegalArgumentException.class, () -> new History.Version(-1, honest.dot(), 0, null));
    }
}
