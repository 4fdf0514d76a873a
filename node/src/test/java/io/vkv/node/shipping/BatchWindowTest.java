package io.vkv.node.shipping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class BatchWindowTest {

    private static final long MS = 1_000_000L;

    /** Feeds {@code perSecond} changes per second for one 100 ms sample, in ten 10 ms steps, from {@code start}. */
    private static long feed(BatchWindow w, long start, long perSecond) {
        long t = start;
        for (int i = 1; i <= 10; i++) {
            t = start + i * 10 * MS;
            w.observe((int) (perSecond / 100), t);
        }
        return t;
    }

    @Test
    void staysAtTheConfiguredWindowUpToTheBaseRate() {
        BatchWindow w = new BatchWindow(10 * MS, 0);
        assertEquals(10 * MS, w.nanos());
        feed(w, 0, BatchWindow.BASE_RATE);
        assertEquals(10 * MS, w.nanos());
    }

    @Test
    void stretchesInProportionAboveTheBaseRateUpToTheLimit() {
        BatchWindow w = new BatchWindow(10 * MS, 0);
        long t = feed(w, 0, 3 * BatchWindow.BASE_RATE);
        assertEquals(30 * MS, w.nanos());
        t = feed(w, t, 100 * BatchWindow.BASE_RATE);
        assertEquals(BatchWindow.STRETCH * 10 * MS, w.nanos());
    }

    @Test
    void shrinksBackWhenTheLoadFalls() {
        BatchWindow w = new BatchWindow(10 * MS, 0);
        long t = feed(w, 0, 4 * BatchWindow.BASE_RATE);
        assertEquals(40 * MS, w.nanos());
        feed(w, t, 100);
        assertEquals(10 * MS, w.nanos());
    }

    @Test
    void keepsTheWindowWithinASamplePeriod() {
        BatchWindow w = new BatchWindow(10 * MS, 0);
        w.observe(1_000_000, 50 * MS); // a burst, but the sample is not complete yet
        assertEquals(10 * MS, w.nanos());
    }

    @Test
    void refusesANegativeWindow() {
        assertThrows(IllegalArgumentException.class, () -> new BatchWindow(-1, 0));
    }
}
