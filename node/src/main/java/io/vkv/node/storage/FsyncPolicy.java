package io.vkv.node.storage;

import java.time.Duration;

/** When the operation log forces its writes to disk, and so when a write is acknowledged. */
public record FsyncPolicy(Mode mode, Duration interval) {

    /** How writes are made durable. */
    public enum Mode {
        /** fsync before acknowledging (group commit shares one fsync among concurrent writes). */
        ALWAYS,
        /** fsync every interval; acknowledged once written to the OS. */
        INTERVAL,
        /** never fsync; acknowledged once written to the OS. */
        NEVER
    }

    public static final FsyncPolicy ALWAYS = new FsyncPolicy(Mode.ALWAYS, Duration.ZERO);
    public static final FsyncPolicy NEVER = new FsyncPolicy(Mode.NEVER, Duration.ZERO);

    public FsyncPolicy {
        if (mode == Mode.INTERVAL && (interval == null || interval.isZero() || interval.isNegative())) {
            throw new IllegalArgumentException("fsync interval must be positive");
        }
    }

    /** An fsync every {@code interval}. */
    public static FsyncPolicy interval(Duration interval) {
        return new FsyncPolicy(Mode.INTERVAL, interval);
    }

    /** Parses {@code always}, {@code never} or {@code interval:<ms>}. */
    public static FsyncPolicy parse(String text) {
        String t = text == null ? "" : text.trim();
        if (t.equals("always")) {
            return ALWAYS;
        }
        if (t.equals("never")) {
            return NEVER;
        }
        if (t.startsWith("interval:")) {
            String ms = t.substring("interval:".length());
            try {
                long v = Long.parseLong(ms);
                if (v > 0) {
                    return interval(Duration.ofMillis(v));
                }
            } catch (NumberFormatException e) {
                // fall through to the error below
            }
            throw new IllegalArgumentException("fsync interval must be a positive number of milliseconds, got '" + ms + "'");
        }
        throw new IllegalArgumentException("fsync policy must be always, never or interval:<ms>, got '" + text + "'");
    }

    @Override
    public String toString() {
        return switch (mode) {
            case ALWAYS -> "always";
            case NEVER -> "never";
            case INTERVAL -> "interval:" + interval.toMillis();
        };
    }
}
