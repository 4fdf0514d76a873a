package io.vkv.sim.check;

import io.vkv.sim.history.Op;
import java.util.List;

/**
 * No false siblings: two writes where one's context covered the other never both remain. For each pair of siblings
 * a node holds, the write that produced one must not have been sent with a context covering the other's dot.
 */
public final class FalseSiblingCheck {

    public static final String NAME = "no-false-sibling";
    public static final String RULE = "no sibling survives beside a write whose context covered it";

    private FalseSiblingCheck() {
    }

    public static Verdict check(WriteIndex writes, ClusterState state) {
        Violations violations = new Violations();
        int pairs = 0;
        int maxSiblings = 0;
        for (String node : state.nodes().keySet()) {
            for (String key : state.nodes().get(node).keySet()) {
                List<SiblingView> siblings = state.view(node, key).siblings();
                maxSiblings = Math.max(maxSiblings, siblings.size());
                for (SiblingView later : siblings) {
                    // A sibling of uncertain origin counts only if every write it can be covered the other: never a false alarm.
                    List<Op> origins = writes.origins(key, later);
                    for (SiblingView earlier : siblings) {
                        if (earlier == later) {
                            continue;
                        }
                        pairs++;
                        if (!origins.isEmpty() && origins.stream().allMatch(o -> o.context().covers(earlier.dot()))) {
                            violations.add(node + " " + key + ": " + earlier.describe() + " survives beside " + later.describe()
                                    + ", written by " + origins.get(0).describe() + " whose context covered it");
                        }
                    }
                }
            }
        }
        String summary = violations.isEmpty()
                ? pairs / 2 + " pairs of final siblings checked (at most " + maxSiblings + " siblings per key)"
                : violations.count() + " siblings survive beside a write that superseded them";
        return Verdict.of(NAME, RULE, summary, violations.list());
    }
}
