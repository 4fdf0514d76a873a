package io.vkv.client;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BinaryOperator;

/**
 * Reconciles the concurrent versions of a key on the client (the server never picks one).
 * Given every sibling, tombstones included, returns those the application keeps: one for a resolver
 * that reconciles, several for {@link #keepAll()}. Writing back with the read's context then replaces
 * all the siblings that were read.
 */
@FunctionalInterface
public interface SiblingResolver {

    /** Reduces {@code siblings} (never empty, at least two when called by {@link Versions#resolve}). */
    List<Sibling> resolve(List<Sibling> siblings);

    /** Keeps every sibling: the application sees the conflict and decides itself. */
    static SiblingResolver keepAll() {
        return siblings -> siblings;
    }

    /**
     * Keeps the sibling with the highest hybrid timestamp; a tombstone can win, which deletes the key.
     * Ties (equal hlc, possible only across actors) fall to the greater clock text, so every client picks
     * the same one. Concurrent writes other than the winner are lost: use it only where that is acceptable.
     */
    static SiblingResolver lastWriterWins() {
        Comparator<Sibling> order = Comparator.comparingLong(Sibling::hlc)
                .thenComparing(s -> s.clock().toString());
        return siblings -> List.of(siblings.stream().max(order).orElseThrow());
    }

    /**
     * Folds the live values with {@code merge} into one sibling whose clock is the join of theirs and whose
     * hlc is the latest. Tombstones lose to any concurrent value; when every sibling is a tombstone the
     * latest tombstone is kept. {@code merge} should be commutative and associative (a set union,
     * a per-writer counter maximum) so that every client reaches the same value.
     */
    static SiblingResolver merging(BinaryOperator<byte[]> merge) {
        return siblings -> {
            List<Sibling> live = siblings.stream().filter(s -> !s.deleted()).toList();
            if (live.isEmpty()) {
                return lastWriterWins().resolve(siblings);
            }
            byte[] value = live.get(0).value();
            Map<String, Long> clock = new TreeMap<>(live.get(0).clock());
            long hlc = live.get(0).hlc();
            for (Sibling s : live.subList(1, live.size())) {
                value = merge.apply(value, s.value());
                s.clock().forEach((actor, n) -> clock.merge(actor, n, Math::max));
                hlc = Math.max(hlc, s.hlc());
            }
            return List.of(new Sibling(value, clock, hlc, false));
        };
    }
}
