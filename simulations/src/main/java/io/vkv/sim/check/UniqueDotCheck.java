package io.vkv.sim.check;

import io.vkv.sim.history.Op;

/**
 * No dot is issued twice: two acknowledged writes of a key never carry the same dot. A node that issued a dot again
 * (a restarted incarnation reusing counters, a joiner coordinating under a borrowed actor) would make one of the two
 * writes invisible to every context that covers the other.
 */
public final class UniqueDotCheck {

    public static final String NAME = "unique-dots";
    public static final String RULE = "no two acknowledged writes of a key carry the same dot";

    private UniqueDotCheck() {
    }

    public static Verdict check(WriteIndex writes) {
        Violations violations = new Violations();
        for (Op[] pair : writes.reissuedDots()) {
            violations.add("dot " + pair[0].dot() + " of " + pair[0].key() + " was issued twice: to " + pair[0].describe()
                    + " and to " + pair[1].describe());
        }
        String summary = violations.isEmpty() ? writes.acknowledged().size() + " acknowledged writes, each with a dot of its own"
                : violations.count() + " dots issued to more than one write";
        return Verdict.of(NAME, RULE, summary, violations.list());
    }
}
