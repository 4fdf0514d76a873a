package io.vkv.node.runtime;

/**
 * The node's one source of time, injected wherever time is read, so that tests and simulations can
 * hold, step or skew it: wall-clock milliseconds for timestamps, a monotonic reading for durations.
 */
public interface Clock {

    /** Wall-clock milliseconds since the epoch (may jump; used for timestamps shown or shipped). */
    long millis();

    /** A monotonic reading in nanoseconds, meaningful only as a difference (used for durations and deadlines). */
    long nanos();

    /** The machine's clocks. */
    static Clock system() {
        return SystemClock.INSTANCE;
    }
}
