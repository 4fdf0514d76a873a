package io.vkv.sim.check;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Convergence: every node answered and returned the same siblings and the same context for every key. */
public final class ConvergenceCheck {

    public static final String NAME = "convergence";
    public static final String RULE = "every replica of a key (every node, under full replication) returns identical sibling sets and contexts";

    private ConvergenceCheck() {
    }

    public static Verdict check(ClusterState state) {
        Violations violations = new Violations();
        state.unreachable().forEach((n, why) -> violations.add(n + " did not answer the final read: " + why));
        List<String> nodes = List.copyOf(state.nodes().keySet());
        int differing = 0;
        for (String key : state.keys()) {
            Map<KeyView, List<String>> groups = state.holders(key).stream().collect(Collectors.groupingBy(n -> state.view(n, key).live(),
                    LinkedHashMap::new, Collectors.toList()));
            if (groups.size() > 1) {
                differing++;
                violations.add(key + " differs between nodes: " + groups.entrySet().stream()
                        .map(e -> String.join(",", e.getValue()) + ": " + e.getKey().describe()).collect(Collectors.joining("; ")));
            }
        }
        String summary = violations.isEmpty()
                ? nodes.size() + " nodes agree on all " + state.keys().size() + " keys"
                : differing + " of " + state.keys().size() + " keys differ" + (state.unreachable().isEmpty() ? ""
                        : ", " + state.unreachable().size() + " node(s) did not answer");
        return Verdict.of(NAME, RULE, summary, violations.list());
    }
}
