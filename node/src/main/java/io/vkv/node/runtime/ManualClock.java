package io.vkv.node.runtime;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** A clock that moves only when told to: for tests and simulations that control time or skew the wall clock. */
public final class ManualClock implements Clock {

    private final AtomicLong wallMillis;
    private final AtomicLong nanos = new AtomicLong();

    /** A clock whose wall time starts at {@code epochMillis}. */
    public ManualClock(long epochMillis) {
        this.wallMillis = new AtomicLong(epochMillis);
    }

    @Override
    public long millis() {
        return wallMillis.get();
    }

    @Override
    public long nanos() {
        return nanos.get();
    }

    /** Moves both readings forward by {@code step}. */
    public void advance(Duration step) {
        if (step.isNegative()) {
            throw new IllegalArgumentException("time moves forward only, got " + step);
        }
        nanos.addAndGet(step.toNanos());
        wallMillis.addAndGet(step.toMillis());
    }

    /** Sets the wall clock to {@code epochMillis}, backwards too (as NTP may), leaving the monotonic reading alone. */
    public void setWall(long epochMillis) {
        wallMillis.set(epochMillis);
    }
}
