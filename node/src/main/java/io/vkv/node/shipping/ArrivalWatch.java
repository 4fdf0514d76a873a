package io.vkv.node.shipping;

import io.vkv.node.ring.Ring;
import io.vkv.node.runtime.Clock;
import io.vkv.node.version.Actor;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells whether each peer's batches reach this node. A peer's membership record says up to which
 * counter of each partition it shipped; when a record arrives, the counters of an earlier one (at
 * least {@code graceMillis} old, so their batches had time to arrive) are compared with the spans
 * received ({@link SpanTracker}) in the partitions both replicate and that the peer shipped since
 * the check before. One peer's batches to this node all travel on one topic, so they arrive or not
 * together: a shipped span that never came means they stopped reaching this node while its records
 * still do (a subscription the broker lost, an ACL that drops them). A stalled peer stays so while it
 * ships and its spans stay missing; a check where it shipped nothing ends the stall (anti-entropy has
 * repaired what was missing), without counting as in time. The first record seen from an actor only
 * sets where checking starts.
 */
public final class ArrivalWatch {

    /** Told when a peer's batches stop arriving, while they stay missing, and when they arrive again. */
    public interface Listener {
        /** Batches of {@code nodeId} are missing; {@code first} is true when they were arriving until now. */
        void missing(String nodeId, boolean first);

        /** Batches of {@code nodeId} that were missing arrive again. */
        void resumed(String nodeId);
    }

    private static final Logger LOG = LoggerFactory.getLogger(ArrivalWatch.class);

    private static final class Origin {
        final Actor actor;
        long[] checkedUpTo; // the counters the last check expected
        long[] expected; // the counters to check next, from a record received at expectedAt
        long expectedAt;
        boolean checked; // a check was made and found nothing missing
        boolean stalled;

        Origin(Actor actor, long[] counters, long now) {
            this.actor = actor;
            this.checkedUpTo = counters;
            this.expected = counters;
            this.expectedAt = now;
        }
    }

    private final String self;
    private final Ring ring;
    private final SpanTracker spans;
    private final long graceMillis;
    private final Clock clock;
    private final Listener listener;
    private final Map<String, Origin> origins = new ConcurrentHashMap<>();

    public ArrivalWatch(String self, Ring ring, SpanTracker spans, long graceMillis, Clock clock, Listener listener) {
        this.self = self;
        this.ring = ring;
        this.spans = spans;
        this.graceMillis = graceMillis;
        this.clock = clock;
        this.listener = listener;
    }

    /** A record of {@code origin} arrived saying it shipped up to {@code shipped} (one counter per partition, or none). */
    public void shipped(Actor origin, List<Long> shipped) {
        if (shipped.isEmpty() || shipped.size() != spans.partitions()) {
            return; // a record without counters (an older build's) tells nothing
        }
        long[] counters = shipped.stream().mapToLong(Long::longValue).toArray();
        long now = clock.millis();
        String nodeId = origin.nodeId();
        Origin o = origins.get(nodeId);
        if (o == null || !o.actor.equals(origin)) {
            origins.put(nodeId, new Origin(origin, counters, now));
            if (o != null && o.stalled) {
                listener.resumed(nodeId); // a new incarnation starts afresh
            }
            return;
        }
        boolean first;
        synchronized (o) {
            if (now - o.expectedAt < graceMillis) {
                return; // too recent to judge: keep comparing with the older counters
            }
            BitSet shared = ring.sharedPartitions(self, nodeId);
            boolean shippedAny = shared.stream().anyMatch(p -> o.expected[p] > o.checkedUpTo[p]);
            String missing = missing(o, shared, now);
            o.checkedUpTo = o.expected;
            o.expected = counters;
            o.expectedAt = now;
            if (missing == null) {
                if (!o.stalled) {
                    o.checked = true;
                    return;
                }
                o.stalled = false;
                if (shippedAny) {
                    o.checked = true;
                    LOG.info("batches from {} arrive again", origin);
                } else {
                    // Nothing shipped since: the repair asked for at the last check covered what was missing,
                    // and whether batches flow again shows when the peer next ships (not in time till then).
                    LOG.info("nothing from {} is missing any more (anti-entropy repaired it); its next batches will show whether they arrive", origin);
                }
                listener.resumed(nodeId);
                return;
            }
            first = !o.stalled;
            o.stalled = true;
            o.checked = false;
            if (first) {
                LOG.warn("batches from {} stopped arriving while its records still do: {}; anti-entropy repairs meanwhile", origin, missing);
            }
        }
        listener.missing(nodeId, first);
    }

    /** What is missing of the spans {@code o} shipped between its last two checked records, or null when nothing is. */
    private String missing(Origin o, BitSet shared, long now) {
        for (int p = shared.nextSetBit(0); p >= 0; p = shared.nextSetBit(p + 1)) {
            long received = spans.last(o.actor, p);
            if (o.expected[p] > o.checkedUpTo[p] && received < o.expected[p]) {
                return "it shipped partition " + p + " up to counter " + o.expected[p] + " " + (now - o.expectedAt)
                        + " ms ago, but batches reached only " + received;
            }
        }
        return null;
    }

    /** True when {@code nodeId}'s batches were last found all arrived (and not stalled). */
    public boolean inTime(String nodeId) {
        Origin o = origins.get(nodeId);
        if (o == null) {
            return false;
        }
        synchronized (o) {
            return o.checked && !o.stalled;
        }
    }
}
