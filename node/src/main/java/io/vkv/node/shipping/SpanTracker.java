package io.vkv.node.shipping;

import io.vkv.node.version.Actor;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The receiving side of gap detection: per (origin actor, partition), the highest counter any batch
 * spanned. An origin ships its dots of a partition in counter order in contiguous spans, so a batch
 * starting beyond {@code last + 1} means a batch was lost (or never published) in between.
 * The first batch seen from an origin sets the baseline: what came before it is anti-entropy's job
 * (it runs when a node starts and whenever a peer comes up).
 */
public final class SpanTracker {

    /** The counters missing before a batch, when it reveals a gap. */
    record Gap(long from, long to) {
    }

    private final int partitions;
    private final Map<Actor, long[]> last = new ConcurrentHashMap<>();

    public SpanTracker(int partitions) {
        this.partitions = partitions;
    }

    /**
     * Records a batch of {@code origin} spanning {@code [first, last]} in {@code partition};
     * returns the gap it reveals, or null. Spans that are not after the last one (duplicates,
     * late batches after a gap) are fine: merging them again is harmless.
     */
    Gap observe(Actor origin, int partition, long first, long lastCounter) {
        long[] seen = last.computeIfAbsent(origin, a -> new long[partitions]);
        synchronized (seen) {
            long previous = seen[partition];
            if (lastCounter > previous) {
                seen[partition] = lastCounter;
            }
            return previous > 0 && first > previous + 1 ? new Gap(previous + 1, first - 1) : null;
        }
    }

    int partitions() {
        return partitions;
    }

    /** The highest counter seen from {@code origin} in {@code partition} (0 when none). */
    long last(Actor origin, int partition) {
        long[] seen = last.get(origin);
        if (seen == null) {
            return 0;
        }
        synchronized (seen) {
            return seen[partition];
        }
    }
}
