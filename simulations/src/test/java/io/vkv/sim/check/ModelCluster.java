package io.vkv.sim.check;

import io.vkv.node.version.Actor;
import io.vkv.node.version.Dot;
import io.vkv.node.version.KeyState;
import io.vkv.node.version.Sibling;
import io.vkv.node.version.VersionVector;
import io.vkv.node.version.WriteStep;
import io.vkv.sim.history.Op;
import io.vkv.sim.history.OpType;
import io.vkv.sim.history.Outcome;
import io.vkv.sim.history.Vv;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * An in-memory cluster for the checker's tests: replicas keep each key as (siblings, covered) and exchange whole
 * states, like vkv. The {@link Build#CORRECT} build writes with the node's own {@link WriteStep} and merges with its
 * {@link KeyState#merge}; the others
 * are deliberately broken builds, to show that the checker fails them. It writes the same history and final state
 * a simulation does.
 */
final class ModelCluster {

    /** Which vkv is modelled. */
    enum Build {
        /** The node's own merge. */
        CORRECT,
        /** A merge that ignores {@code covered}: it keeps every sibling it ever received. */
        MERGE_IGNORES_COVERED,
        /** Replication turned off: replicas never exchange states. */
        NO_REPLICATION,
        /** A coordinator that writes with its own current context instead of the client's: last writer wins. */
        CONTEXT_IGNORED
    }

    /** A replica's state of one key. */
    private record State(List<Sibling> siblings, VersionVector covered) {
        static final State EMPTY = new State(List.of(), VersionVector.EMPTY);

        VersionVector context() {
            VersionVector c = covered;
            for (Sibling s : siblings) {
                c = c.with(s.dot());
            }
            return c;
        }
    }

    private final Build build;
    private final List<String> nodes = new ArrayList<>();
    private final Map<String, Actor> actors = new HashMap<>();
    private final Map<String, Map<String, State>> replicas = new LinkedHashMap<>();
    private final Map<String, Long> counters = new HashMap<>(); // actor and key -> last counter
    private final List<Op> history = new ArrayList<>();
    private long hlc;

    ModelCluster(Build build, int nodeCount) {
        this.build = build;
        for (int i = 1; i <= nodeCount; i++) {
            String id = "n" + i;
            nodes.add(id);
            actors.put(id, new Actor(id, 0xa0 + i));
            replicas.put(id, new TreeMap<>());
        }
    }

    /** A random workload of {@code steps} operations on {@code keys} keys, replicas syncing now and then, then fully. */
    static ModelCluster random(Build build, long seed, int steps, int keys) {
        ModelCluster m = new ModelCluster(build, 3);
        Random r = new Random(seed);
        Map<String, VersionVector> lastRead = new HashMap<>();
        for (int i = 0; i < steps; i++) {
            int client = r.nextInt(4);
            String node = m.nodes.get(r.nextInt(m.nodes.size()));
            String key = "k" + r.nextInt(keys);
            int dice = r.nextInt(100);
            Outcome outcome = dice % 10 == 9 ? Outcome.UNKNOWN : dice % 10 == 8 ? Outcome.FAILED : Outcome.OK;
            if (dice < 40) {
                VersionVector read = m.read(client, node, key);
                lastRead.put(client + key, read);
                m.put(client, node, key, "c" + client + "-" + i, read, outcome);
            } else if (dice < 60) {
                m.put(client, node, key, "c" + client + "-" + i, lastRead.getOrDefault(client + key, VersionVector.EMPTY), outcome);
            } else if (dice < 70) {
                m.delete(client, node, key, m.read(client, node, key), outcome);
            } else {
                m.sync(node, m.nodes.get(r.nextInt(m.nodes.size())), key);
            }
        }
        m.syncAll();
        return m;
    }

    /** Reads {@code key} at {@code node}: records the get and returns the context a client would send back. */
    VersionVector read(int client, String node, String key) {
        State s = state(node, key);
        record(client, node, OpType.GET, key, null, VersionVector.EMPTY, Outcome.OK, null, s.siblings().size());
        return s.context();
    }

    void put(int client, String node, String key, String value, VersionVector context, Outcome outcome) {
        write(client, node, key, value, context, outcome);
    }

    void delete(int client, String node, String key, VersionVector context, Outcome outcome) {
        write(client, node, key, null, context, outcome);
    }

    /**
     * A write at coordinator {@code node}: a new dot, the write merged in with its context. A FAILED write is not
     * applied; an UNKNOWN one is applied but its client never learns its dot.
     */
    private void write(int client, String node, String key, String value, VersionVector context, Outcome outcome) {
        OpType type = value == null ? OpType.DELETE : OpType.PUT;
        if (outcome == Outcome.FAILED) {
            record(client, node, type, key, value, context, outcome, null, -1);
            return;
        }
        Actor actor = actors.get(node);
        Dot dot = new Dot(actor, counters.merge(actor + "/" + key, 1L, Long::sum));
        VersionVector past = build == Build.CONTEXT_IGNORED ? state(node, key).context() : context;
        byte[] bytes = value == null ? null : value.getBytes(StandardCharsets.UTF_8);
        State before = state(node, key);
        State after;
        if (build == Build.MERGE_IGNORES_COVERED) {
            Sibling w = bytes == null ? Sibling.tombstone(dot, past, ++hlc) : Sibling.value(dot, past, bytes, ++hlc);
            after = merge(before, new State(List.of(w), past));
        } else { // the node's own write step
            KeyState next = WriteStep.apply(KeyState.of(before.siblings(), before.covered()), past, bytes, dot, ++hlc).next();
            after = new State(next.siblings(), next.covered());
        }
        replicas.get(node).put(key, after);
        record(client, node, type, key, value, context, outcome, outcome == Outcome.OK ? dot : null, after.siblings().size());
    }

    /** {@code a} and {@code b} exchange their states of {@code key} (nothing when replication is off). */
    void sync(String a, String b, String key) {
        if (build == Build.NO_REPLICATION || a.equals(b)) {
            return;
        }
        State joined = merge(state(a, key), state(b, key));
        replicas.get(a).put(key, joined);
        replicas.get(b).put(key, joined);
    }

    /** Every replica exchanges every key with every other: what anti-entropy ends with. */
    void syncAll() {
        List<String> keys = replicas.values().stream().flatMap(m -> m.keySet().stream()).distinct().toList();
        for (String key : keys) {
            for (String a : nodes) {
                for (String b : nodes) {
                    sync(a, b, key);
                }
            }
        }
    }

    List<Op> history() {
        return List.copyOf(history);
    }

    /** What each replica would answer for each key, as a simulation reads it through the API. */
    ClusterState finalState() {
        Map<String, Map<String, KeyView>> out = new TreeMap<>();
        replicas.forEach((node, keys) -> {
            Map<String, KeyView> views = new TreeMap<>();
            keys.forEach((key, s) -> views.put(key, new KeyView(s.siblings().stream().map(ModelCluster::view).toList(), vv(s.context()))));
            out.put(node, views);
        });
        return ClusterState.of(out);
    }

    private State merge(State a, State b) {
        if (build == Build.MERGE_IGNORES_COVERED) {
            Map<Dot, Sibling> union = new TreeMap<>();
            a.siblings().forEach(s -> union.put(s.dot(), s));
            b.siblings().forEach(s -> union.put(s.dot(), s));
            return new State(List.copyOf(union.values()), a.covered().join(b.covered()));
        }
        KeyState joined = KeyState.of(a.siblings(), a.covered()).merge(KeyState.of(b.siblings(), b.covered()));
        return new State(joined.siblings(), joined.covered());
    }

    private State state(String node, String key) {
        return replicas.get(node).getOrDefault(key, State.EMPTY);
    }

    private void record(int client, String node, OpType type, String key, String value, VersionVector context, Outcome outcome,
                        Dot dot, int siblings) {
        long id = history.size() + 1;
        history.add(new Op(id, client, node, type, key, value, vv(context), id, id, outcome,
                dot == null ? null : new io.vkv.sim.history.Dot(dot.actor().toString(), dot.counter()), siblings,
                outcome == Outcome.OK ? null : "modelled"));
    }

    private static SiblingView view(Sibling s) {
        return new SiblingView(new io.vkv.sim.history.Dot(s.dot().actor().toString(), s.dot().counter()),
                s.isTombstone() ? null : new String(s.value(), StandardCharsets.UTF_8), vv(s.clock()));
    }

    private static Vv vv(VersionVector v) {
        Map<String, Long> m = new TreeMap<>();
        v.toMap().forEach((a, n) -> m.put(a.toString(), n));
        return Vv.of(m);
    }
}
