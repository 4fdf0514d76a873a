package io.vkv.node.metrics;

import io.vkv.node.runtime.Clock;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts dropped messages and logs them: the first of each reason at once, then at most one line
 * per reason every ten seconds with the number dropped since, so a flood of garbage on a topic
 * cannot flood the log.
 */
public final class DropReporter {

    private static final Logger LOG = LoggerFactory.getLogger(DropReporter.class);
    private static final long QUIET_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final Clock clock;
    private final ReplicationStats stats;
    private final Map<DropReason, AtomicLong> lastLogged = new EnumMap<>(DropReason.class);
    private final Map<DropReason, AtomicLong> unlogged = new EnumMap<>(DropReason.class);

    public DropReporter(ReplicationStats stats, Clock clock) {
        this.clock = clock;
        this.stats = stats;
        for (DropReason r : DropReason.values()) {
            lastLogged.put(r, new AtomicLong(clock.nanos() - QUIET_NANOS));
            unlogged.put(r, new AtomicLong());
        }
    }

    /** Counts a message from {@code source} dropped for {@code reason}, explained by {@code why}. */
    public void drop(DropReason reason, String source, String why) {
        stats.recordDropped(reason);
        long now = clock.nanos();
        AtomicLong last = lastLogged.get(reason);
        long previous = last.get();
        if (now - previous >= QUIET_NANOS && last.compareAndSet(previous, now)) {
            long more = unlogged.get(reason).getAndSet(0);
            LOG.warn("dropped a message from {} ({}): {}{}", source, reason, why,
                    more > 0 ? " (and " + more + " more for this reason since the last report)" : "");
        } else {
            unlogged.get(reason).incrementAndGet();
        }
    }
}
