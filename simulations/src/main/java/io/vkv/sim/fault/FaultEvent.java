package io.vkv.sim.fault;

/**
 * A step as it happened: when it was started and finished (milliseconds since the run started), what it did and a
 * note (e.g. how long a drained node took to hand its writes over, or why a step failed).
 */
public record FaultEvent(long startMillis, long endMillis, Action action, String target, String note) {

    /** {@code cut n2}, {@code delay n1 (250 ms)}. */
    public String label() {
        return action.verb() + " " + target;
    }
}
