package io.vkv.node.shipping;

/**
 * How long a partition's batch stays open, from the rate of local changes: the configured window
 * while the rate is at most {@link #BASE_RATE} per second (lag matters more than the message count),
 * stretched in proportion above it up to {@link #STRETCH} times (each message costs the MQTT client
 * and every receiver tens of microseconds, so under load fuller batches buy back throughput).
 * Pure: the caller supplies the time.
 */
public final class BatchWindow {

    static final long BASE_RATE = 1_000;
    static final int STRETCH = 10;
    private static final long SAMPLE_NANOS = 100_000_000L; // the rate is re-estimated every 100 ms

    private final long minNanos;
    private long sampleStart;
    private long sampleCount;
    private long nanos;

    BatchWindow(long minNanos, long nowNanos) {
        if (minNanos < 0) {
            throw new IllegalArgumentException("the batch window must not be negative");
        }
        this.minNanos = minNanos;
        this.nanos = minNanos;
        this.sampleStart = nowNanos;
    }

    /** Counts {@code changes} taken at {@code nowNanos}, updating the window once per sample period. */
    void observe(int changes, long nowNanos) {
        sampleCount += changes;
        long elapsed = nowNanos - sampleStart;
        if (elapsed >= SAMPLE_NANOS) {
            double perSecond = sampleCount * 1e9 / elapsed;
            double stretch = Math.min(STRETCH, Math.max(1, perSecond / BASE_RATE));
            nanos = (long) (minNanos * stretch);
            sampleStart = nowNanos;
            sampleCount = 0;
        }
    }

    /** The current window, in nanoseconds. */
    long nanos() {
        return nanos;
    }
}
