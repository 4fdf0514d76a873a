package io.vkv.sim.check;

import java.util.List;

/**
 * The outcome of one check: its name, the rule it checks, whether it held, a one-line summary and every
 * violation found (each a self-contained sentence naming the node, key, writes and contexts involved).
 */
public record Verdict(String name, String rule, boolean passed, String summary, List<String> violations) {

    public Verdict {
        violations = List.copyOf(violations);
        if (passed != violations.isEmpty()) {
            throw new IllegalArgumentException("a verdict passes exactly when it found no violation");
        }
    }

    /** A verdict that passes when {@code violations} is empty. */
    public static Verdict of(String name, String rule, String summary, List<String> violations) {
        return new Verdict(name, rule, violations.isEmpty(), summary, violations);
    }

    /** {@code PASS no-lost-write: 412 acknowledged writes accounted for}. */
    public String headline() {
        return (passed ? "PASS " : "FAIL ") + name + ": " + summary;
    }
}
