package io.vkv.sim.workload;

import io.vkv.sim.history.Op;
import io.vkv.sim.history.OpType;
import io.vkv.sim.history.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/** Per-second figures of a run for its plot: operations by outcome, and the siblings reads saw. */
public final class Metrics {

    /**
     * One second of the run.
     *
     * @param ok          operations answered (reads and writes)
     * @param reads       reads answered, over which the sibling figures are taken
     * @param siblingSum  siblings seen by those reads, summed
     * @param siblingMax  the most siblings one read saw
     */
    public record Second(int second, int ok, int failed, int unknown, int reads, long siblingSum, int siblingMax) {

        /** Mean siblings per answered read (0 without reads). */
        public double meanSiblings() {
            return reads == 0 ? 0 : (double) siblingSum / reads;
        }
    }

    private final TreeMap<Integer, int[]> buckets = new TreeMap<>(); // ok, failed, unknown, reads, siblingSum, siblingMax

    /** Counts {@code op} in the second it completed. */
    public synchronized void add(Op op) {
        int[] b = buckets.computeIfAbsent((int) (op.endMillis() / 1000), s -> new int[6]);
        b[op.outcome().ordinal()]++;
        if (op.type() == OpType.GET && op.outcome() == Outcome.OK && op.siblings() >= 0) {
            b[3]++;
            b[4] += op.siblings();
            b[5] = Math.max(b[5], op.siblings());
        }
    }

    /** Every second from 0 to the last one with an operation, empty seconds included. */
    public synchronized List<Second> seconds() {
        List<Second> out = new ArrayList<>();
        int last = buckets.isEmpty() ? -1 : buckets.lastKey();
        for (int s = 0; s <= last; s++) {
            int[] b = buckets.getOrDefault(s, new int[6]);
            out.add(new Second(s, b[0], b[1], b[2], b[3], b[4], b[5]));
        }
        return out;
    }

    /** The figures of a whole history. */
    public static Metrics of(List<Op> history) {
        Metrics m = new Metrics();
        history.forEach(m::add);
        return m;
    }
}
