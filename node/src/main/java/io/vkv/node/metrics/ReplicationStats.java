package io.vkv.node.metrics;

import io.vkv.node.storage.Key;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** Counters of what replication sent, received, applied and dropped; cheap to bump from any thread. */
public final class ReplicationStats {

    private final LongAdder received = new LongAdder();
    private final LongAdder receivedBytes = new LongAdder();
    private final LongAdder applied = new LongAdder();
    private final LongAdder appliedKeys = new LongAdder();
    private final LongAdder gaps = new LongAdder();
    private final LongAdder published = new LongAdder();
    private final LongAdder publishedKeys = new LongAdder();
    private final LongAdder publishedBytes = new LongAdder();
    private final LongAdder publishFailures = new LongAdder();
    private final LongAdder overflows = new LongAdder();
    private final LongAdder antiEntropyRounds = new LongAdder();
    private final LongAdder antiEntropyFailures = new LongAdder();
    private final LongAdder antiEntropyFetched = new LongAdder();
    private final LongAdder antiEntropyPushed = new LongAdder();
    private final LongAdder antiEntropyDeferred = new LongAdder();
    private final LongAdder antiEntropyInFlight = new LongAdder();
    private final Map<DropReason, LongAdder> dropped = new EnumMap<>(DropReason.class);

    public ReplicationStats() {
        for (DropReason r : DropReason.values()) {
            dropped.put(r, new LongAdder());
        }
    }

    public void recordReceived(int bytes) {
        received.increment();
        receivedBytes.add(bytes);
    }

    public void recordApplied(int keys) {
        applied.increment();
        appliedKeys.add(keys);
    }

    public void recordGap() {
        gaps.increment();
    }

    void recordDropped(DropReason reason) {
        dropped.get(reason).increment();
    }

    public void recordPublished(int keys, int bytes) {
        published.increment();
        publishedKeys.add(keys);
        publishedBytes.add(bytes);
    }

    public void recordPublishFailure() {
        publishFailures.increment();
    }

    public void recordOverflow() {
        overflows.increment();
    }

    public void recordAntiEntropyRound(int fetched, int pushed, int inFlight) {
        antiEntropyRounds.increment();
        antiEntropyFetched.add(fetched);
        antiEntropyPushed.add(pushed);
        antiEntropyInFlight.add(inFlight);
    }

    public void recordAntiEntropyDeferred() {
        antiEntropyDeferred.increment();
    }

    public void recordAntiEntropyFailure() {
        antiEntropyFailures.increment();
    }

    /** Messages received on the cluster's topics (batches and membership records). */
    public long received() {
        return received.sum();
    }

    /** Payload bytes of those messages. */
    public long receivedBytes() {
        return receivedBytes.sum();
    }

    /** Batches from other nodes validated and merged. */
    public long applied() {
        return applied.sum();
    }

    /** Key states merged from those batches. */
    public long appliedKeys() {
        return appliedKeys.sum();
    }

    /** Gaps seen in an origin's counters (each triggers anti-entropy). */
    public long gaps() {
        return gaps.sum();
    }

    /** Messages dropped for {@code reason}. */
    public long dropped(DropReason reason) {
        return dropped.get(reason).sum();
    }

    /** Messages dropped for any reason. */
    public long droppedTotal() {
        long n = 0;
        for (LongAdder a : dropped.values()) {
            n += a.sum();
        }
        return n;
    }

    /** Batches handed to the broker. */
    public long published() {
        return published.sum();
    }

    /** Key states in those batches. */
    public long publishedKeys() {
        return publishedKeys.sum();
    }

    /** Payload bytes of those batches. */
    public long publishedBytes() {
        return publishedBytes.sum();
    }

    /** Batches not published (broker unreachable or refusing); anti-entropy repairs them. */
    public long publishFailures() {
        return publishFailures.sum();
    }

    /** Local changes dropped because the publisher's queue was full. */
    public long overflows() {
        return overflows.sum();
    }

    /** Anti-entropy exchanges completed with a peer. */
    public long antiEntropyRounds() {
        return antiEntropyRounds.sum();
    }

    /** Anti-entropy exchanges that failed. */
    public long antiEntropyFailures() {
        return antiEntropyFailures.sum();
    }

    /** Keys fetched from peers by anti-entropy. */
    public long antiEntropyFetched() {
        return antiEntropyFetched.sum();
    }

    /** Keys pushed to peers by anti-entropy. */
    public long antiEntropyPushed() {
        return antiEntropyPushed.sum();
    }

    /** Periodic exchanges skipped because the peer's batches arrived in time. */
    public long antiEntropyDeferred() {
        return antiEntropyDeferred.sum();
    }

    /** Differing keys periodic exchanges left to replication, being younger than the batch window plus the lag. */
    public long antiEntropyInFlight() {
        return antiEntropyInFlight.sum();
    }

    @Override
    public String toString() {
        return "received=" + received() + " applied=" + applied() + " (" + appliedKeys() + " keys)"
                + " gaps=" + gaps() + " dropped=" + droppedTotal() + " published=" + published() + " (" + publishedKeys()
                + " keys) publishFailures=" + publishFailures() + " overflows=" + overflows() + " antiEntropy=" + antiEntropyRounds()
                + " (fetched " + antiEntropyFetched() + ", pushed " + antiEntropyPushed() + ", failed " + antiEntropyFailures()
                + ", deferred " + antiEntropyDeferred() + ", in flight " + antiEntropyInFlight() + ")";
    }
}
