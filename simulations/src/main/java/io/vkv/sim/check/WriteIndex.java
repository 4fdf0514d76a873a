package io.vkv.sim.check;

import io.vkv.sim.history.Dot;
import io.vkv.sim.history.Op;
import io.vkv.sim.history.OpType;
import io.vkv.sim.history.Outcome;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The writes of a history, indexed for the checks: by key, by key and acknowledged dot (counters are kept per
 * partition, so a dot names one write among those of its key's partition, not of the whole cluster; a dot given twice
 * is kept for {@link UniqueDotCheck}, indexed by its first write) and by value
 * (every put of a simulation writes a value no other put writes); and which writes a sibling of a final state can be.
 */
public final class WriteIndex {

    private final Map<String, List<Op>> byKey = new HashMap<>();
    private final Map<KeyDot, Op> byDot = new HashMap<>();
    private final Map<String, Op> byValue = new HashMap<>();
    private final List<Op> acknowledged = new ArrayList<>();
    private final List<Op[]> reissued = new ArrayList<>();

    public WriteIndex(List<Op> history) {
        for (Op op : history) {
            if (!op.type().writes()) {
                continue;
            }
            byKey.computeIfAbsent(op.key(), k -> new ArrayList<>()).add(op);
            if (op.value() != null && byValue.put(op.value(), op) != null) {
                throw new IllegalArgumentException("value " + op.value() + " is written twice in the history: values must be unique");
            }
            if (op.acknowledgedWrite()) {
                acknowledged.add(op);
                Op first = byDot.putIfAbsent(new KeyDot(op.key(), op.dot()), op);
                if (first != null) {
                    reissued.add(new Op[] {first, op});
                }
            }
        }
    }

    /** Pairs of acknowledged writes of one key that were given the same dot: the first, then the later one. */
    public List<Op[]> reissuedDots() {
        return reissued;
    }

    /** Every write of {@code key}, whatever its outcome. */
    public List<Op> writes(String key) {
        return byKey.getOrDefault(key, List.of());
    }

    /** Every acknowledged write, in history order. */
    public List<Op> acknowledged() {
        return acknowledged;
    }

    /** The acknowledged write of {@code key} with {@code dot}. */
    public Optional<Op> acknowledged(String key, Dot dot) {
        return Optional.ofNullable(byDot.get(new KeyDot(key, dot)));
    }

    private record KeyDot(String key, Dot dot) {
    }

    /** The put that wrote {@code value}. */
    public Optional<Op> put(String value) {
        return Optional.ofNullable(byValue.get(value));
    }

    /**
     * The writes sibling {@code s} of {@code key} can be: the acknowledged write with its dot; else the put of its value
     * when that one's outcome is unknown; else, for a tombstone, each delete of unknown outcome whose context joined
     * with the sibling's dot is the sibling's clock. Empty when no write that may have been applied explains it.
     */
    public List<Op> origins(String key, SiblingView s) {
        Optional<Op> acked = acknowledged(key, s.dot());
        if (acked.isPresent()) {
            return matches(s, acked.get()) ? List.of(acked.get()) : List.of();
        }
        if (s.value() != null) {
            return put(s.value()).filter(p -> p.outcome() == Outcome.UNKNOWN && p.key().equals(key)).map(List::of).orElse(List.of());
        }
        return writes(key).stream().filter(w -> w.type() == OpType.DELETE && w.outcome() == Outcome.UNKNOWN
                && w.context().with(s.dot()).equals(s.clock())).toList();
    }

    /** True when {@code s} is what {@code w} wrote: the same kind of write and value. */
    static boolean matches(SiblingView s, Op w) {
        return (w.type() == OpType.DELETE) == s.deleted() && Objects.equals(w.value(), s.value());
    }
}
