package io.vkv.sim.fault;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * The fault scenarios. Each turns a seed into a schedule of faults and repairs ({@link #plan}) for about the
 * requested duration; the same seed, duration and nodes always give the same schedule, which ends with
 * every fault repaired.
 */
public enum Scenario {
    PARTITION_HEAL("partition-heal", "nodes cut off from the broker (one or two at a time) or behind a slow link, then healed"),
    BROKER_OUTAGE("broker-outage", "the broker frozen (SIGSTOP/SIGCONT), or killed and restarted with its persistence"),
    BROKER_STATE_LOSS("broker-state-loss", "the broker killed and restarted without its persistence: sessions, queues and retained messages lost"),
    NODE_CRASH("node-crash", "nodes killed with SIGKILL (one or two at a time) and restarted on their data"),
    DISK_LOSS("disk-loss", "a node drained, killed, its data directory wiped, restarted as a new incarnation that resyncs"),
    FLAPPING("flapping", "a node's link to the broker cut and healed every few hundred milliseconds"),
    JOIN_UNDER_LOAD("join-under-load", "new nodes join the ring (one per 10 s of faults, at most two) while every client writes"),
    LEAVE_UNDER_LOAD("leave-under-load", "nodes leave the ring (one per 10 s of faults, at most two, keeping two) while clients write through them too");

    private final String id;
    private final String description;

    Scenario(String id, String description) {
        this.id = id;
        this.description = description;
    }

    /** The name on the command line, e.g. {@code partition-heal}. */
    public String id() {
        return id;
    }

    public String description() {
        return description;
    }

    /** The scenario named {@code id}. */
    public static Optional<Scenario> byId(String id) {
        return Arrays.stream(values()).filter(s -> s.id.equals(id)).findFirst();
    }

    /** The schedule for {@code seed}: about {@code durationMillis} of faults on {@code nodes}, all repaired at the end. */
    public List<FaultStep> plan(long seed, long durationMillis, List<String> nodes) {
        Random r = new Random(seed ^ ((long) ordinal() << 32));
        List<FaultStep> steps = new ArrayList<>();
        if (this == JOIN_UNDER_LOAD || this == LEAVE_UNDER_LOAD) {
            ringChanges(r, durationMillis, nodes, steps);
            return steps;
        }
        long t = 0;
        int episode = 0;
        while (t < durationMillis) {
            int before = steps.size();
            episode(r, episode++, nodes, steps);
            t += steps.subList(before, steps.size()).stream().mapToLong(FaultStep::afterMillis).sum();
        }
        return steps;
    }

    private void episode(Random r, int n, List<String> nodes, List<FaultStep> s) {
        String a = nodes.get(r.nextInt(nodes.size()));
        String b = other(r, nodes, a);
        switch (this) {
            case PARTITION_HEAL -> {
                long gap = between(r, 500, 2000);
                long hold = between(r, 1500, 4000);
                int kind = r.nextInt(100);
                if (kind < 25) {
                    s.add(new FaultStep(gap, Action.DELAY, a, between(r, 50, 400)));
                    s.add(new FaultStep(hold, Action.UNDELAY, a, 0));
                } else if (kind < 45 && !b.equals(a)) {
                    s.add(new FaultStep(gap, Action.CUT, a, 0));
                    s.add(new FaultStep(0, Action.CUT, b, 0));
                    s.add(new FaultStep(hold, Action.HEAL, a, 0));
                    s.add(new FaultStep(between(r, 0, 500), Action.HEAL, b, 0));
                } else {
                    s.add(new FaultStep(gap, Action.CUT, a, 0));
                    s.add(new FaultStep(hold, Action.HEAL, a, 0));
                }
            }
            case BROKER_OUTAGE -> {
                long gap = between(r, 1000, 3000);
                if (n % 2 == 0) {
                    s.add(new FaultStep(gap, Action.FREEZE_BROKER, "broker", 0));
                    s.add(new FaultStep(between(r, 1000, 4000), Action.THAW_BROKER, "broker", 0));
                } else {
                    s.add(new FaultStep(gap, Action.KILL_BROKER, "broker", 0));
                    s.add(new FaultStep(between(r, 500, 2000), Action.START_BROKER, "broker", 0));
                }
            }
            case BROKER_STATE_LOSS -> {
                s.add(new FaultStep(between(r, 2000, 4000), Action.KILL_BROKER, "broker", 0));
                s.add(new FaultStep(0, Action.WIPE_BROKER, "broker", 0));
                s.add(new FaultStep(between(r, 500, 2000), Action.START_BROKER, "broker", 0));
            }
            case NODE_CRASH -> {
                boolean two = r.nextInt(100) < 20 && !b.equals(a);
                s.add(new FaultStep(between(r, 1000, 3000), Action.KILL_NODE, a, 0));
                if (two) {
                    s.add(new FaultStep(between(r, 0, 500), Action.KILL_NODE, b, 0));
                }
                s.add(new FaultStep(between(r, 500, 3000), Action.START_NODE, a, 0));
                if (two) {
                    s.add(new FaultStep(0, Action.START_NODE, b, 0));
                }
            }
            case DISK_LOSS -> {
                s.add(new FaultStep(between(r, 1000, 3000), Action.DRAIN_NODE, a, 0));
                s.add(new FaultStep(0, Action.KILL_NODE, a, 0));
                s.add(new FaultStep(0, Action.WIPE_NODE, a, 0));
                s.add(new FaultStep(between(r, 500, 2000), Action.START_NODE, a, 0));
                s.add(new FaultStep(0, Action.UNDRAIN_NODE, a, 0));
            }
            case FLAPPING -> {
                s.add(new FaultStep(between(r, 100, 800), Action.CUT, a, 0));
                s.add(new FaultStep(between(r, 100, 800), Action.HEAL, a, 0));
            }
            default -> throw new IllegalStateException("no plan for " + this);
        }
    }

    /**
     * Joins or leaves spread over the duration, one per 10 s of it and at most two: new nodes (named after the highest
     * n&lt;i&gt;), or leaves of random nodes that keep at least two. Each waits until every node sees the ring settled; the clients go on
     * writing through the changed ring until the duration is up.
     */
    private void ringChanges(Random r, long durationMillis, List<String> nodes, List<FaultStep> s) {
        List<String> members = new ArrayList<>(nodes);
        int changes = (int) Math.max(1, Math.min(2, durationMillis / 10_000)); // a join under load takes seconds here
        if (this == LEAVE_UNDER_LOAD) {
            changes = Math.min(changes, members.size() - 2);
        }
        long gap = durationMillis / (changes + 1);
        long t = 0;
        for (int i = 0; i < changes; i++) {
            long after = between(r, gap * 3 / 4, gap * 5 / 4);
            t += after;
            if (this == JOIN_UNDER_LOAD) {
                String joiner = "n" + (members.stream().mapToInt(n -> Integer.parseInt(n.substring(1))).max().orElse(0) + 1);
                members.add(joiner);
                s.add(new FaultStep(after, Action.JOIN_NODE, joiner, 0));
                s.add(new FaultStep(0, Action.JOINED, joiner, 0));
            } else {
                String leaver = members.remove(r.nextInt(members.size()));
                s.add(new FaultStep(after, Action.LEAVE_NODE, leaver, 0));
                s.add(new FaultStep(0, Action.LEFT, leaver, 0));
            }
        }
        s.add(new FaultStep(Math.max(gap / 2, durationMillis - t), Action.SETTLED, "ring", 0));
    }

    private static String other(Random r, List<String> nodes, String a) {
        if (nodes.size() < 2) {
            return a;
        }
        String b;
        do {
            b = nodes.get(r.nextInt(nodes.size()));
        } while (b.equals(a));
        return b;
    }

    private static long between(Random r, long min, long max) {
        return min + (long) (r.nextDouble() * (max - min));
    }
}
