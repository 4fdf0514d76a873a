package io.vkv.node.version;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.statistics.Statistics;

/**
 * The invariant (docs/architecture.md, "The invariant") and what it buys, over any simulated history of reads, stale writes,
 * replication in any order and crash-restarts under new incarnations.
 */
class CausalityInvariantTest {

    /** For every actor A: a replica holding a write of A holds or covers every earlier write of A. */
    @Property
    void theInvariantHoldsOnEveryReplicaAfterAnySequence(@ForAll(supplier = Scenarios.class) Scenario scenario) {
        SimulatedCluster cluster = SimulatedCluster.run(scenario);
        for (KeyState state : cluster.everyState()) {
            for (Sibling held : state.siblings()) {
                for (Sibling issued : cluster.issuedWrites()) {
                    Dot earlier = issued.dot();
                    if (earlier.actor().equals(held.dot().actor()) && earlier.counter() < held.dot().counter()) {
                        assertTrue(state.holdsOrCovers(earlier), () -> "holds " + held.dot() + " but neither holds nor covers " + earlier + " in " + state);
                    }
                }
            }
        }
        Statistics.label("writes issued").collect(cluster.issuedWrites().size() / 10 * 10);
    }

    /** What the invariant buys: a read context claims exactly the writes the replica holds or covers, no more. */
    @Property
    void aReadContextCoversAWriteOnlyIfTheReplicaHoldsOrCoversIt(@ForAll(supplier = Scenarios.class) Scenario scenario) {
        SimulatedCluster cluster = SimulatedCluster.run(scenario);
        for (KeyState state : cluster.everyState()) {
            VersionVector context = state.context();
            for (Sibling issued : cluster.issuedWrites()) {
                assertEquals(state.holdsOrCovers(issued.dot()), context.covers(issued.dot()), () -> issued.dot() + " vs " + state);
            }
        }
    }

    /** Once a replica's covered covers a dot, no later merge brings that write back (until a crash loses the change). */
    @Property
    void aCoveredDotNeverComesBack(@ForAll(supplier = Scenarios.class) Scenario scenario) {
        SimulatedCluster cluster = SimulatedCluster.run(scenario);
        VersionVector[] everCovered = new VersionVector[cluster.replicas()];
        Arrays.fill(everCovered, VersionVector.EMPTY);
        for (SimulatedCluster.Transition t : cluster.transitions()) {
            if (t.cause() instanceof Operation.Restart) {
                everCovered[t.replica()] = t.after().covered();
                continue;
            }
            assertTrue(t.after().covered().descends(t.before().covered()), () -> "covered shrank at " + t);
            for (Sibling s : t.after().siblings()) {
                assertFalse(everCovered[t.replica()].covers(s.dot()), () -> s.dot() + " came back at " + t);
            }
            everCovered[t.replica()] = everCovered[t.replica()].join(t.after().covered());
        }
    }

    /** Anti-entropy in any order: one exchange between every ordered pair of replicas makes them all equal. */
    @Property
    void replicasConvergeWhateverTheOrderOfExchanges(@ForAll(supplier = Scenarios.class) Scenario scenario, @ForAll Random random) {
        SimulatedCluster cluster = SimulatedCluster.run(scenario);
        KeyState expected = KeyState.EMPTY;
        for (int r = 0; r < cluster.replicas(); r++) {
            expected = expected.merge(cluster.state(r));
        }
        expected = expected.boundHistory(SimulatedCluster.HISTORY_BOUND); // replicas bound their histories as stores do

        exchangeBetweenAllPairs(cluster, random);

        for (int r = 0; r < cluster.replicas(); r++) {
            assertEquals(expected, cluster.state(r), "replica " + r);
        }
    }

    /**
     * The whole system in one statement: without crashes, once replicas converge, covered is the join of
     * every context clients wrote with, and the siblings are exactly the writes none of those contexts saw.
     */
    @Property
    void withoutCrashesTheConvergedStateKeepsExactlyTheWritesNoContextSaw(
            @ForAll(supplier = Scenarios.class) Scenario scenario, @ForAll Random random) {
        List<Operation> noCrashes = scenario.operations().stream().filter(op -> !(op instanceof Operation.Restart)).toList();
        SimulatedCluster cluster = SimulatedCluster.run(
                new Scenario(scenario.replicas(), scenario.coordinators(), scenario.incarnations(), noCrashes));

        exchangeBetweenAllPairs(cluster, random);

        VersionVector allContexts = VersionVector.EMPTY;
        for (Sibling w : cluster.issuedWrites()) {
            allContexts = allContexts.join(w.past());
        }
        List<Sibling> unseen = new ArrayList<>();
        for (Sibling w : cluster.issuedWrites()) {
            if (!allContexts.covers(w.dot())) {
                unseen.add(w);
            }
        }
        unseen.sort(Comparator.comparing(Sibling::dot));
        KeyState converged = cluster.state(0);
        assertEquals(allContexts, converged.covered());
        assertEquals(unseen, converged.siblings());
        Statistics.label("siblings after convergence").collect(unseen.size());
    }

    private static void exchangeBetweenAllPairs(SimulatedCluster cluster, Random random) {
        List<int[]> pairs = new ArrayList<>();
        for (int from = 0; from < cluster.replicas(); from++) {
            for (int to = 0; to < cluster.replicas(); to++) {
                if (from != to) {
                    pairs.add(new int[] {from, to});
                }
            }
        }
        Collections.shuffle(pairs, random);
        for (int[] p : pairs) {
            cluster.replicate(p[0], p[1]);
        }
    }
}
