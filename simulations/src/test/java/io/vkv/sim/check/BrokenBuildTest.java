package io.vkv.sim.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vkv.node.version.VersionVector;
import io.vkv.sim.check.ModelCluster.Build;
import io.vkv.sim.history.Outcome;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The checker against whole runs of a modelled cluster: the node's own merge passes at every seed, and deliberately
 * broken builds fail with the verdict that names what they broke.
 */
class BrokenBuildTest {

    private static Verdict verdict(List<Verdict> verdicts, String name) {
        return verdicts.stream().filter(v -> v.name().equals(name)).findFirst().orElseThrow();
    }

    private static List<Verdict> check(ModelCluster m) {
        return Checker.check(m.history(), m.finalState());
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 42, 1234})
    void theNodesOwnMergePassesEveryCheck(long seed) {
        ModelCluster m = ModelCluster.random(Build.CORRECT, seed, 3000, 4);
        List<Verdict> verdicts = check(m);
        assertTrue(Checker.passed(verdicts), verdicts.toString());
        assertTrue(m.history().stream().anyMatch(o -> o.outcome() == Outcome.UNKNOWN), "unknown outcomes are exercised");
        assertTrue(m.finalState().nodes().values().stream().flatMap(k -> k.values().stream()).anyMatch(v -> v.siblings().size() > 1),
                "the run leaves concurrent siblings to check");
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void aMergeThatIgnoresCoveredFailsNoFalseSibling(long seed) {
        List<Verdict> verdicts = check(ModelCluster.random(Build.MERGE_IGNORES_COVERED, seed, 800, 4));
        Verdict v = verdict(verdicts, FalseSiblingCheck.NAME);
        assertFalse(v.passed());
        assertTrue(v.summary().endsWith("siblings survive beside a write that superseded them"), v.summary());
        assertTrue(v.violations().get(0).matches("n\\d k\\d: .* survives beside .*, written by .* whose context covered it"), v.violations().get(0));
        assertTrue(verdict(verdicts, LostWriteCheck.NAME).passed(), "nothing is lost when nothing is ever dropped");
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void replicationTurnedOffFailsConvergence(long seed) {
        List<Verdict> verdicts = check(ModelCluster.random(Build.NO_REPLICATION, seed, 3000, 4));
        Verdict v = verdict(verdicts, ConvergenceCheck.NAME);
        assertFalse(v.passed());
        assertEquals("4 of 4 keys differ", v.summary());
        assertTrue(v.violations().get(0).startsWith("k0 differs between nodes: n1: ["), v.violations().get(0));
    }

    @Test
    void aCoordinatorThatIgnoresTheClientsContextLosesAConcurrentAcknowledgedWrite() {
        ModelCluster m = new ModelCluster(Build.CONTEXT_IGNORED, 2);
        m.put(0, "n1", "k", "alice", VersionVector.EMPTY, Outcome.OK);
        m.put(1, "n2", "k", "bob", VersionVector.EMPTY, Outcome.OK);
        m.syncAll();
        // A blind write: it read nothing, so it must leave alice and bob as siblings; last-writer-wins erases them.
        m.put(2, "n1", "k", "carol", VersionVector.EMPTY, Outcome.OK);
        m.syncAll();
        List<Verdict> verdicts = check(m);
        Verdict v = verdict(verdicts, LostWriteCheck.NAME);
        assertFalse(v.passed());
        assertEquals(4, v.violations().size(), "alice and bob, on each of the two nodes: " + v.violations());
        assertTrue(v.violations().get(0).startsWith("n1 lost put k=alice via n1 (op 1"), v.violations().get(0));
        assertTrue(verdict(verdicts, ConvergenceCheck.NAME).passed(), "both nodes agree on the wrong state");
    }

    @Test
    void theSameStepsOnTheCorrectBuildKeepAllThreeWrites() {
        ModelCluster m = new ModelCluster(Build.CORRECT, 2);
        m.put(0, "n1", "k", "alice", VersionVector.EMPTY, Outcome.OK);
        m.put(1, "n2", "k", "bob", VersionVector.EMPTY, Outcome.OK);
        m.syncAll();
        m.put(2, "n1", "k", "carol", VersionVector.EMPTY, Outcome.OK);
        m.syncAll();
        List<Verdict> verdicts = check(m);
        assertTrue(Checker.passed(verdicts), verdicts.toString());
        assertEquals(3, m.finalState().view("n2", "k").siblings().size());
    }
}
