package io.vkv.node.runtime;

/** The machine's wall clock and monotonic timer. */
enum SystemClock implements Clock {
    INSTANCE;

    @Override
    public long millis() {
        return System.currentTimeMillis();
    }

    @Override
    public long nanos() {
        return System.nanoTime();
    }
}
