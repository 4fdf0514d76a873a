package io.vkv.sim.check;

import io.vkv.sim.history.Op;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Histories: every replica of a key keeps the same versions, and each acknowledged write is one of them (by its
 * version number and dot), unless the key keeps {@code bound} superseded versions all numbered after it: the
 * history's bound dropped it, oldest first, as it does on every replica. (The workloads neither trim nor erase.)
 */
public final class HistoryCheck {

    public static final String NAME = "history";
    public static final String RULE = "every replica of a key keeps the same versions, and each acknowledged write is one of them"
            + " unless history.max-versions newer superseded versions pushed it out";

    private HistoryCheck() {
    }

    /** Judges the histories of {@code state} against {@code writes}, for nodes that keep {@code bound} superseded versions. */
    public static Verdict check(WriteIndex writes, ClusterState state, int bound) {
        boolean recorded = state.nodes().values().stream().flatMap(m -> m.values().stream()).allMatch(v -> v.history() != null);
        if (!recorded) {
            return Verdict.of(NAME, RULE, "not judged: this state was read without histories", List.of());
        }
        Violations violations = new Violations();
        int differing = 0;
        for (String key : state.keys()) {
            Map<List<VersionView>, List<String>> groups = state.holders(key).stream().collect(Collectors.groupingBy(
                    n -> state.view(n, key).history(), LinkedHashMap::new, Collectors.toList()));
            if (groups.size() > 1) {
                differing++;
                violations.add(key + "'s history differs between nodes: " + groups.entrySet().stream()
                        .map(e -> String.join(",", e.getValue()) + ": " + e.getKey()).collect(Collectors.joining("; ")));
            }
        }
        int kept = 0;
        int boundedOut = 0;
        int unnumbered = 0;
        for (Op w : writes.acknowledged()) {
            if (w.version() == 0) {
                unnumbered++;
                continue;
            }
            VersionView version = new VersionView(w.version(), w.dot());
            boolean keptEverywhere = true;
            boolean outEverywhere = true;
            for (String node : state.holders(w.key())) {
                KeyView view = state.view(node, w.key());
                if (view.history().contains(version)) {
                    outEverywhere = false;
                    continue;
                }
                keptEverywhere = false;
                if (!pushedOut(view, w.version(), bound)) {
                    outEverywhere = false;
                    violations.add(node + " lost version " + version + " of " + w.describe() + ": " + w.key() + " keeps "
                            + view.history() + " (" + superseded(view).size() + " superseded of at most " + bound + ")");
                }
            }
            if (keptEverywhere) {
                kept++;
            } else if (outEverywhere) {
                boundedOut++;
            }
        }
        String summary = writes.acknowledged().size() + " acknowledged writes: " + kept + " kept as versions, " + boundedOut
                + " older than the " + bound + " superseded versions kept" + (unnumbered == 0 ? "" : ", " + unnumbered + " without a number")
                + "; " + (differing == 0 ? "every key's replicas keep the same versions" : differing + " keys' histories differ")
                + (violations.isEmpty() ? "" : ", " + violations.count() + " violations");
        return Verdict.of(NAME, RULE, summary, violations.list());
    }

    /** True when {@code view} keeps {@code bound} superseded versions, all numbered at or after {@code number}. */
    private static boolean pushedOut(KeyView view, long number, int bound) {
        List<VersionView> superseded = superseded(view);
        return superseded.size() >= bound && (bound == 0 || superseded.get(0).number() >= number);
    }

    private static List<VersionView> superseded(KeyView view) {
        Set<io.vkv.sim.history.Dot> live = view.siblings().stream().map(SiblingView::dot).collect(Collectors.toSet());
        return view.history().stream().filter(v -> !live.contains(v.dot())).toList();
    }
}
