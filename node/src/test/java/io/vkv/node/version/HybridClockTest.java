package io.vkv.node.version;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class HybridClockTest {

    private final AtomicLong physical = new AtomicLong(1_750_000_000_000L);
    private final HybridClock clock = new HybridClock(physical::get);

    @Test
    void nowNeverGoesBackwardsEvenWhenThePhysicalClockDoes() {
        long first = clock.now();
        physical.addAndGet(-60_000);

        long second = clock.now();

        assertTrue(second > first);
        assertEquals(HybridTime.physicalMillis(first), HybridTime.physicalMillis(second));
    }

    @Test
    void nowFollowsThePhysicalClockWhenItMovesForward() {
        clock.now();
        physical.addAndGet(10);

        assertEquals(HybridTime.of(physical.get(), 0), clock.now());
    }

    @Test
    void afterObservingARemoteTimestampAheadLocalWritesAreStampedAfterIt() {
        long remote = HybridTime.of(physical.get() + 5_000, 2);

        clock.observe(remote);

        assertTrue(clock.now() > remote);
    }

    @Test
    void observingAnOldTimestampDoesNotMoveTheClockBack() {
        long before = clock.now();

        clock.observe(HybridTime.of(physical.get() - 5_000, 0));

        assertTrue(clock.now() > before);
    }
}
