package io.vkv.node.shipping;

import io.vkv.node.membership.Membership;
import io.vkv.node.metrics.DropReason;
import io.vkv.node.metrics.DropReporter;
import io.vkv.node.metrics.ReplicationStats;
import io.vkv.node.mqtt.Rejected;
import io.vkv.node.mqtt.Topics;
import io.vkv.node.runtime.Clock;
import io.vkv.node.storage.ReplicaStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies batches received on peers' change topics: checks each ({@link BatchCodec}) and that it
 * comes from the node whose topic carried it, merges the states into the store (never
 * re-publishing them), tracks each origin's counter spans and asks for anti-entropy when one
 * shows a gap.
 */
public final class BatchReceiver {

    /** Told of a gap in the counters of {@code originNodeId} in {@code partition}. */
    public interface GapHandler {
        void gap(int partition, String originNodeId);
    }

    private static final Logger LOG = LoggerFactory.getLogger(BatchReceiver.class);

    private final Clock clock;
    private final ReplicaStore store;
    private final Topics topics;
    private final BatchCodec codec;
    private final SpanTracker spans;
    private final Membership membership;
    private final ReplicationStats stats;
    private final DropReporter drops;
    private final GapHandler onGap;

    public BatchReceiver(ReplicaStore store, Topics topics, BatchCodec codec, SpanTracker spans, Membership membership,
                  ReplicationStats stats, DropReporter drops, GapHandler onGap, Clock clock) {
        this.clock = clock;
        this.store = store;
        this.topics = topics;
        this.codec = codec;
        this.spans = spans;
        this.membership = membership;
        this.stats = stats;
        this.drops = drops;
        this.onGap = onGap;
    }

    /** Handles a message on {@code topic}, a change topic of this cluster. */
    public void onMessage(String topic, byte[] payload) {
        stats.recordReceived();
        Topics.ChangeTopic where = topics.parseChanges(topic);
        BatchCodec.Received batch;
        try {
            if (where == null || where.partition() >= spans.partitions()) {
                throw new Rejected(DropReason.INVALID, "no such change topic");
            }
            batch = codec.validate(where.partition(), codec.open(payload));
            if (!batch.origin().nodeId().equals(where.origin())) {
                throw new Rejected(DropReason.INVALID, "batch of " + batch.origin().nodeId() + " on the topic of " + where.origin());
            }
        } catch (Rejected r) {
            drops.drop(r.reason(), topic, r.getMessage());
            return;
        }
        membership.heardFrom(batch.origin().nodeId(), clock.millis() - batch.sentAtMillis());
        SpanTracker.Gap gap = spans.observe(batch.origin(), batch.partition(), batch.first(), batch.last());
        try {
            for (BatchCodec.Entry e : batch.entries()) {
                store.merge(e.key(), e.state());
            }
        } catch (RuntimeException e) {
            LOG.debug("store refused a replicated batch: {}", e.toString()); // closing: the next start catches up
            return;
        }
        stats.recordApplied(batch.entries().size());
        if (gap != null) {
            stats.recordGap();
            LOG.debug("gap in the counters of {} in partition {}: {}..{} missing; asking anti-entropy",
                    batch.origin(), batch.partition(), gap.from(), gap.to());
            onGap.gap(batch.partition(), batch.origin().nodeId());
        }
    }
}
