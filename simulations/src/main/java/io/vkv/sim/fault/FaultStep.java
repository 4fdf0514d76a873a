package io.vkv.sim.fault;

/**
 * One step of a fault schedule: wait {@code afterMillis} after the previous step, then do {@code action} to
 * {@code target} (a node id, or {@code broker}); {@code millis} is the delay a DELAY adds, else 0.
 */
public record FaultStep(long afterMillis, Action action, String target, long millis) {

    public FaultStep {
        if (afterMillis < 0 || millis < 0) {
            throw new IllegalArgumentException("a step's wait and delay must not be negative");
        }
    }

    /** {@code +1200 ms cut n2}, {@code +0 ms delay n1 250 ms}. */
    @Override
    public String toString() {
        return "+" + afterMillis + " ms " + action.verb() + " " + target + (action == Action.DELAY ? " " + millis + " ms" : "");
    }
}
