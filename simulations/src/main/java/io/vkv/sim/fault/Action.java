package io.vkv.sim.fault;

/**
 * A fault done to the cluster, or its repair. Faults open a period of a {@link #condition} (a cut link, a frozen
 * broker, a node down, ...) on their target; the matching repair closes it. A change of the ring is a "fault" too:
 * a join or a leave opens a period that closes once every node sees the ring settled.
 */
public enum Action {
    CUT("cut", true, "link cut"),
    HEAL("heal", false, "link cut"),
    DELAY("delay", true, "link delayed"),
    UNDELAY("undelay", false, "link delayed"),
    FREEZE_BROKER("freeze", true, "broker frozen"),
    THAW_BROKER("thaw", false, "broker frozen"),
    KILL_BROKER("kill", true, "broker down"),
    WIPE_BROKER("wipe", true, "broker state lost"),
    START_BROKER("start", false, "broker down"),
    DRAIN_NODE("drain", true, "node drained"),
    KILL_NODE("kill", true, "node down"),
    WIPE_NODE("wipe", true, "node disk lost"),
    START_NODE("start", false, "node down"),
    UNDRAIN_NODE("undrain", false, "node drained"),
    JOIN_NODE("join", true, "node joining"),
    JOINED("joined", false, "node joining"),
    LEAVE_NODE("leave", true, "node leaving"),
    LEFT("left", false, "node leaving"),
    /** Not a repair: a check, after the last change and more load, that every node still sees the ring settled. */
    SETTLED("settled", false, "ring settled");

    private final String verb;
    private final boolean fault;
    private final String condition;

    Action(String verb, boolean fault, String condition) {
        this.verb = verb;
        this.fault = fault;
        this.condition = condition;
    }

    /** How the timeline names it: {@code cut}, {@code heal}, {@code kill}, ... */
    public String verb() {
        return verb;
    }

    /** True for a fault, false for a repair. */
    public boolean fault() {
        return fault;
    }

    /** The condition it opens or closes, e.g. {@code link cut}; the plot shades each period of one. */
    public String condition() {
        return condition;
    }

    /** True when its target is the broker rather than a node. */
    public boolean onBroker() {
        return name().endsWith("_BROKER");
    }
}
