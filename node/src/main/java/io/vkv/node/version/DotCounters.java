package io.vkv.node.version;

import java.util.concurrent.atomic.AtomicLongArray;

/** One actor's dot counters, one per partition: each starts at 1 and grows by one per coordinated write. */
public final class DotCounters {

    private final Actor actor;
    private final AtomicLongArray counters;

    public DotCounters(Actor actor, int partitions) {
        if (partitions < 1) {
            throw new IllegalArgumentException("partition count must be at least 1, got " + partitions);
        }
        this.actor = actor;
        this.counters = new AtomicLongArray(partitions);
    }

    public Actor actor() {
        return actor;
    }

    public int partitions() {
        return counters.length();
    }

    /** Issues the next dot of this actor in {@code partition}. */
    public Dot next(int partition) {
        return new Dot(actor, counters.incrementAndGet(partition));
    }

    /** The last counter issued in {@code partition} (0 before the first write). */
    public long current(int partition) {
        return counters.get(partition);
    }

    /** Raises the counter of {@code partition} to at least {@code counter} (recovery: never reissue a dot). */
    public void advanceTo(int partition, long counter) {
        counters.accumulateAndGet(partition, counter, Math::max);
    }

    /** Raises counters from a recovered state: every dot of this actor it holds or covers. */
    public void advancePast(int partition, KeyState state) {
        long seen = state.covered().get(actor);
        for (Sibling s : state.siblings()) {
            if (s.dot().actor().equals(actor)) {
                seen = Math.max(seen, s.dot().counter());
            }
        }
        if (seen > 0) {
            advanceTo(partition, seen);
        }
    }
}
