package io.vkv.sim.check;

import io.vkv.sim.history.Op;
import java.util.Optional;

/**
 * Every sibling comes from a write that may have been applied: an acknowledged write with its dot, key and value,
 * or a write of unknown outcome. A sibling that no client wrote, a write that failed cleanly yet was applied, or an
 * acknowledged dot carrying another value all fail it.
 */
public final class SiblingOriginCheck {

    public static final String NAME = "sibling-origin";
    public static final String RULE = "every sibling is an acknowledged write (same dot, key and value) or a write of unknown outcome";

    private SiblingOriginCheck() {
    }

    public static Verdict check(WriteIndex writes, ClusterState state) {
        Violations violations = new Violations();
        int siblings = 0;
        for (String node : state.nodes().keySet()) {
            for (String key : state.nodes().get(node).keySet()) {
                for (SiblingView s : state.view(node, key).siblings()) {
                    siblings++;
                    if (writes.origins(key, s).isEmpty()) {
                        violations.add(node + " " + key + ": sibling " + s.describe() + " " + why(writes, key, s));
                    }
                }
            }
        }
        String summary = violations.isEmpty() ? siblings + " final siblings all traced to their writes"
                : violations.count() + " of " + siblings + " final siblings come from no write that may have been applied";
        return Verdict.of(NAME, RULE, summary, violations.list());
    }

    private static String why(WriteIndex writes, String key, SiblingView s) {
        Optional<Op> acked = writes.acknowledged(key, s.dot());
        if (acked.isPresent()) {
            return "carries the dot of " + acked.get().describe() + ", a different write";
        }
        if (s.value() == null) {
            return "is a tombstone no delete of unknown outcome explains";
        }
        return writes.put(s.value()).map(p -> p.key().equals(key) ? "was written by " + p.describe() + ", which "
                        + (p.acknowledgedWrite() ? "was acknowledged with another dot" : "failed cleanly and so must not be applied")
                        : "was written to " + p.key() + " by " + p.describe())
                .orElse("holds a value no client wrote");
    }
}
