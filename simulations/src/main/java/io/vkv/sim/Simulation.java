package io.vkv.sim;

import io.vkv.cli.cluster.BrokerChoice;
import io.vkv.sim.check.Checker;
import io.vkv.sim.check.Verdict;
import io.vkv.sim.cluster.NodeChannels;
import io.vkv.sim.cluster.SimCluster;
import io.vkv.sim.cluster.StateReader;
import io.vkv.sim.fault.FaultRunner;
import io.vkv.sim.fault.FaultStep;
import io.vkv.sim.fault.Scenario;
import io.vkv.sim.history.HistoryFile;
import io.vkv.sim.report.ReportWriter;
import io.vkv.sim.report.RunRecord;
import io.vkv.sim.workload.Recorder;
import io.vkv.sim.workload.Workload;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of one scenario: a broker and three nodes as processes, the workload recording every operation while the
 * seed's fault schedule plays, every fault repaired, the clients stopped, the cluster polled until it converges,
 * then the checker's verdicts over the history file and the final state, and the report. Nothing is left running.
 */
public final class Simulation {

    private static final Logger LOG = LoggerFactory.getLogger(Simulation.class);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    /** How to run. */
    public record Options(Scenario scenario, long seed, Duration faults, Path reportsRoot, BrokerChoice broker,
                          Workload.Settings workload, Duration warmup, Duration convergenceBound, int nodes) {

        /** Three nodes, the embedded broker, the default workload, 2 s of warm-up, convergence awaited for up to 60 s. */
        public static Options of(Scenario scenario, long seed, Duration faults, Path reportsRoot) {
            return new Options(scenario, seed, faults, reportsRoot, BrokerChoice.EMBEDDED, Workload.Settings.DEFAULT,
                    Duration.ofSeconds(2), Duration.ofSeconds(60), 3);
        }
    }

    private Simulation() {
    }

    /** Runs the scenario and writes its report; returns what it found. */
    public static RunRecord run(Options o) throws IOException, InterruptedException {
        Instant startedAt = Instant.now();
        Path report = o.reportsRoot().resolve(o.scenario().id() + "-" + LocalDateTime.now().format(STAMP));
        Files.createDirectories(report);
        Path history = report.resolve("history.tsv");
        Path stateFile = report.resolve("final-state.tsv");
        Path clusterDir = Files.createTempDirectory("vkv-sim-");
        LOG.info("{} seed {}: starting a broker and {} nodes in {}", o.scenario().id(), o.seed(), o.nodes(), clusterDir);
        SimCluster cluster;
        long upStarted = System.nanoTime();
        try {
            cluster = SimCluster.up(clusterDir, o.nodes(), o.broker());
            LOG.info("cluster up in {} ms", (System.nanoTime() - upStarted) / 1_000_000);
        } catch (IOException | InterruptedException | RuntimeException e) {
            SimCluster.copyLogs(clusterDir, report.resolve("logs"));
            SimCluster.deleteTree(clusterDir);
            throw e;
        }
        Thread cleanup = new Thread(() -> closeQuietly(cluster), "sim-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup); // Ctrl-C must not leave processes behind
        Map<String, String> addresses = new LinkedHashMap<>();
        cluster.nodeIds().forEach(n -> addresses.put(n, cluster.address(n)));
        try (NodeChannels channels = new NodeChannels(addresses); Recorder recorder = new Recorder(history)) {
            StateReader reader = new StateReader(channels, o.workload().keyNames());
            Workload workload = new Workload(o.workload(), channels, recorder, o.seed());
            FaultRunner faults = new FaultRunner(cluster, workload, channels, reader, recorder);
            List<FaultStep> plan = o.scenario().plan(o.seed(), o.faults().toMillis(), cluster.nodeIds());
            workload.start();
            try {
                Thread.sleep(o.warmup().toMillis());
                faults.run(plan);
                faults.repairAll();
            } finally {
                workload.stop();
            }
            long clientsStopped = recorder.now();
            recorder.close();
            LOG.info("clients stopped at {} ms; waiting for the cluster to converge", clientsStopped);
            QuietPhase.Result quiet = QuietPhase.await(reader, recorder, o.convergenceBound());
            quiet.state().write(stateFile);
            List<Verdict> verdicts = Checker.check(history, stateFile);
            RunRecord record = new RunRecord(report, o.scenario(), o.seed(), o.faults().toMillis(), o.broker().kind(), o.workload(), startedAt,
                    plan, faults.events(), faults.lastRepairMillis(), clientsStopped, quiet.convergedAt(),
                    HistoryFile.read(history), quiet.state(), verdicts);
            ReportWriter.write(report, record);
            verdicts.forEach(v -> LOG.info("{}", v.headline()));
            LOG.info("{} seed {}: {}, converged {} ms after the last heal; report in {}", o.scenario().id(), o.seed(),
                    record.passed() ? "PASS" : "FAIL", record.convergenceMillis(), report.resolve("report.md"));
            return record;
        } finally {
            try {
                SimCluster.copyLogs(clusterDir, report.resolve("logs"));
            } finally {
                cluster.close();
                try {
                    Runtime.getRuntime().removeShutdownHook(cleanup);
                } catch (IllegalStateException e) {
                    // the JVM is shutting down: the hook runs, harmlessly, a second time
                }
                SimCluster.deleteTree(clusterDir);
            }
        }
    }

    private static void closeQuietly(SimCluster cluster) {
        try {
            cluster.close();
        } catch (IOException | RuntimeException e) {
            System.err.println("sim: cleanup failed: " + e.getMessage());
        }
    }
}
