package io.vkv.sim.check;

import io.vkv.sim.history.Op;
import java.util.Optional;

/**
 * No lost acknowledged write: on every node, each acknowledged write is still a sibling, or its dot is covered by the
 * context of another write of the key that was acknowledged or whose outcome is unknown. A write that failed
 * cleanly was never applied, so it cannot explain a loss.
 */
public final class LostWriteCheck {

    public static final String NAME = "no-lost-write";
    public static final String RULE = "each acknowledged write is still a sibling, or its dot is covered by the context of a later"
            + " write that was acknowledged or whose outcome is unknown";

    private LostWriteCheck() {
    }

    public static Verdict check(WriteIndex writes, ClusterState state) {
        Violations violations = new Violations();
        int held = 0;
        int superseded = 0;
        for (Op w : writes.acknowledged()) {
            Optional<Op> explanation = writes.writes(w.key()).stream()
                    .filter(o -> o != w && o.mayHaveApplied() && o.context().covers(w.dot())).findFirst();
            boolean heldSomewhere = false;
            for (String node : state.holders(w.key())) {
                KeyView view = state.view(node, w.key());
                if (view.sibling(w.dot()).isPresent()) {
                    heldSomewhere = true;
                } else if (explanation.isEmpty()) {
                    violations.add(node + " lost " + w.describe() + ": no sibling holds it and no acknowledged or unknown write's"
                            + " context covers it" + (view.context().covers(w.dot()) ? " (yet the node's context covers it: erased)" : "")
                            + "; " + w.key() + " on " + node + " is " + view.describe());
                }
            }
            if (heldSomewhere) {
                held++;
            } else if (explanation.isPresent()) {
                superseded++;
            }
        }
        String summary = writes.acknowledged().size() + " acknowledged writes: " + held + " still siblings, " + superseded
                + " superseded by a later write's context" + (violations.isEmpty() ? "" : ", " + violations.count() + " losses");
        return Verdict.of(NAME, RULE, summary, violations.list());
    }
}
