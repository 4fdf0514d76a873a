package io.vkv.node.replication;

import io.vkv.node.storage.ReplicaStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies batches received on peers' change topics: checks each ({@link BatchCodec}) and that it
 * comes from the node whose topic carried it, merges the states into the store (never
 * re-publishing them), tracks each origin's counter spans and asks for anti-entropy when one
 * shows a gap.
 */
final class BatchReceiver {

    /** Told of a gap in the counters of {@code originNodeId} in {@code partition}. */
    interface GapHandler {
        void gap(int partition, String originNodeId);
    }

    private static final Logger LOG = LoggerFactory.getLogger(BatchReceiver.class);

    private final ReplicaStore store;
    private final Topics topics;
    private final BatchCodec codec;
    private final SpanTracker spans;
    private final Membership membership;
    private final ReplicationStats stats;
    private final DropReporter drops;
    private final GapHandler onGap;

    BatchReceiver(ReplicaStore store, Topics topics, BatchCodec codec, SpanTracker spans, Membership membership,
                  ReplicationStats stats, DropReporter drops, GapHandler onGap) {
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
    void onMessage(String topic, byte[] payload) {
        stats.recordReceived();
        Topics.ChangeTopic where = topics.parseChanges(topic);
        BatchCodec.Received batch;
        try {
            if (where == null || where.partition() >= spans.partitions()) {
                throw new BatchCodec.Rejected(DropReason.INVALID, "no such change topic");
            }
            batch = codec.validate(where.partition(), codec.open(payload));
            if (!batch.origin().nodeId().equals(where.origin())) {
                throw new BatchCodec.Rejected(DropReason.INVALID, "batch of " + batch.origin().nodeId() + " on the topic of " + where.origin());
            }
        } catch (BatchCodec.Rejected r) {
            drops.drop(r.reason(), topic, r.getMessage());
            return;
        }
        membership.heardFrom(batch.origin().nodeId(), System.currentTimeMillis() - batch.sentAtMillis());
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
