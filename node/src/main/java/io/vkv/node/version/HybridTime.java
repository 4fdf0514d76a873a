package io.vkv.node.version;

import java.time.Instant;

/**
 * Hybrid logical clock timestamps packed in a long: physical milliseconds in the high 48 bits,
 * a logical counter in the low 16. Pure functions; the physical time is always passed in.
 */
public final class HybridTime {

    private static final int LOGICAL_BITS = 16;
    private static final long LOGICAL_MASK = (1L << LOGICAL_BITS) - 1;

    private HybridTime() {
    }

    /** The timestamp for a local event after {@code last}, at physical time {@code nowMillis}. */
    public static long next(long last, long nowMillis) {
        long wall = nowMillis << LOGICAL_BITS;
        return wall > last ? wall : last + 1;
    }

    /** The timestamp after receiving {@code remote}, given the local {@code last} and {@code nowMillis}. */
    public static long observe(long last, long remote, long nowMillis) {
        return next(Math.max(last, remote), nowMillis);
    }

    /** The physical milliseconds of a timestamp. */
    public static long physicalMillis(long hlc) {
        return hlc >>> LOGICAL_BITS;
    }

    /** The logical counter of a timestamp. */
    public static int logical(long hlc) {
        return (int) (hlc & LOGICAL_MASK);
    }

    /** The timestamp made of {@code millis} and {@code logical}. */
    public static long of(long millis, int logical) {
        return (millis << LOGICAL_BITS) | (logical & LOGICAL_MASK);
    }

    /** ISO-8601 instant plus the logical counter, e.g. {@code 2026-11-24T05:45:49.123Z+3}. */
    public static String format(long hlc) {
        return Instant.ofEpochMilli(physicalMillis(hlc)) + "+" + logical(hlc);
    }
}
