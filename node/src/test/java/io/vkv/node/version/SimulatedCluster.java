package io.vkv.node.version;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A deterministic model of the replicas of one key, driven through the real version/ classes the way
 * the node drives them: each coordinating node issues dots from its own {@link DotCounters} and stamps
 * writes with its own {@link HybridClock}; a put, a trim and an erasure are the node's own {@link WriteStep}s;
 * replication ships whole states; every replica keeps at most {@link #HISTORY_BOUND} superseded versions, as a
 * store does. It records every write issued and every state change.
 */
public final class SimulatedCluster {

    /** Superseded versions each replica keeps (history.max-versions). */
    public static final int HISTORY_BOUND = 3;

    /** One change of one replica's state, and the step that caused it. */
    public record Transition(int replica, Operation cause, KeyState before, KeyState after) {
    }

    private static final int PARTITION = 0;

    private final KeyState[] states;
    private final List<List<KeyState>> durableHistory = new ArrayList<>(); // per replica, for restarts
    private final DotCounters[] counters;
    private final HybridClock[] clocks;
    private final Set<Actor> actorsEverUsed = new HashSet<>();
    private final List<Sibling> issued = new ArrayList<>();
    private final List<VersionVector> contextsRead = new ArrayList<>();
    private final List<Transition> transitions = new ArrayList<>();
    private long physicalMillis = 1_750_000_000_000L;
    private int steps;

    private SimulatedCluster(Scenario scenario) {
        states = new KeyState[scenario.replicas()];
        for (int r = 0; r < states.length; r++) {
            states[r] = KeyState.EMPTY;
            durableHistory.add(new ArrayList<>(List.of(KeyState.EMPTY)));
        }
        counters = new DotCounters[scenario.coordinators()];
        clocks = new HybridClock[scenario.coordinators()];
        for (int n = 0; n < counters.length; n++) {
            counters[n] = new DotCounters(freshActor(n, scenario.incarnations().get(n)), 1);
            clocks[n] = new HybridClock(() -> physicalMillis);
        }
    }

    /** Replays {@code scenario} from empty replicas. */
    public static SimulatedCluster run(Scenario scenario) {
        SimulatedCluster cluster = new SimulatedCluster(scenario);
        for (Operation op : scenario.operations()) {
            cluster.apply(op);
        }
        return cluster;
    }

    private void apply(Operation op) {
        physicalMillis += steps++ % 3; // time moves unevenly and sometimes not at all (HLC logical ticks)
        if (op instanceof Operation.Put p) {
            int r = Math.floorMod(p.replica(), counters.length);
            put(r, chooseContext(r, p.context()), p.tombstone(), op);
        } else if (op instanceof Operation.Trim t) {
            int r = Math.floorMod(t.replica(), states.length);
            change(r, WriteStep.trim(states[r]).next(), op);
        } else if (op instanceof Operation.Erase e) {
            int r = Math.floorMod(e.replica(), counters.length);
            VersionVector context = chooseContext(r, e.context());
            WriteStep.Outcome outcome = WriteStep.erase(states[r], context, counters[r].next(PARTITION), clocks[r].now());
            issued.add(outcome.write());
            change(r, outcome.next(), op);
        } else if (op instanceof Operation.Read rd) {
            read(Math.floorMod(rd.replica(), states.length));
        } else if (op instanceof Operation.Replicate rp) {
            replicate(Math.floorMod(rp.from(), states.length), Math.floorMod(rp.to(), states.length), op);
        } else if (op instanceof Operation.Restart rs) {
            restart(Math.floorMod(rs.replica(), states.length), rs.lostChanges(), rs.newIncarnation(), op);
        }
    }

    private VersionVector chooseContext(int replica, int choice) {
        if (choice == 0) {
            return read(replica);
        }
        if (choice == 1 || contextsRead.isEmpty()) {
            return VersionVector.EMPTY;
        }
        return contextsRead.get(contextsRead.size() - 1 - (choice - 2) % contextsRead.size());
    }

    /** A client read at {@code replica}: the context it gets back, remembered for later stale writes. */
    public VersionVector read(int replica) {
        VersionVector context = states[replica].context();
        contextsRead.add(context);
        return context;
    }

    /** A client write with {@code context} coordinated by the node of {@code replica} (a coordinator); returns the write. */
    public Sibling put(int replica, VersionVector context, boolean tombstone) {
        return put(replica, context, tombstone, new Operation.Put(replica, -1, tombstone));
    }

    private Sibling put(int replica, VersionVector context, boolean tombstone, Operation cause) {
        Dot dot = counters[replica].next(PARTITION);
        byte[] value = tombstone ? null : ("value of " + dot).getBytes(StandardCharsets.UTF_8);
        WriteStep.Outcome outcome = WriteStep.apply(states[replica], context, value, dot, clocks[replica].now());
        issued.add(outcome.write());
        change(replica, outcome.next(), cause);
        return outcome.write();
    }

    /** Replica {@code from} ships its state to {@code to}. */
    public void replicate(int from, int to) {
        replicate(from, to, new Operation.Replicate(from, to));
    }

    private void replicate(int from, int to, Operation cause) {
        change(to, states[to].merge(states[from]), cause);
    }

    private void restart(int replica, int lostChanges, long incarnation, Operation cause) {
        List<KeyState> history = durableHistory.get(replica);
        int keep = Math.max(1, history.size() - lostChanges);
        history.subList(keep, history.size()).clear();
        KeyState before = states[replica];
        states[replica] = history.get(keep - 1);
        transitions.add(new Transition(replica, cause, before, states[replica]));
        if (replica < counters.length) {
            counters[replica] = new DotCounters(freshActor(replica, incarnation), 1);
        }
    }

    private void change(int replica, KeyState merged, Operation cause) {
        KeyState after = merged.boundHistory(HISTORY_BOUND);
        transitions.add(new Transition(replica, cause, states[replica], after));
        states[replica] = after;
        durableHistory.get(replica).add(after);
    }

    // An incarnation is drawn at random; a collision would reissue dots, so draw again (here: the next one).
    private Actor freshActor(int node, long incarnation) {
        Actor actor = new Actor("n" + node, incarnation);
        while (!actorsEverUsed.add(actor)) {
            actor = new Actor(actor.nodeId(), actor.incarnation() + 1);
        }
        return actor;
    }

    /** Number of replicas of the key. */
    public int replicas() {
        return states.length;
    }

    /** Number of replicas whose node coordinates writes (replicas 0 .. coordinators-1). */
    public int coordinators() {
        return counters.length;
    }

    /** The current state of {@code replica}. */
    public KeyState state(int replica) {
        return states[replica];
    }

    /** The actor the node of {@code replica} currently coordinates writes as. */
    public Actor actor(int replica) {
        return counters[replica].actor();
    }

    /** Every write ever issued, in issue order. */
    public List<Sibling> issuedWrites() {
        return Collections.unmodifiableList(issued);
    }

    /** Every context a client read so far. */
    public List<VersionVector> contextsRead() {
        return Collections.unmodifiableList(contextsRead);
    }

    /** Every state change, in order. */
    public List<Transition> transitions() {
        return Collections.unmodifiableList(transitions);
    }

    /** Every state any replica ever had, including the empty state and states later lost in a crash. */
    public List<KeyState> everyState() {
        List<KeyState> all = new ArrayList<>();
        all.add(KeyState.EMPTY);
        for (Transition t : transitions) {
            all.add(t.after());
        }
        return all;
    }

    /** The state picked by a raw generated index among {@link #everyState()}. */
    public KeyState pickState(int index) {
        List<KeyState> all = everyState();
        return all.get(Math.floorMod(index, all.size()));
    }
}
