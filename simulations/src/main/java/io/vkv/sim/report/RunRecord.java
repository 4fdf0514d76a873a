package io.vkv.sim.report;

import io.vkv.sim.check.ClusterState;
import io.vkv.sim.check.Verdict;
import io.vkv.sim.fault.FaultEvent;
import io.vkv.sim.fault.FaultStep;
import io.vkv.sim.fault.Scenario;
import io.vkv.sim.history.Op;
import io.vkv.sim.workload.Workload;
import java.time.Instant;
import java.util.List;

/**
 * Everything a run produced, for its report. Times are milliseconds since the run started (the workload's clock);
 * -1 where a moment did not happen (no repair, no convergence).
 *
 * @param reportDir       where its report, history and final state are
 * @param faultMillis     how long the schedule was planned to last
 * @param plan            the schedule the seed gave
 * @param events          the schedule as it happened
 * @param lastRepair      when the last repair finished
 * @param clientsStopped  when the workload had stopped: the cluster is quiet from here on
 * @param converged       when every node first returned the same state (confirmed by a second read)
 */
public record RunRecord(java.nio.file.Path reportDir, Scenario scenario, long seed, long faultMillis, String broker, Workload.Settings workload, Instant startedAt,
                        List<FaultStep> plan, List<FaultEvent> events, long lastRepair, long clientsStopped, long converged,
                        List<Op> history, ClusterState finalState, List<Verdict> verdicts) {

    public RunRecord {
        plan = List.copyOf(plan);
        events = List.copyOf(events);
        history = List.copyOf(history);
        verdicts = List.copyOf(verdicts);
    }

    public boolean passed() {
        return verdicts.stream().allMatch(Verdict::passed);
    }

    /** Time from the last heal (or from the clients stopping, when nothing was repaired) to convergence; -1 when none. */
    public long convergenceMillis() {
        if (converged < 0) {
            return -1;
        }
        return Math.max(0, converged - (lastRepair >= 0 ? lastRepair : clientsStopped));
    }
}
