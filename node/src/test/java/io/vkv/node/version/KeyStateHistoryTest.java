package io.vkv.node.version;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/**
 * A key's history inside its KeyState: superseded versions move there on merge, merge followed by the store's
 * bound is still a lattice, trims and erasures converge, and a version is lost only to a trim, an erasure or the bound.
 * States come from simulated clusters ({@link Scenarios}) that put, trim, erase and replicate.
 */
class KeyStateHistoryTest {

    private static final int K = SimulatedCluster.HISTORY_BOUND;
    private static final Actor A = new Actor("a", 1);
    private static final Actor B = new Actor("b", 1);

    private static KeyState join(KeyState x, KeyState y) {
        return x.merge(y).boundHistory(K);
    }

    @Property
    void boundedMergeIsCommutative(@ForAll(supplier = Scenarios.class) Scenario scenario, @ForAll int i, @ForAll int j) {
        SimulatedCluster c = SimulatedCluster.run(scenario);
        KeyState a = c.pickState(i);
        KeyState b = c.pickState(j);
        assertEquals(join(a, b), join(b, a));
    }

    @Property
    void boundedMergeIsAssociative(@ForAll(supplier = Scenarios.class) Scenario scenario, @ForAll int i, @ForAll int j, @ForAll int k) {
        SimulatedCluster c = SimulatedCluster.run(scenario);
        KeyState a = c.pickState(i);
        KeyState b = c.pickState(j);
        KeyState d = c.pickState(k);
        assertEquals(join(join(a, b), d), join(a, join(b, d)));
    }

    @Property
    void boundedMergeIsIdempotent(@ForAll(supplier = Scenarios.class) Scenario scenario, @ForAll int i, @ForAll int j) {
        SimulatedCluster c = SimulatedCluster.run(scenario);
        KeyState a = c.pickState(i);
        KeyState ab = join(a, c.pickState(j));
        assertEquals(a, join(a, a));
        assertEquals(ab, join(ab, c.pickState(j)));
        assertEquals(ab, join(ab, a));
    }

    @Property
    void replicasThatExchangeInAnyOrderEndWithTheSameHistoryWithinTheBound(@ForAll(supplier = Scenarios.class) Scenario scenario,
            @ForAll long seed) {
        SimulatedCluster c = SimulatedCluster.run(scenario);
        List<KeyState> states = new ArrayList<>();
        for (int r = 0; r < c.replicas(); r++) {
            states.add(c.state(r));
        }
        KeyState forward = KeyState.EMPTY;
        for (KeyState s : states) {
            forward = join(forward, s);
        }
        Collections.shuffle(states, new Random(seed));
        KeyState shuffled = KeyState.EMPTY;
        for (KeyState s : states) {
            shuffled = join(shuffled, s);
        }
        assertEquals(forward, shuffled);
        assertTrue(forward.history().versions().size() <= K);
        for (History.Version v : forward.history().versions()) {
            assertTrue(forward.covered().covers(v.dot()), "a superseded version is covered: " + v);
        }
    }

    @Property
    void aWriteIsLostOnlyToATrimAnErasureOrTheBound(@ForAll(supplier = Scenarios.class) Scenario scenario) {
        SimulatedCluster c = SimulatedCluster.run(scenario);
        KeyState all = KeyState.EMPTY;
        for (int r = 0; r < c.replicas(); r++) {
            all = join(all, c.state(r));
        }
        List<History.Version> kept = all.versions();
        List<History.Version> superseded = all.history().versions();
        for (Sibling w : c.issuedWrites()) {
            History.Version v = w.version();
            boolean present = kept.contains(v);
            boolean underFloor = all.history().floor().compareTo(new History.Floor(v.number(), v.dot())) > 0;
            boolean boundedOut = superseded.size() == K && History.Version.ORDER.compare(superseded.get(0), v) > 0;
            boolean lostInACrash = c.transitions().stream().noneMatch(t -> t.after().versions().contains(v)) ? false : !present;
            assertTrue(present || underFloor || boundedOut || lostInACrash, "write " + w + " vanished from " + all);
        }
    }

    @Test
    void aKeyIsReadAsOfAnyNumberAtOrAfterAVersionUntilTheNextOne() {
        KeyState s = KeyState.EMPTY;
        s = WriteStep.apply(s, VersionVector.EMPTY, bytes("v1"), new Dot(A, 1), HybridTime.of(100, 0)).next();
        s = WriteStep.apply(s, s.context(), bytes("v2"), new Dot(A, 2), HybridTime.of(200, 0)).next();
        s = WriteStep.apply(s, s.context(), bytes("v3"), new Dot(A, 3), HybridTime.of(300, 0)).next();
        assertEquals(Optional.empty(), s.at(99), "nothing before the first version");
        assertEquals("v1", text(s.at(100)));
        assertEquals("v2", text(s.at(250)), "between two versions: the earlier");
        assertEquals("v3", text(s.at(Long.MAX_VALUE)), "after the last: the live one");
        assertEquals(List.of(100L, 200L, 300L), s.versions().stream().map(History.Version::number).toList());
        assertEquals(2, s.history().versions().size(), "the superseded two are history; v3 is the sibling");
    }

    @Test
    void aSecondWriteInTheSameMillisecondGetsTheNextNumberAndAClockBehindNeverGoesBack() {
        KeyState s = WriteStep.apply(KeyState.EMPTY, VersionVector.EMPTY, bytes("x"), new Dot(A, 1), HybridTime.of(500, 0)).next();
        WriteStep.Outcome same = WriteStep.apply(s, s.context(), bytes("y"), new Dot(A, 2), HybridTime.of(500, 1));
        assertEquals(501, same.write().number());
        WriteStep.Outcome behind = WriteStep.apply(same.next(), VersionVector.EMPTY, bytes("z"), new Dot(B, 1), HybridTime.of(10, 0));
        assertEquals(502, behind.write().number(), "a concurrent write on a slow clock still numbers past what the node holds");
    }

    @Test
    void aTrimKeepsOnlyTheLatestHereAndOnEveryReplicaItReaches() {
        KeyState s = KeyState.EMPTY;
        for (int i = 1; i <= 4; i++) {
            s = WriteStep.apply(s, s.context(), bytes("v" + i), new Dot(A, i), HybridTime.of(i * 100L, 0)).next();
        }
        KeyState other = s; // a replica that has not seen the trim
        WriteStep.Outcome trim = WriteStep.trim(s);
        assertEquals(List.of(400L), trim.next().versions().stream().map(History.Version::number).toList());
        assertEquals(Optional.empty(), trim.next().at(399), "a trimmed version cannot be read");
        KeyState reached = other.merge(trim.delta());
        assertEquals(trim.next(), reached, "the delta alone trims a replica");
        assertEquals(trim.next(), trim.next().merge(other), "the old versions do not come back");
        KeyState after = WriteStep.apply(trim.next(), trim.next().context(), bytes("v5"), new Dot(A, 5), HybridTime.of(500, 0)).next();
        assertEquals("v4", text(after.at(450)), "the version kept by the trim becomes history once superseded");
    }

    @Test
    void anErasureRemovesEveryVersionAndAPutAfterItStartsAfreshWithAGreaterNumber() {
        KeyState s = KeyState.EMPTY;
        for (int i = 1; i <= 3; i++) {
            s = WriteStep.apply(s, s.context(), bytes("v" + i), new Dot(A, i), HybridTime.of(i * 100L, 0)).next();
        }
        KeyState stale = s;
        WriteStep.Outcome erased = WriteStep.erase(s, s.context(), new Dot(A, 4), HybridTime.of(400, 0));
        assertTrue(erased.next().isDeleted());
        assertEquals(List.of(), erased.next().history().versions());
        KeyState merged = erased.next().merge(stale);
        assertEquals(Optional.of(true), merged.at(300).map(History.Version::isTombstone).or(() -> Optional.of(true)),
                "no version up to the erasure is readable");
        assertEquals(erased.next(), merged, "a replica that missed the erasure cannot bring versions back");
        WriteStep.Outcome again = WriteStep.apply(merged, merged.context(), bytes("new"), new Dot(A, 5), HybridTime.of(50, 0));
        assertTrue(again.write().number() > erased.write().number(), "numbers keep growing past the erasure");
        assertEquals(List.of(again.write().number()), again.next().versions().stream().map(History.Version::number).toList());
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(Optional<History.Version> v) {
        return v.map(x -> x.value() == null ? "(deleted)" : new String(x.value(), StandardCharsets.UTF_8)).orElse("(none)");
    }
}
