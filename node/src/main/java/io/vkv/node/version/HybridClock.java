package io.vkv.node.version;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/** A hybrid logical clock over an injected physical clock: monotonic, never behind what it observed. */
public final class HybridClock {

    private final LongSupplier physicalMillis;
    private final AtomicLong last = new AtomicLong();

    public HybridClock(LongSupplier physicalMillis) {
        this.physicalMillis = physicalMillis;
    }

    /** A new timestamp for a local write. */
    public long now() {
        long wall = physicalMillis.getAsLong();
        return last.updateAndGet(l -> HybridTime.next(l, wall));
    }

    /** Moves the clock past a timestamp seen in a remote or recovered write. */
    public void observe(long remote) {
        long wall = physicalMillis.getAsLong();
        last.updateAndGet(l -> HybridTime.observe(l, remote, wall));
    }
}
