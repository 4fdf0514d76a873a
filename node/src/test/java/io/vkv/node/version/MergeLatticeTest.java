package io.vkv.node.version;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;

/**
 * {@link KeyState#merge} is a join-semilattice (docs/architecture.md, "Data model") over every state a cluster can reach:
 * states are taken from simulated histories, never made up, so "one dot = one write" holds.
 */
class MergeLatticeTest {

    @Property
    void mergeIsCommutative(@ForAll(supplier = Scenarios.class) Scenario scenario, @ForAll int i, @ForAll int j) {
        SimulatedCluster cluster = SimulatedCluster.run(scenario);
        KeyState a = cluster.pickState(i);
        KeyState b = cluster.pickState(j);

        assertEquals(a.merge(b), b.merge(a));
    }

    @Property
    void mergeIsAssociative(@ForAll(supplier = Scenarios.class) Scenario scenario, @ForAll int i, @ForAll int j, @ForAll int k) {
        SimulatedCluster cluster = SimulatedCluster.run(scenario);
        KeyState a = cluster.pickState(i);
        KeyState b = cluster.pickState(j);
        KeyState c = cluster.pickState(k);

        assertEquals(a.merge(b).merge(c), a.merge(b.merge(c)));
    }

    @Property
    void mergeIsIdempotent(@ForAll(supplier = Scenarios.class) Scenario scenario, @ForAll int i, @ForAll int j) {
        SimulatedCluster cluster = SimulatedCluster.run(scenario);
        KeyState a = cluster.pickState(i);
        KeyState b = cluster.pickState(j);

        KeyState merged = a.merge(b);

        assertEquals(a, a.merge(a));
        assertEquals(merged, merged.merge(b));
        // Replays are the common case (log replay, anti-entropy): they must not even allocate a new state.
        assertSame(merged, merged.merge(a));
        assertSame(merged, merged.merge(b));
    }

    @Property
    void mergeJoinsCoveredAndKeepsExactlyTheWritesItDoesNotCover(
            @ForAll(supplier = Scenarios.class) Scenario scenario, @ForAll int i, @ForAll int j) {
        SimulatedCluster cluster = SimulatedCluster.run(scenario);
        KeyState a = cluster.pickState(i);
        KeyState b = cluster.pickState(j);

        KeyState merged = a.merge(b);

        assertEquals(a.covered().join(b.covered()), merged.covered());
        Set<Sibling> expected = new HashSet<>();
        for (Sibling s : concat(a.siblings(), b.siblings())) {
            if (!merged.covered().covers(s.dot())) {
                expected.add(s);
            }
        }
        assertEquals(expected, new HashSet<>(merged.siblings()));
        for (Sibling s : concat(a.siblings(), b.siblings())) {
            assertTrue(merged.holdsOrCovers(s.dot()), () -> "merge lost " + s);
        }
    }

    @Property
    void siblingsAreSortedByDotAndNoneIsCovered(@ForAll(supplier = Scenarios.class) Scenario scenario) {
        for (KeyState state : SimulatedCluster.run(scenario).everyState()) {
            List<Sibling> siblings = state.siblings();
            for (int n = 0; n < siblings.size(); n++) {
                assertFalse(state.covered().covers(siblings.get(n).dot()), () -> "covered sibling kept in " + state);
                if (n > 0) {
                    assertTrue(siblings.get(n - 1).dot().compareTo(siblings.get(n).dot()) < 0, () -> "unsorted or duplicate dots in " + state);
                }
            }
        }
    }

    /** Replication, log replay and anti-entropy deliver states in any order, grouped anyhow, any number of times. */
    @Property
    void anyInterleavingAndDuplicationOfTheSameStatesMergesToTheSameResult(
            @ForAll(supplier = Scenarios.class) Scenario scenario,
            @ForAll @Size(min = 1, max = 8) List<Integer> picks,
            @ForAll Random random) {
        SimulatedCluster cluster = SimulatedCluster.run(scenario);
        List<KeyState> states = new ArrayList<>();
        for (int pick : picks) {
            states.add(cluster.pickState(pick));
        }
        KeyState inOrder = KeyState.EMPTY;
        for (KeyState s : states) {
            inOrder = inOrder.merge(s);
        }

        List<KeyState> delivered = new ArrayList<>(states);
        for (KeyState s : states) {
            if (random.nextBoolean()) {
                delivered.add(s);
            }
        }

        assertEquals(inOrder, mergeInRandomGroups(delivered, random));
    }

    // Repeatedly merges two random members of the pool: every order and every grouping can come out.
    private static KeyState mergeInRandomGroups(List<KeyState> states, Random random) {
        List<KeyState> pool = new ArrayList<>(states);
        while (pool.size() > 1) {
            KeyState x = pool.remove(random.nextInt(pool.size()));
            KeyState y = pool.remove(random.nextInt(pool.size()));
            pool.add(x.merge(y));
        }
        return pool.get(0);
    }

    private static List<Sibling> concat(List<Sibling> a, List<Sibling> b) {
        List<Sibling> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
