package io.vkv.sim.check;

import static io.vkv.sim.check.Histories.key;
import static io.vkv.sim.check.Histories.same;
import static io.vkv.sim.check.Histories.sibling;
import static io.vkv.sim.check.Histories.withHistory;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vkv.sim.history.Outcome;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Each check on hand-written histories: a clean one passes, and each planted violation fails with a verdict that names it. */
class CheckerTest {

    private static final List<String> NODES = List.of("n1", "n2", "n3");

    /** Two concurrent puts on a base, then a delete that read only one of them. */
    private static Histories concurrentHistory() {
        return new Histories()
                .put("k", "base", "-", Outcome.OK, "a:1")
                .put("k", "left", "a:1", Outcome.OK, "a:2")
                .put("k", "right", "a:1", Outcome.OK, "b:1")
                .delete("k", "a:2", Outcome.OK, "c:1");
    }

    /** What a correct cluster holds after {@link #concurrentHistory()}: right beside the tombstone that superseded left. */
    private static KeyView concurrentState() {
        return key("a:2,b:1,c:1", sibling("b:1", "right", "a:1"), sibling("c:1", null, "a:2"));
    }

    private static Verdict verdict(List<Verdict> verdicts, String name) {
        return verdicts.stream().filter(v -> v.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void aCorrectRunPassesEveryCheck() {
        List<Verdict> verdicts = Checker.check(concurrentHistory().ops(), same(NODES, Map.of("k", concurrentState())));
        assertTrue(Checker.passed(verdicts), verdicts.toString());
        assertEquals(List.of("convergence", "no-lost-write", "no-false-sibling", "sibling-origin", "unique-dots", "history"),
                verdicts.stream().map(Verdict::name).toList());
        assertEquals("4 acknowledged writes: 2 still siblings, 2 superseded by a later write's context",
                verdict(verdicts, LostWriteCheck.NAME).summary());
    }

    @Test
    void historiesPassWhenEveryAcknowledgedWriteIsAVersionOnEveryReplica() {
        Histories h = new Histories().numbered().put("k", "one", "-", Outcome.OK, "a:1").put("k", "two", "a:1", Outcome.OK, "a:2");
        KeyView state = withHistory(key("a:2", sibling("a:2", "two", "a:1")), "100#a:1", "200#a:2");
        List<Verdict> verdicts = Checker.check(h.ops(), same(NODES, Map.of("k", state)));
        assertTrue(Checker.passed(verdicts), verdicts.toString());
        assertEquals("2 acknowledged writes: 2 kept as versions, 0 older than the 10 superseded versions kept;"
                + " every key's replicas keep the same versions", verdict(verdicts, HistoryCheck.NAME).summary());
    }

    @Test
    void aVersionMissingWhileTheHistoryHasRoomFailsNamingTheNodeAndTheVersion() {
        Histories h = new Histories().numbered().put("k", "one", "-", Outcome.OK, "a:1").put("k", "two", "a:1", Outcome.OK, "a:2");
        KeyView state = withHistory(key("a:2", sibling("a:2", "two", "a:1")), "200#a:2");
        Verdict v = verdict(Checker.check(h.ops(), same(NODES, Map.of("k", state))), HistoryCheck.NAME);
        assertFalse(v.passed());
        assertEquals(3, v.violations().size(), v.violations().toString());
        assertTrue(v.violations().get(0).startsWith("n1 lost version 100#a:1 of put k=one"), v.violations().get(0));
    }

    @Test
    void aVersionOlderThanTheBoundsWorthOfNewerOnesMayBeGone() {
        Histories h = new Histories().numbered();
        String context = "-";
        for (int i = 1; i <= Checker.HISTORY_BOUND + 2; i++) {
            h.put("k", "v" + i, context, Outcome.OK, "a:" + i);
            context = "a:" + i;
        }
        String[] kept = new String[Checker.HISTORY_BOUND + 1];
        for (int i = 0; i <= Checker.HISTORY_BOUND; i++) {
            kept[i] = (i + 2) * 100 + "#a:" + (i + 2); // the oldest, 100#a:1, went
        }
        int last = Checker.HISTORY_BOUND + 2;
        KeyView state = withHistory(key("a:" + last, sibling("a:" + last, "v" + last, "a:" + (last - 1))), kept);
        Verdict v = verdict(Checker.check(h.ops(), same(NODES, Map.of("k", state))), HistoryCheck.NAME);
        assertTrue(v.passed(), v.violations().toString());
        assertTrue(v.summary().contains("1 older than the 10 superseded versions kept"), v.summary());
    }

    @Test
    void replicasKeepingDifferentVersionsFail() {
        Histories h = new Histories().numbered().put("k", "one", "-", Outcome.OK, "a:1").put("k", "two", "a:1", Outcome.OK, "a:2");
        KeyView full = withHistory(key("a:2", sibling("a:2", "two", "a:1")), "100#a:1", "200#a:2");
        KeyView extra = withHistory(key("a:2", sibling("a:2", "two", "a:1")), "100#a:1", "150#b:1", "200#a:2");
        Map<String, Map<String, KeyView>> nodes = new TreeMap<>(Map.of("n1", Map.of("k", full), "n2", Map.of("k", extra)));
        Verdict v = verdict(Checker.check(h.ops(), ClusterState.of(nodes)), HistoryCheck.NAME);
        assertFalse(v.passed());
        assertTrue(v.violations().get(0).startsWith("k's history differs between nodes: n1: [100#a:1, 200#a:2]; n2:"), v.violations().get(0));
        assertTrue(verdict(Checker.check(h.ops(), ClusterState.of(nodes)), ConvergenceCheck.NAME).passed(), "siblings and contexts agree");
    }

    @Test
    void theCheckersBoundIsTheNodesDefault() {
        assertEquals(io.vkv.node.storage.StorageOptions.DEFAULT_HISTORY_MAX_VERSIONS, Checker.HISTORY_BOUND);
    }

    @Test
    void aLostAcknowledgedWriteFailsNamingTheWriteAndTheNode() {
        // "right" vanished: nothing any client sent covered b:1.
        KeyView lost = key("a:2,b:1,c:1", sibling("c:1", null, "a:2"));
        List<Verdict> verdicts = Checker.check(concurrentHistory().ops(), same(NODES, Map.of("k", lost)));
        Verdict v = verdict(verdicts, LostWriteCheck.NAME);
        assertFalse(v.passed());
        assertEquals(3, v.violations().size(), "one per node: " + v.violations());
        assertTrue(v.violations().get(0).startsWith("n1 lost put k=right via n1 (op 3, client 0, acknowledged as b:1"), v.violations().get(0));
        assertTrue(v.violations().get(0).contains("(yet the node's context covers it: erased)"), v.violations().get(0));
        assertTrue(verdict(verdicts, ConvergenceCheck.NAME).passed(), "the nodes agree: on the wrong state");
    }

    @Test
    void aWriteThatFailedCleanlyCannotExplainALoss() {
        Histories h = concurrentHistory().put("k", "erasing", "a:2,b:1", Outcome.FAILED, null);
        KeyView lost = key("a:2,b:1,c:1", sibling("c:1", null, "a:2"));
        Verdict v = verdict(Checker.check(h.ops(), same(NODES, Map.of("k", lost))), LostWriteCheck.NAME);
        assertFalse(v.passed(), "a failed write was never applied, so it cannot have superseded b:1");
        assertTrue(v.violations().get(0).contains("right"), v.violations().get(0));
    }

    @Test
    void aWriteOfUnknownOutcomeMayExplainALoss() {
        // The unknown write was applied after all (its sibling is there), and it superseded right and the tombstone.
        Histories h = concurrentHistory().put("k", "maybe", "a:2,b:1,c:1", Outcome.UNKNOWN, null);
        KeyView state = key("a:3,b:1,c:1", sibling("a:3", "maybe", "a:2,b:1,c:1"));
        List<Verdict> verdicts = Checker.check(h.ops(), same(NODES, Map.of("k", state)));
        assertTrue(Checker.passed(verdicts), verdicts.toString());
    }

    @Test
    void aFalseSiblingFailsNamingBothWrites() {
        // left (a:2) survives although the delete was sent with a context covering it: a merge that ignores `covered`.
        KeyView state = key("a:2,b:1,c:1", sibling("a:2", "left", "a:1"), sibling("b:1", "right", "a:1"), sibling("c:1", null, "a:2"));
        List<Verdict> verdicts = Checker.check(concurrentHistory().ops(), same(NODES, Map.of("k", state)));
        Verdict v = verdict(verdicts, FalseSiblingCheck.NAME);
        assertFalse(v.passed());
        assertEquals(3, v.violations().size(), v.violations().toString());
        assertEquals("n1 k: left a:2 survives beside (deleted) c:1, written by delete k via n1 (op 4, client 0, acknowledged as c:1 at 0.045 s,"
                + " context a:2) whose context covered it", v.violations().get(0));
        assertTrue(verdict(verdicts, LostWriteCheck.NAME).passed());
    }

    @Test
    void aFalseSiblingBesideATombstoneOfUnknownOutcomeIsFoundThroughItsClock() {
        Histories h = new Histories().put("k", "v1", "-", Outcome.OK, "a:1").delete("k", "a:1", Outcome.UNKNOWN, null);
        KeyView state = key("a:1,b:1", sibling("a:1", "v1", "-"), sibling("b:1", null, "a:1"));
        Verdict v = verdict(Checker.check(h.ops(), same(NODES, Map.of("k", state))), FalseSiblingCheck.NAME);
        assertFalse(v.passed());
        assertTrue(v.violations().get(0).contains("v1 a:1 survives beside (deleted) b:1, written by delete k"), v.violations().get(0));
    }

    @Test
    void divergentNodesFailConvergenceNamingTheKeyAndWhatEachHolds() {
        Map<String, Map<String, KeyView>> nodes = new TreeMap<>();
        nodes.put("n1", Map.of("k", concurrentState()));
        nodes.put("n2", Map.of("k", concurrentState()));
        nodes.put("n3", Map.of("k", key("a:2,b:1", sibling("a:2", "left", "a:1"), sibling("b:1", "right", "a:1"))));
        Verdict v = ConvergenceCheck.check(ClusterState.of(nodes));
        assertFalse(v.passed());
        assertEquals(List.of("k differs between nodes: n1,n2: [right b:1, (deleted) c:1] ctx a:2,b:1,c:1;"
                + " n3: [left a:2, right b:1] ctx a:2,b:1"), v.violations());
        assertEquals("1 of 1 keys differ", v.summary());
    }

    @Test
    void aReplicaWithoutTheKeyIsADivergenceAndANodeThatDidNotAnswerFailsConvergence() {
        ClusterState state = new ClusterState(new TreeMap<>(Map.of("n1", new TreeMap<>(Map.of("k", concurrentState())),
                "n2", new TreeMap<>(Map.of("k", KeyView.EMPTY)))), new TreeMap<>(Map.of("n3", "UNAVAILABLE: io exception")));
        Verdict v = ConvergenceCheck.check(state);
        assertFalse(v.passed());
        assertEquals("n3 did not answer the final read: UNAVAILABLE: io exception", v.violations().get(0));
        assertTrue(v.violations().get(1).contains("n2: [] ctx -"), v.violations().get(1));
    }

    @Test
    void onAPartitionedRingOnlyTheReplicasOfAKeyAreJudged() {
        // n3 does not replicate k, so the final read did not ask it for k: it neither diverges nor loses the write.
        ClusterState state = new ClusterState(new TreeMap<>(Map.of("n1", new TreeMap<>(Map.of("k", concurrentState())),
                "n2", new TreeMap<>(Map.of("k", concurrentState())), "n3", new TreeMap<>())), new TreeMap<>());
        assertEquals(List.of("n1", "n2"), state.holders("k"));
        assertTrue(ConvergenceCheck.check(state).passed(), ConvergenceCheck.check(state).violations()::toString);
    }

    @Test
    void aSiblingFromAFailedWriteFailsTheOriginCheck() {
        Histories h = new Histories().put("k", "v1", "-", Outcome.OK, "a:1").put("k", "ghost", "-", Outcome.FAILED, null);
        KeyView state = key("a:1,b:1", sibling("a:1", "v1", "-"), sibling("b:1", "ghost", "-"));
        Verdict v = verdict(Checker.check(h.ops(), same(NODES, Map.of("k", state))), SiblingOriginCheck.NAME);
        assertFalse(v.passed());
        assertTrue(v.violations().get(0).endsWith("failed cleanly and so must not be applied"), v.violations().get(0));
    }

    @Test
    void anAcknowledgedDotCarryingAnotherValueOrAValueNobodyWroteFailsTheOriginCheck() {
        Histories h = new Histories().put("k", "v1", "-", Outcome.OK, "a:1");
        KeyView swapped = key("a:1,b:1", sibling("a:1", "v2", "-"), sibling("b:1", "nobody", "-"));
        Verdict v = verdict(Checker.check(h.ops(), same(List.of("n1"), Map.of("k", swapped))), SiblingOriginCheck.NAME);
        assertEquals(2, v.violations().size(), v.violations().toString());
        assertTrue(v.violations().get(0).contains("carries the dot of put k=v1"), v.violations().get(0));
        assertTrue(v.violations().get(1).endsWith("holds a value no client wrote"), v.violations().get(1));
    }

    @Test
    void dotsAreNamesWithinAKeyNotAcrossKeys() {
        // Counters are per partition: a:1 on k and a:1 on j are two writes.
        Histories h = new Histories().put("k", "x", "-", Outcome.OK, "a:1").put("j", "y", "-", Outcome.OK, "a:1");
        List<Verdict> verdicts = Checker.check(h.ops(), same(NODES, Map.of("k", key("a:1", sibling("a:1", "x", "-")),
                "j", key("a:1", sibling("a:1", "y", "-")))));
        assertTrue(Checker.passed(verdicts), verdicts.toString());
    }

    @Test
    void aDotAcknowledgedForTwoWritesOfAKeyFailsUniqueDotsNamingBoth() {
        Histories h = new Histories().put("k", "x", "-", Outcome.OK, "a:1").put("k", "y", "-", Outcome.OK, "a:1");
        List<Verdict> verdicts = Checker.check(h.ops(), same(NODES, Map.of("k", key("a:1", sibling("a:1", "x", "-")))));
        Verdict v = verdict(verdicts, UniqueDotCheck.NAME);
        assertFalse(v.passed());
        assertEquals("1 dots issued to more than one write", v.summary());
        assertTrue(v.violations().get(0).startsWith("dot a:1 of k was issued twice: to put k=x"), v.violations().get(0));
        assertTrue(v.violations().get(0).contains(" and to put k=y"), v.violations().get(0));
    }
}
