package io.vkv.sim.report;

import io.vkv.sim.check.KeyView;
import io.vkv.sim.check.Verdict;
import io.vkv.sim.fault.FaultEvent;
import io.vkv.sim.history.Op;
import io.vkv.sim.history.OpType;
import io.vkv.sim.history.Outcome;
import io.vkv.sim.workload.Metrics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** Writes a run's {@code report.md} and {@code timeline.png} into its report directory. */
public final class ReportWriter {

    /** Violations listed per verdict; the rest are counted. */
    private static final int SHOWN = 20;

    private ReportWriter() {
    }

    public static void write(Path dir, RunRecord r) throws IOException {
        List<Metrics.Second> seconds = Metrics.of(r.history()).seconds();
        TimelinePlot.write(dir.resolve("timeline.png"), "vkv " + r.scenario().id() + ", seed " + r.seed() + ": "
                + (r.passed() ? "PASS" : "FAIL"), seconds, FaultPeriod.of(r.events(), r.clientsStopped()),
                new TimelinePlot.Marks(r.clientsStopped(), r.converged()));
        Files.writeString(dir.resolve("report.md"), markdown(r, seconds), StandardCharsets.UTF_8);
    }

    static String markdown(RunRecord r, List<Metrics.Second> seconds) {
        StringBuilder b = new StringBuilder();
        long passed = r.verdicts().stream().filter(Verdict::passed).count();
        b.append("# vkv simulation: ").append(r.scenario().id()).append(", seed ").append(r.seed()).append("\n\n");
        b.append("**").append(r.passed() ? "PASS" : "FAIL").append("**: ").append(passed).append(" of ").append(r.verdicts().size())
                .append(" checks passed.\n\n");
        b.append("| | |\n|---|---|\n");
        row(b, "Scenario", r.scenario().id() + ": " + r.scenario().description());
        row(b, "Seed", r.seed() + " (the schedule below follows from it: `simulations/run " + r.scenario().id() + " --seed " + r.seed()
                + " --duration " + r.faultMillis() / 1000 + "`)");
        row(b, "Started", r.startedAt().toString());
        row(b, "Faults", "planned for " + secs(r.faultMillis()) + " s: " + r.plan().size() + " steps; the clients stopped at "
                + secs(r.clientsStopped()) + " s");
        row(b, "Cluster", "broker (" + r.broker() + ") and " + r.finalState().nodeIds().size()
                + " nodes as processes, each node reaching the broker through its own fault proxy");
        row(b, "Workload", r.workload().clients() + " clients, " + r.workload().keys() + " keys, call deadline "
                + r.workload().deadline().toMillis() + " ms");
        row(b, "Convergence", r.converged() < 0 ? "**not reached**"
                : "**" + r.convergenceMillis() + " ms** after the last heal" + (r.lastRepair() >= 0 ? " (heal at " + secs(r.lastRepair())
                + " s, converged at " + secs(r.converged()) + " s)" : " (no repair: from the clients stopping)"));
        b.append("\n## Verdicts\n\n");
        for (Verdict v : r.verdicts()) {
            b.append("- **").append(v.passed() ? "PASS" : "FAIL").append("** `").append(v.name()).append("`: ").append(v.summary())
                    .append(". *Rule: ").append(v.rule()).append(".*\n");
            v.violations().stream().limit(SHOWN).forEach(x -> b.append("  - ").append(x).append('\n'));
            if (v.violations().size() > SHOWN) {
                b.append("  - ... and ").append(v.violations().size() - SHOWN).append(" more\n");
            }
        }
        b.append("\n## Timeline\n\n![operations and siblings over time, faults shaded](timeline.png)\n\n");
        b.append("| t (s) | took (ms) | step | note |\n|---:|---:|---|---|\n");
        for (FaultEvent e : r.events()) {
            b.append("| ").append(secs(e.startMillis())).append(" | ").append(e.endMillis() - e.startMillis()).append(" | ")
                    .append(e.label()).append(" | ").append(e.note()).append(" |\n");
        }
        operations(b, r.history(), seconds);
        siblings(b, r, seconds);
        b.append("\n## Files\n\n- `history.tsv`: every operation, its context, outcome and dot\n")
                .append("- `final-state.tsv`: what each node returned for each key once quiet\n")
                .append("- `logs/`: the broker's and nodes' logs\n\n")
                .append("Check them again with `simulations/run check ").append("<this directory>`.\n");
        return b.toString();
    }

    private static void operations(StringBuilder b, List<Op> history, List<Metrics.Second> seconds) {
        b.append("\n## Operations\n\n| | answered | failed | unknown | total |\n|---|---:|---:|---:|---:|\n");
        for (OpType t : OpType.values()) {
            List<Op> ops = history.stream().filter(o -> o.type() == t).toList();
            b.append("| ").append(t.name().toLowerCase()).append(" | ").append(count(ops, Outcome.OK)).append(" | ")
                    .append(count(ops, Outcome.FAILED)).append(" | ").append(count(ops, Outcome.UNKNOWN)).append(" | ").append(ops.size()).append(" |\n");
        }
        b.append("| all | ").append(count(history, Outcome.OK)).append(" | ").append(count(history, Outcome.FAILED)).append(" | ")
                .append(count(history, Outcome.UNKNOWN)).append(" | ").append(history.size()).append(" |\n\n");
        int peak = seconds.stream().mapToInt(Metrics.Second::ok).max().orElse(0);
        b.append("Answered operations per second: mean ").append(String.format(Locale.ROOT, "%.0f",
                seconds.isEmpty() ? 0.0 : seconds.stream().mapToInt(Metrics.Second::ok).average().orElse(0))).append(", peak ").append(peak)
                .append(". *Failed*: certainly not applied (refused, or never sent); *unknown*: timed out or cut off mid-flight, may have been applied.\n");
    }

    private static void siblings(StringBuilder b, RunRecord r, List<Metrics.Second> seconds) {
        List<Op> reads = r.history().stream().filter(o -> o.type() == OpType.GET && o.outcome() == Outcome.OK).toList();
        long conflicted = reads.stream().filter(o -> o.siblings() > 1).count();
        b.append("\n## Siblings\n\nReads answered: ").append(reads.size()).append("; ").append(conflicted)
                .append(" saw concurrent versions (2 or more siblings), at most ")
                .append(seconds.stream().mapToInt(Metrics.Second::siblingMax).max().orElse(0)).append(".\n\n");
        b.append("Final state (as every node returned it");
        if (r.finalState().nodes().isEmpty()) {
            b.append("): no node answered.\n");
            return;
        }
        String node = r.finalState().nodes().firstKey();
        b.append(", shown from ").append(node).append("):\n\n| key | siblings | values | context |\n|---|---:|---|---|\n");
        for (String key : r.finalState().keys()) {
            KeyView v = r.finalState().view(node, key);
            b.append("| ").append(key).append(" | ").append(v.siblings().size()).append(" | ")
                    .append(String.join(", ", v.siblings().stream().map(s -> s.deleted() ? "(deleted)" : s.value()).toList()))
                    .append(" | `").append(v.context()).append("` |\n");
        }
    }

    private static long count(List<Op> ops, Outcome o) {
        return ops.stream().filter(x -> x.outcome() == o).count();
    }

    private static void row(StringBuilder b, String name, String value) {
        b.append("| ").append(name).append(" | ").append(value).append(" |\n");
    }

    static String secs(long millis) {
        return String.format(Locale.ROOT, "%.1f", millis / 1000.0);
    }
}
