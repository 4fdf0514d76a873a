package io.vkv.node.shipping;

import io.vkv.node.membership.Membership;
import io.vkv.node.metrics.DropReason;
import io.vkv.node.metrics.DropReporter;
import io.vkv.node.metrics.ReplicationStats;
import io.vkv.node.mqtt.Rejected;
import io.vkv.node.mqtt.Topics;
import io.vkv.node.runtime.Clock;
import io.vkv.node.storage.Key;
import io.vkv.node.storage.ReplicaStore;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies batches peers address to this node: checks each whole ({@link BatchCodec}) and that it comes
 * from the node whose topic carried it, merges all its states into the store as one log append (never
 * re-publishing them), tracks each origin's counter spans per partition and asks for anti-entropy when
 * one shows a gap.
 */
public final class BatchReceiver {

    /** Told of a gap in the counters of {@code originNodeId} in {@code partition}. */
    public interface GapHandler {
        void gap(int partition, String originNodeId);
    }

    private static final Logger LOG = LoggerFactory.getLogger(BatchReceiver.class);

    private final Clock clock;
    private final String self;
    private final ReplicaStore store;
    private final Topics topics;
    private final BatchCodec codec;
    private final SpanTracker spans;
    private final Membership membership;
    private final ReplicationStats stats;
    private final DropReporter drops;
    private final IntPredicate held;
    private final GapHandler onGap;

    /** A receiver for node {@code self}, merging into {@code store} the sections of the partitions it {@code held}. */
    public BatchReceiver(String self, ReplicaStore store, Topics topics, BatchCodec codec, SpanTracker spans, Membership membership,
                  ReplicationStats stats, DropReporter drops, IntPredicate held, GapHandler onGap, Clock clock) {
        this.clock = clock;
        this.self = self;
        this.store = store;
        this.topics = topics;
        this.codec = codec;
        this.spans = spans;
        this.membership = membership;
        this.stats = stats;
        this.drops = drops;
        this.held = held;
        this.onGap = onGap;
    }

    /** Handles a message on {@code topic}, a change topic of this cluster. */
    public void onMessage(String topic, byte[] payload) {
        stats.recordReceived(payload.length);
        Topics.ChangeTopic where = topics.parseChanges(topic);
        BatchCodec.Received batch;
        try {
            if (where == null || !where.receiver().equals(self)) {
                throw new Rejected(DropReason.INVALID, "not a change topic of this node");
            }
            batch = codec.validate(codec.open(payload));
            if (!batch.origin().nodeId().equals(where.origin())) {
                throw new Rejected(DropReason.INVALID, "batch of " + batch.origin().nodeId() + " on the topic of " + where.origin());
            }
        } catch (Rejected r) {
            drops.drop(r.reason(), topic, r.getMessage());
            return;
        }
        membership.heardFrom(batch.origin().nodeId(), clock.millis() - batch.sentAtMillis());
        List<ReplicaStore.Entry> states = new ArrayList<>(batch.keys());
        List<Integer> gaps = new ArrayList<>();
        for (BatchCodec.ReceivedSection s : batch.sections()) {
            SpanTracker.Gap gap = s.first() == 0 ? null : spans.observe(batch.origin(), s.partition(), s.first(), s.last());
            if (gap != null) {
                gaps.add(s.partition());
                LOG.debug("gap in the counters of {} in partition {}: {}..{} missing; asking anti-entropy",
                        batch.origin(), s.partition(), gap.from(), gap.to());
            }
            if (!held.test(s.partition())) {
                // The origin's view of the ring is older or newer than ours; anti-entropy settles it once the views agree.
                LOG.debug("{} skipped {} keys of partition {} from {}: not a holder by its ring", self, s.entries().size(), s.partition(),
                        batch.origin());
                continue;
            }
            for (BatchCodec.Entry e : s.entries()) {
                states.add(new ReplicaStore.Entry(Key.wrap(e.key()), e.state()));
            }
        }
        try {
            store.mergeAll(states); // one log append for the whole batch
        } catch (RuntimeException e) {
            LOG.debug("store refused a replicated batch: {}", e.toString()); // closing: the next start catches up
            return;
        }
        stats.recordApplied(states.size());
        for (int partition : gaps) {
            stats.recordGap();
            onGap.gap(partition, batch.origin().nodeId());
        }
    }
}
