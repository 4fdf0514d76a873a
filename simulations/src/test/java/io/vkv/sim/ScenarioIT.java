package io.vkv.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vkv.sim.check.Checker;
import io.vkv.sim.check.ClusterState;
import io.vkv.sim.check.ConvergenceCheck;
import io.vkv.sim.check.FalseSiblingCheck;
import io.vkv.sim.check.KeyView;
import io.vkv.sim.check.LostWriteCheck;
import io.vkv.sim.check.SiblingView;
import io.vkv.sim.check.Verdict;
import io.vkv.sim.fault.Scenario;
import io.vkv.sim.history.HistoryFile;
import io.vkv.sim.history.Op;
import io.vkv.sim.report.RunRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every scenario in short form on real processes (what CI runs): it must pass the checker and leave a complete
 * report. Then violations planted in a real run's files must each fail the check that names them.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ScenarioIT {

    /** Seconds of faults per scenario: a few episodes each, the whole class in about two minutes here. */
    private static final Duration FAULTS = Duration.ofSeconds(8);
    private static final long SEED = 1;
    private static final Path REPORTS = Path.of(System.getProperty("vkv.sim.reports", "target/sim-reports"));
    private static final Map<Scenario, RunRecord> RUNS = new ConcurrentHashMap<>();

    private static RunRecord runOf(Scenario scenario) throws IOException, InterruptedException {
        RunRecord done = RUNS.get(scenario);
        if (done == null) {
            Simulation.Options o = Simulation.Options.of(scenario, SEED, FAULTS, REPORTS);
            // A join or leave at N = 3 only moves partitions once the ring has more than three nodes; crashes run on a
            // partitioned ring too (the other scenarios cover full replication at three).
            int nodes = scenario == Scenario.JOIN_UNDER_LOAD || scenario == Scenario.LEAVE_UNDER_LOAD || scenario == Scenario.NODE_CRASH
                    ? 5 : o.nodes();
            done = Simulation.run(new Simulation.Options(o.scenario(), o.seed(), o.faults(), o.reportsRoot(), o.broker(), o.workload(),
                    o.warmup(), o.convergenceBound(), nodes));
            RUNS.put(scenario, done);
        }
        return done;
    }

    @Order(1)
    @ParameterizedTest
    @EnumSource(Scenario.class)
    void theScenarioPassesTheChecker(Scenario scenario) throws Exception {
        RunRecord r = runOf(scenario);
        assertTrue(r.passed(), () -> r.verdicts().stream().map(v -> v.headline() + " " + v.violations()).toList() + "\nreport: " + r.reportDir());
        assertTrue(r.converged() >= 0, "converged");
        assertFalse(r.events().isEmpty(), "faults were injected");
        assertTrue(r.events().stream().noneMatch(e -> e.note().startsWith("FAILED")), r.events().toString());
        assertTrue(r.history().stream().filter(Op::acknowledgedWrite).count() > 100, "the workload wrote");
        assertTrue(Files.readString(r.reportDir().resolve("report.md")).contains("**PASS**: 6 of 6 checks passed."));
        assertNotNull(ImageIO.read(r.reportDir().resolve("timeline.png").toFile()));
        assertTrue(Files.isRegularFile(r.reportDir().resolve("logs/n1.log")));
        assertEquals(List.of(), ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
                .map(p -> p.pid() + " " + p.info().commandLine().orElse("?")).toList(), "nothing the run started is left running");
    }

    @Order(2)
    @Test
    void aPartitionedRingOfFiveNodesAtNThreeSurvivesCrashesAndEveryReplicaSetConverges() throws Exception {
        RunRecord r = runOf(Scenario.NODE_CRASH); // the run of the first test, at five nodes, or a run of its own when alone
        assertTrue(r.passed(), () -> r.verdicts().stream().map(v -> v.headline() + " " + v.violations()).toList() + "\nreport: " + r.reportDir());
        assertTrue(r.history().stream().filter(Op::acknowledgedWrite).count() > 100, "the workload wrote");
        ClusterState state = ClusterState.read(r.reportDir().resolve("final-state.tsv"));
        for (String key : state.keys()) {
            assertEquals(3, state.holders(key).size(), key + " was read from its 3 replicas of 5: " + state.holders(key));
        }
    }

    @Order(3)
    @Test
    void violationsPlantedInARealRunFailTheCheckThatNamesThem() throws IOException, InterruptedException {
        RunRecord run = runOf(Scenario.PARTITION_HEAL); // the run of the first test, or a run of its own when alone
        List<Op> history = HistoryFile.read(run.reportDir().resolve("history.tsv"));
        ClusterState state = ClusterState.read(run.reportDir().resolve("final-state.tsv"));
        assertTrue(Checker.passed(Checker.check(history, state)));
        String node = state.nodes().firstKey();
        String key = state.keys().stream().filter(k -> heldAcknowledged(history, state, node, k) != null).findFirst().orElseThrow();
        SiblingView held = heldAcknowledged(history, state, node, key);

        // A lost write: the acknowledged sibling gone from every node, the contexts unchanged.
        Verdict lost = verdict(Checker.check(history, edit(state, key, v -> without(v, held), state.nodeIds())), LostWriteCheck.NAME);
        assertFalse(lost.passed());
        assertTrue(lost.violations().get(0).contains("lost put " + key + "=" + held.value()) || lost.violations().get(0).contains("lost delete " + key),
                lost.violations().get(0));

        // A divergence: one node without it.
        Verdict diverged = verdict(Checker.check(history, edit(state, key, v -> without(v, held), List.of(node))), ConvergenceCheck.NAME);
        assertFalse(diverged.passed());
        assertTrue(diverged.violations().get(0).startsWith(key + " differs between nodes"), diverged.violations().get(0));

        // A false sibling: an acknowledged write that a later acknowledged write superseded, put back beside it.
        Op superseded = history.stream().filter(Op::acknowledgedWrite).filter(w -> w.key().equals(key))
                .filter(w -> state.view(node, key).sibling(w.dot()).isEmpty()).findFirst().orElseThrow();
        SiblingView ghost = new SiblingView(superseded.dot(), superseded.value(), superseded.context().with(superseded.dot()));
        Verdict falseSibling = verdict(Checker.check(history, edit(state, key, v -> with(v, ghost), state.nodeIds())), FalseSiblingCheck.NAME);
        assertFalse(falseSibling.passed());
        assertTrue(falseSibling.violations().get(0).contains("survives beside"), falseSibling.violations().get(0));
    }

    private static SiblingView heldAcknowledged(List<Op> history, ClusterState state, String node, String key) {
        return state.view(node, key).siblings().stream()
                .filter(s -> history.stream().anyMatch(o -> o.acknowledgedWrite() && o.key().equals(key) && o.dot().equals(s.dot())))
                .findFirst().orElse(null);
    }

    private static Verdict verdict(List<Verdict> verdicts, String name) {
        return verdicts.stream().filter(v -> v.name().equals(name)).findFirst().orElseThrow();
    }

    private static KeyView without(KeyView v, SiblingView s) {
        List<SiblingView> kept = new ArrayList<>(v.siblings());
        kept.remove(s);
        return new KeyView(kept, v.context());
    }

    private static KeyView with(KeyView v, SiblingView s) {
        List<SiblingView> more = new ArrayList<>(v.siblings());
        more.add(s);
        return new KeyView(more, v.context());
    }

    /** {@code state} with {@code key} changed by {@code change} on {@code nodes}. */
    private static ClusterState edit(ClusterState state, String key, java.util.function.UnaryOperator<KeyView> change, List<String> nodes) {
        SortedMap<String, SortedMap<String, KeyView>> out = new TreeMap<>();
        state.nodes().forEach((n, keys) -> {
            SortedMap<String, KeyView> copy = new TreeMap<>(keys);
            if (nodes.contains(n)) {
                copy.put(key, change.apply(keys.get(key)));
            }
            out.put(n, copy);
        });
        assertEquals(state.unreachable(), Map.of());
        return new ClusterState(out, new TreeMap<>());
    }
}
