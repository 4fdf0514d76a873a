package io.vkv.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vkv.sim.check.ClusterState;
import io.vkv.sim.check.KeyView;
import io.vkv.sim.check.SiblingView;
import io.vkv.sim.fault.Scenario;
import io.vkv.sim.history.Dot;
import io.vkv.sim.history.HistoryFile;
import io.vkv.sim.history.Op;
import io.vkv.sim.history.OpType;
import io.vkv.sim.history.Outcome;
import io.vkv.sim.history.Vv;
import java.nio.file.Files;
import java.util.Map;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line: scenarios and options read, bad usage refused with exit 2 before anything starts. */
class SimulationMainTest {

    @TempDir
    Path dir;

    @Test
    void optionsAreRead() {
        List<Simulation.Options> runs = SimulationMain.parse(new String[] {"node-crash", "--seed", "7", "--duration", "12",
                "--reports", dir.toString(), "--clients", "3", "--keys", "4"});
        assertEquals(1, runs.size());
        Simulation.Options o = runs.get(0);
        assertEquals(Scenario.NODE_CRASH, o.scenario());
        assertEquals(7, o.seed());
        assertEquals(Duration.ofSeconds(12), o.faults());
        assertEquals(dir, o.reportsRoot());
        assertEquals(3, o.workload().clients());
        assertEquals(4, o.workload().keys());
        assertEquals(List.of(Scenario.values()), SimulationMain.parse(new String[] {"all", "--seed", "1"}).stream()
                .map(Simulation.Options::scenario).toList());
    }

    @Test
    void badUsageIsRefusedSayingWhy() {
        assertEquals("no scenario 'partition'", assertThrows(SimulationMain.UsageException.class,
                () -> SimulationMain.parse(new String[] {"partition"})).getMessage());
        assertEquals("--duration must be at least 1, got 0", assertThrows(SimulationMain.UsageException.class,
                () -> SimulationMain.parse(new String[] {"flapping", "--duration", "0"})).getMessage());
        assertEquals("--seed takes a whole number, got 'x'", assertThrows(SimulationMain.UsageException.class,
                () -> SimulationMain.parse(new String[] {"flapping", "--seed", "x"})).getMessage());
        assertEquals("--seed needs a value", assertThrows(SimulationMain.UsageException.class,
                () -> SimulationMain.parse(new String[] {"flapping", "--seed"})).getMessage());
        assertEquals("--broker must be embedded or mosquitto: the simulation kills and restarts it", assertThrows(SimulationMain.UsageException.class,
                () -> SimulationMain.parse(new String[] {"flapping", "--broker", "tcp://127.0.0.1:1883"})).getMessage());
        assertEquals(2, SimulationMain.run(new String[] {}));
        assertEquals(2, SimulationMain.run(new String[] {"flapping", "--bogus", "1"}));
        assertEquals(2, SimulationMain.run(new String[] {"check", dir.resolve("missing").toString()}));
    }

    @Test
    void checkJudgesARunsFilesAgain() throws Exception {
        assertEquals(0, SimulationMain.run(new String[] {"check", plantedRun(dir.resolve("good"), false).toString()}));
        assertEquals(1, SimulationMain.run(new String[] {"check", plantedRun(dir.resolve("bad"), true).toString()}));
    }

    /** A run's files: one acknowledged put, and a final state that holds it, or (planted) has lost it. */
    private static Path plantedRun(Path dir, boolean lost) throws Exception {
        Files.createDirectories(dir);
        try (HistoryFile h = HistoryFile.create(dir.resolve("history.tsv"))) {
            h.append(new Op(1, 0, "n1", OpType.PUT, "k0", "c0-1", Vv.EMPTY, 0, 5, Outcome.OK, Dot.parse("n1@a:1"), 1, null));
        }
        KeyView held = new KeyView(List.of(new SiblingView(Dot.parse("n1@a:1"), "c0-1", Vv.parse("n1@a:1"))), Vv.parse("n1@a:1"));
        ClusterState.of(Map.of("n1", lost ? Map.of("k0", KeyView.EMPTY) : Map.of("k0", held))).write(dir.resolve("final-state.tsv"));
        return dir;
    }
}
