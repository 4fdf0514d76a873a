package io.vkv.sim.check;

import io.vkv.sim.history.Dot;
import io.vkv.sim.history.Op;
import io.vkv.sim.history.OpType;
import io.vkv.sim.history.Outcome;
import io.vkv.sim.history.Vv;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Small hand-written histories and final states for the checker's tests: actors {@code a}, {@code b}, {@code c}. */
final class Histories {

    private final List<Op> ops = new ArrayList<>();
    private boolean numbered;

    /** From now on, acknowledged writes carry version number {@code 100 × their op id}, as a node's answers do. */
    Histories numbered() {
        numbered = true;
        return this;
    }

    static Dot dot(String text) {
        return Dot.parse(text);
    }

    /** {@code "a:1,b:2"}, or {@code "-"} for the empty vector. */
    static Vv vv(String text) {
        return Vv.parse(text);
    }

    Histories put(String key, String value, String context, Outcome outcome, String dot) {
        return add(OpType.PUT, key, value, context, outcome, dot);
    }

    Histories delete(String key, String context, Outcome outcome, String dot) {
        return add(OpType.DELETE, key, null, context, outcome, dot);
    }

    private Histories add(OpType type, String key, String value, String context, Outcome outcome, String dot) {
        long id = ops.size() + 1;
        ops.add(new Op(id, 0, "n1", type, key, value, vv(context), id * 10, id * 10 + 5, outcome,
                dot == null ? null : dot(dot), outcome == Outcome.OK ? 1 : -1, outcome == Outcome.OK ? null : "planted",
                numbered && outcome == Outcome.OK ? id * 100 : 0));
        return this;
    }

    List<Op> ops() {
        return List.copyOf(ops);
    }

    /** A sibling: {@code value} null for a tombstone; its clock is {@code past} joined with its dot. */
    static SiblingView sibling(String dot, String value, String past) {
        return new SiblingView(dot(dot), value, vv(past).with(dot(dot)));
    }

    static KeyView key(String context, SiblingView... siblings) {
        return new KeyView(Arrays.asList(siblings), vv(context));
    }

    /** {@code view} with the versions kept, oldest first, each {@code number#dot}. */
    static KeyView withHistory(KeyView view, String... versions) {
        return new KeyView(view.siblings(), view.context(), Arrays.stream(versions).map(VersionView::parse).toList());
    }

    /** Every node in {@code nodes} holding the same {@code keys}. */
    static ClusterState same(List<String> nodes, Map<String, KeyView> keys) {
        Map<String, Map<String, KeyView>> m = new TreeMap<>();
        nodes.forEach(n -> m.put(n, keys));
        return ClusterState.of(m);
    }
}
