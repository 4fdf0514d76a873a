package io.vkv.sim.history;

import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A version vector as the API shows it (actor to counter), immutable: the context a write was sent with, or a
 * sibling's clock. The checker's own small implementation, independent of the node's, so that a bug there cannot
 * hide itself here. Written {@code actor:n,actor:n} in actor order, {@code -} when empty.
 */
public final class Vv {

    public static final Vv EMPTY = new Vv(new TreeMap<>());

    private final SortedMap<String, Long> entries;

    private Vv(SortedMap<String, Long> entries) {
        this.entries = Collections.unmodifiableSortedMap(entries);
    }

    /** The vector of {@code entries}; every counter must be at least 1. */
    public static Vv of(Map<String, Long> entries) {
        TreeMap<String, Long> copy = new TreeMap<>();
        entries.forEach((actor, n) -> {
            Dot checked = new Dot(actor, n);
            copy.put(checked.actor(), checked.counter());
        });
        return copy.isEmpty() ? EMPTY : new Vv(copy);
    }

    /** Parses the written form ({@code -} or {@code actor:n,...}). */
    public static Vv parse(String text) {
        if (text.equals("-")) {
            return EMPTY;
        }
        TreeMap<String, Long> m = new TreeMap<>();
        for (String part : text.split(",", -1)) {
            Dot d = Dot.parse(part);
            if (m.put(d.actor(), d.counter()) != null) {
                throw new IllegalArgumentException("actor " + d.actor() + " appears twice in '" + text + "'");
            }
        }
        return new Vv(m);
    }

    /** The counter of {@code actor}, 0 when absent. */
    public long get(String actor) {
        return entries.getOrDefault(actor, 0L);
    }

    /** True when this vector covers {@code dot}: its counter for the dot's actor is at least the dot's. */
    public boolean covers(Dot dot) {
        return get(dot.actor()) >= dot.counter();
    }

    /** The entry-wise maximum of the two vectors. */
    public Vv join(Vv other) {
        TreeMap<String, Long> m = new TreeMap<>(entries);
        other.entries.forEach((a, n) -> m.merge(a, n, Math::max));
        return new Vv(m);
    }

    /** This vector joined with {@code dot}. */
    public Vv with(Dot dot) {
        return join(Vv.of(Map.of(dot.actor(), dot.counter())));
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    public SortedMap<String, Long> entries() {
        return entries;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Vv v && entries.equals(v.entries);
    }

    @Override
    public int hashCode() {
        return entries.hashCode();
    }

    @Override
    public String toString() {
        if (entries.isEmpty()) {
            return "-";
        }
        StringBuilder b = new StringBuilder();
        entries.forEach((a, n) -> b.append(b.length() == 0 ? "" : ",").append(a).append(':').append(n));
        return b.toString();
    }
}
