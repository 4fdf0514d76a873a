package io.vkv.node.version;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.statistics.Statistics;

/**
 * The write rule (docs/architecture.md, "The write rule"), driven through the node's own {@link WriteStep} and
 * checked at the end of any simulated history: a put with context C replaces exactly the siblings C covers,
 * concurrent puts become siblings, a delete is a tombstone.
 */
class PutRuleTest {

    @Property
    void aPutReplacesExactlyTheSiblingsItsContextCovers(
            @ForAll(supplier = Scenarios.class) Scenario scenario, @ForAll int replica, @ForAll int contextPick, @ForAll boolean tombstone) {
        SimulatedCluster cluster = SimulatedCluster.run(scenario);
        int r = Math.floorMod(replica, cluster.coordinators());
        VersionVector context = anyContext(cluster, r, contextPick);
        KeyState before = cluster.state(r);

        Sibling write = cluster.put(r, context, tombstone);

        List<Sibling> expected = new ArrayList<>();
        for (Sibling s : before.siblings()) {
            if (!context.covers(s.dot())) {
                expected.add(s);
            }
        }
        expected.add(write);
        expected.sort(Comparator.comparing(Sibling::dot));
        assertEquals(expected, cluster.state(r).siblings());
        assertEquals(before.covered().join(context), cluster.state(r).covered());
        // The generator must reach the interesting case often enough for the property to mean something.
        Statistics.label("replaced a sibling").collect(before.siblingCount() + 1 > expected.size());
        Statistics.label("replaced a sibling").coverage(c -> c.check(true).percentage(p -> p >= 10));
    }

    /** The case plain per-node vector clocks get wrong, and the reason for dotted version vectors. */
    @Property
    void twoPutsWithTheSameContextThroughTheSameActorBothSurviveAsSiblings(
            @ForAll(supplier = Scenarios.class) Scenario scenario, @ForAll int replica, @ForAll int contextPick) {
        SimulatedCluster cluster = SimulatedCluster.run(scenario);
        int r = Math.floorMod(replica, cluster.coordinators());
        VersionVector context = anyContext(cluster, r, contextPick);

        Sibling first = cluster.put(r, context, false);
        Sibling second = cluster.put(r, context, false);

        assertEquals(first.dot().actor(), second.dot().actor());
        assertTrue(cluster.state(r).siblings().containsAll(List.of(first, second)), () -> "lost one of two concurrent puts: " + cluster.state(r));
        for (int other = 0; other < cluster.replicas(); other++) {
            cluster.replicate(r, other);
            assertTrue(cluster.state(other).siblings().containsAll(List.of(first, second)), "replica " + other + " lost a concurrent put");
        }
    }

    @Property
    void aPutWithTheContextOfAllSiblingsLeavesExactlyOneSibling(
            @ForAll(supplier = Scenarios.class) Scenario scenario, @ForAll int replica) {
        SimulatedCluster cluster = SimulatedCluster.run(scenario);
        int r = Math.floorMod(replica, cluster.coordinators());
        Statistics.label("there were concurrent siblings").collect(cluster.state(r).siblingCount() >= 2);
        Statistics.label("there were concurrent siblings").coverage(c -> c.check(true).percentage(p -> p >= 10));

        Sibling write = cluster.put(r, cluster.state(r).context(), false);

        assertEquals(List.of(write), cluster.state(r).siblings());
        assertFalse(cluster.state(r).isDeleted());
    }

    @Property
    void aDeleteWithTheFullContextReadsAsDeletedButStillHasAContext(
            @ForAll(supplier = Scenarios.class) Scenario scenario, @ForAll int replica) {
        SimulatedCluster cluster = SimulatedCluster.run(scenario);
        int r = Math.floorMod(replica, cluster.coordinators());
        VersionVector read = cluster.read(r);

        Sibling tombstone = cluster.put(r, read, true);

        KeyState state = cluster.state(r);
        assertTrue(state.isDeleted());
        assertEquals(List.of(), state.values());
        assertEquals(List.of(tombstone), state.siblings());
        assertTrue(state.context().descends(read), "the delete's context forgot what it deleted");
        assertTrue(state.context().covers(tombstone.dot()));
    }

    @Property
    void aStateWhoseSiblingsAreAllTombstonesIsDeletedWithANonEmptyContext(@ForAll(supplier = Scenarios.class) Scenario scenario) {
        boolean reached = false;
        for (KeyState state : SimulatedCluster.run(scenario).everyState()) {
            boolean allTombstones = state.siblings().stream().allMatch(Sibling::isTombstone);
            if (state.siblingCount() > 0 && allTombstones) {
                reached = true;
                assertTrue(state.isDeleted(), state::toString);
                assertFalse(state.context().isEmpty(), state::toString);
            } else if (!allTombstones) {
                assertFalse(state.isDeleted(), state::toString);
                assertFalse(state.values().isEmpty(), state::toString);
            }
        }
        Statistics.label("an all-tombstone state was generated").collect(reached);
        Statistics.label("an all-tombstone state was generated").coverage(c -> c.check(true).percentage(p -> p >= 10));
    }

    // Anything a client may send: what it read just now at the replica, nothing, or an earlier read from any replica.
    private static VersionVector anyContext(SimulatedCluster cluster, int replica, int pick) {
        List<VersionVector> earlier = cluster.contextsRead();
        int choice = Math.floorMod(pick, 3);
        if (choice == 1) {
            return VersionVector.EMPTY;
        }
        if (choice == 2 && !earlier.isEmpty()) {
            return earlier.get(Math.floorMod(pick, earlier.size()));
        }
        return cluster.read(replica);
    }
}
