package io.vkv.cli;

import java.util.ArrayDeque;
import java.util.Deque;

/** The last few per-second rates of a run, and whether they agree closely enough to call the rate settled. */
final class RateWindow {

    private final int size;
    private final double tolerance;
    private final Deque<Double> rates = new ArrayDeque<>();

    /** Settled when the last {@code size} rates have max / min below {@code 1 + tolerance}. */
    RateWindow(int size, double tolerance) {
        this.size = size;
        this.tolerance = tolerance;
    }

    void add(double rate) {
        rates.addLast(rate);
        if (rates.size() > size) {
            rates.removeFirst();
        }
    }

    /** A second with no completed call (a stall) never counts as settled: there is no rate to agree with. */
    boolean settled() {
        return rates.size() == size && min() > 0 && max() / min() < 1 + tolerance;
    }

    double min() {
        return rates.stream().mapToDouble(Double::doubleValue).min().orElse(0);
    }

    double max() {
        return rates.stream().mapToDouble(Double::doubleValue).max().orElse(0);
    }

    int size() {
        return size;
    }
}
