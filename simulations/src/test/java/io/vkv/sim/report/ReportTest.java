package io.vkv.sim.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vkv.sim.check.Checker;
import io.vkv.sim.check.ClusterState;
import io.vkv.sim.check.KeyView;
import io.vkv.sim.check.SiblingView;
import io.vkv.sim.fault.Action;
import io.vkv.sim.fault.FaultEvent;
import io.vkv.sim.fault.FaultStep;
import io.vkv.sim.fault.Scenario;
import io.vkv.sim.history.Dot;
import io.vkv.sim.history.Op;
import io.vkv.sim.history.OpType;
import io.vkv.sim.history.Outcome;
import io.vkv.sim.history.Vv;
import io.vkv.sim.workload.Metrics;
import io.vkv.sim.workload.Workload;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run's report: fault periods paired, per-second figures, the markdown sections and a PNG that decodes. */
class ReportTest {

    @TempDir
    Path dir;

    private static final List<FaultEvent> EVENTS = List.of(
            new FaultEvent(1000, 1001, Action.CUT, "n2", ""),
            new FaultEvent(1500, 1600, Action.KILL_NODE, "n1", ""),
            new FaultEvent(1600, 1610, Action.WIPE_NODE, "n1", ""),
            new FaultEvent(2000, 4000, Action.START_NODE, "n1", ""),
            new FaultEvent(3000, 3001, Action.HEAL, "n2", ""),
            new FaultEvent(3500, 3501, Action.FREEZE_BROKER, "broker", ""));

    private static final List<Op> HISTORY = List.of(
            new Op(1, 0, "n1", OpType.PUT, "k0", "c0-1", Vv.EMPTY, 100, 120, Outcome.OK, Dot.parse("n1@a:1"), 1, null),
            new Op(2, 1, "n2", OpType.GET, "k0", null, Vv.EMPTY, 1100, 1120, Outcome.OK, null, 3, null),
            new Op(3, 1, "n2", OpType.GET, "k0", null, Vv.EMPTY, 1200, 1220, Outcome.OK, null, 1, null),
            new Op(4, 2, "n1", OpType.PUT, "k0", "c2-1", Vv.EMPTY, 1500, 1600, Outcome.UNKNOWN, null, -1, "UNAVAILABLE"));

    @Test
    void faultsArePairedWithTheirRepairsAndWipesAreMoments() {
        List<FaultPeriod> periods = FaultPeriod.of(EVENTS, 5000);
        assertEquals(List.of(
                new FaultPeriod("link cut", "n2", 1000, 3001),
                new FaultPeriod("node down", "n1", 1500, 4000),
                new FaultPeriod("node disk lost", "n1", 1600, 1600),
                new FaultPeriod("broker frozen", "broker", 3500, 5000)), periods);
        assertTrue(periods.get(2).instant());
    }

    @Test
    void metricsCountEachSecond() {
        List<Metrics.Second> seconds = Metrics.of(HISTORY).seconds();
        assertEquals(2, seconds.size());
        assertEquals(new Metrics.Second(0, 1, 0, 0, 0, 0, 0), seconds.get(0));
        assertEquals(new Metrics.Second(1, 2, 0, 1, 2, 4, 3), seconds.get(1));
        assertEquals(2.0, seconds.get(1).meanSiblings());
    }

    @Test
    void theReportHasItsSectionsAndAPlotThatDecodes() throws IOException {
        ClusterState state = ClusterState.of(Map.of("n1", Map.of("k0", new KeyView(List.of(new SiblingView(Dot.parse("n1@a:1"), "c0-1",
                Vv.parse("n1@a:1"))), Vv.parse("n1@a:1")))));
        RunRecord r = new RunRecord(dir, Scenario.NODE_CRASH, 42, 10_000, "embedded", Workload.Settings.DEFAULT, Instant.EPOCH,
                List.of(new FaultStep(1000, Action.CUT, "n2", 0)), EVENTS, 4000, 4100, 4600, HISTORY, state, Checker.check(HISTORY, state));
        ReportWriter.write(dir, r);
        String md = Files.readString(dir.resolve("report.md"));
        assertTrue(md.startsWith("# vkv simulation: node-crash, seed 42\n\n**PASS**: 6 of 6 checks passed."), md);
        assertTrue(md.contains("| Convergence | **600 ms** after the last heal (heal at 4.0 s, converged at 4.6 s) |"), md);
        assertTrue(md.contains("`simulations/run node-crash --seed 42 --duration 10`"), md);
        assertTrue(md.contains("| 1.5 | 100 | kill n1 |  |"), md);
        assertTrue(md.contains("| put | 1 | 0 | 1 | 2 |"), md);
        assertTrue(md.contains("- **PASS** `no-lost-write`: 1 acknowledged writes: 1 still siblings"), md);
        BufferedImage png = ImageIO.read(dir.resolve("timeline.png").toFile());
        assertEquals(1200, png.getWidth());
        assertTrue(png.getHeight() > 500);
    }

    @Test
    void axisCeilingsAreRound() {
        assertEquals(1.0, TimelinePlot.niceCeiling(0.7));
        assertEquals(500.0, TimelinePlot.niceCeiling(450));
        assertEquals(1000.0, TimelinePlot.niceCeiling(674));
        assertEquals(10.0, TimelinePlot.niceCeiling(9));
    }
}
