package io.vkv.node.time;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** A clock that moves only when told to: for tests and simulations that control or skew time. */
public final class ManualClock implements Clock {

    private final AtomicLong nanos = new AtomicLong();
    private final long epochMillis;

    /** A clock whose wall time starts at {@code epochMillis}. */
    public ManualClock(long epochMillis) {
        this.epochMillis = epochMillis;
    }

    @Override
    public long millis() {
        return epochMillis + nanos.get() / 1_000_000;
    }

    @Override
    public long nanos() {
        return nanos.get();
    }

    /** Moves both readings forward by {@code step}. */
    public void advance(Duration step) {
        if (step.isNegative()) {
            throw new IllegalArgumentException("a clock moves forward only, got " + step);
        }
        nanos.addAndGet(step.toNanos());
    }
}
