package io.vkv.node.quorum;

import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.Status;
import io.vkv.node.coordinator.KeyValueStore;
import io.vkv.node.coordinator.KeyValueStore.WriteResult;
import io.vkv.node.ring.Ring;
import io.vkv.node.storage.InvalidRequestException;
import io.vkv.node.storage.ReplicaStore;
import io.vkv.node.version.KeyState;
import io.vkv.node.version.VersionVector;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads and writes of the keys this node replicates, at a quorum: a read at R merges the states of R replicas
 * (this one and R−1 others), answers, and repairs the replicas found stale; a write at W is coordinated here and
 * acknowledged once W replicas hold it durably (this one, then pushes over gRPC, so it does not depend on the
 * broker). At R = W = 1 it is the local coordinator and nothing more.
 */
public final class Quorums {

    private static final Logger log = LoggerFactory.getLogger(Quorums.class);
    private static final long DEFAULT_DEADLINE_MILLIS = 5_000;

    private final String self;
    private final Ring ring;
    private final int replicas;
    private final int defaultR;
    private final int defaultW;
    private final KeyValueStore coordinator;
    private final ReplicaStore store;
    private final ReplicaCalls calls;
    private final Function<String, String> addresses;

    /**
     * Quorums for node {@code self} by {@code ring} with N = {@code replicas}, {@code defaultR}/{@code defaultW} for
     * requests that name none; writes go through {@code coordinator}, read repair into {@code store}, and other
     * replicas (at the address {@code addresses} gives, null while down) are reached through {@code calls}.
     */
    public Quorums(String self, Ring ring, int replicas, int defaultR, int defaultW, KeyValueStore coordinator,
                   ReplicaStore store, ReplicaCalls calls, Function<String, String> addresses) {
        this.self = self;
        this.ring = ring;
        this.replicas = replicas;
        this.defaultR = defaultR;
        this.defaultW = defaultW;
        this.coordinator = coordinator;
        this.store = store;
        this.calls = calls;
        this.addresses = addresses;
    }

    /** The R of a request ({@code requested}, 0 for the default); INVALID_ARGUMENT outside 1..N. */
    public int readQuorum(int requested) {
        return size("r", requested, defaultR);
    }

    /** The W of a request ({@code requested}, 0 for the default); INVALID_ARGUMENT outside 1..N. */
    public int writeQuorum(int requested) {
        return size("w", requested, defaultW);
    }

    private int size(String name, int requested, int fallback) {
        if (requested == 0) {
            return fallback;
        }
        if (requested < 0 || requested > replicas) {
            throw new InvalidRequestException(name + " must be within 1.." + replicas + " (the replicas of each key, ring.replicas),"
                    + " got " + Integer.toUnsignedString(requested) + "; 0 means the node's default");
        }
        return requested;
    }

    /** Reads {@code key} from {@code r} replicas: their merged state, once this node holds it too. */
    public CompletableFuture<KeyState> get(byte[] key, int r) {
        KeyState local = coordinator.get(key);
        if (r == 1) {
            return CompletableFuture.completedFuture(local);
        }
        Deadline deadline = deadline();
        // A read asks every replica, those marked down too: a Will marks a node down when its broker link drops (or the
        // broker stops), while gRPC may reach it; asking costs a refused connection at worst.
        Targets targets = targets(key, "r=" + r, r, true);
        Acks<Answer> acks = targets.acks();
        for (String id : targets.reachable()) {
            calls.fetch(id, key, deadline).whenComplete((state, failure) -> {
                if (failure == null) {
                    acks.success(id, new Answer(id, state));
                } else {
                    acks.failure(id, failure);
                }
            });
        }
        return acks.result().thenCompose(answers -> repair(key, local, answers, deadline));
    }

    private CompletableFuture<KeyState> repair(byte[] key, KeyState local, List<Answer> answers, Deadline deadline) {
        KeyState merged = local;
        for (Answer a : answers) {
            merged = merged.merge(a.state());
        }
        for (Answer a : answers) {
            if (!a.state().equals(merged)) {
                calls.push(a.node(), key, merged, deadline).whenComplete((v, failure) -> {
                    if (failure != null) {
                        log.debug("read repair of {} failed: {}", a.node(), Status.fromThrowable(failure));
                    }
                });
            }
        }
        return merged.equals(local) ? CompletableFuture.completedFuture(local) : store.merge(key, merged);
    }

    /** Writes {@code value} (null: a tombstone) with {@code context}, acknowledged once {@code w} replicas hold it. */
    public CompletableFuture<WriteResult> write(byte[] key, byte[] value, VersionVector context, int w) {
        return write(key, c -> value == null ? c.delete(key, context) : c.put(key, value, context), w);
    }

    /** Runs {@code write} on the local coordinator, acknowledged once {@code w} replicas hold its outcome. */
    public CompletableFuture<WriteResult> write(byte[] key, Function<KeyValueStore, CompletableFuture<WriteResult>> write, int w) {
        if (w == 1) {
            return write.apply(coordinator);
        }
        // Refused before writing when too few replicas are up, so a write that fails this way was not applied anywhere.
        Targets targets = targets(key, "w=" + w, w, false);
        if (targets.reachable().size() + 1 < w) {
            return targets.acks().result().thenApply(none -> null);
        }
        Deadline deadline = deadline();
        CompletableFuture<WriteResult> local = write.apply(coordinator);
        return local.thenCompose(result -> {
            Acks<String> acks = targets.acks();
            for (String id : targets.reachable()) {
                calls.push(id, key, result.state(), deadline).whenComplete((v, failure) -> {
                    if (failure == null) {
                        acks.success(id, id);
                    } else {
                        acks.failure(id, failure);
                    }
                });
            }
            return acks.result().handle((v, failure) -> {
                if (failure != null) {
                    Status s = Status.fromThrowable(failure);
                    throw s.withDescription(s.getDescription() + " (the write is durable on " + self
                            + " and reaches the other replicas by replication)").asRuntimeException();
                }
                return result;
            });
        });
    }

    /**
     * The other replicas of {@code key}, split into those to ask and those that are down; {@code askDown} asks the down
     * ones too (their calls fail on their own if they are).
     */
    private Targets targets(byte[] key, String what, int needed, boolean askDown) {
        int partition = ring.partitioner().partitionOf(key);
        List<String> ids = ring.replicas(partition);
        List<String> reachable = new ArrayList<>();
        Map<String, String> down = new TreeMap<>();
        for (String id : ids) {
            if (!id.equals(self)) {
                if (askDown || addresses.apply(id) != null) {
                    reachable.add(id);
                } else {
                    down.put(id, "down");
                }
            }
        }
        if (ids.size() < needed) {
            down.put("ring", "partition " + partition + " has " + ids.size() + " replica" + (ids.size() == 1 ? "" : "s")
                    + " " + ids + " until more nodes join");
        }
        return new Targets(self, what, needed, reachable, down);
    }

    private static Deadline deadline() {
        Deadline d = Context.current().getDeadline();
        return d != null ? d : Deadline.after(DEFAULT_DEADLINE_MILLIS, TimeUnit.MILLISECONDS);
    }

    private record Answer(String node, KeyState state) {
    }

    private record Targets(String self, String what, int needed, List<String> reachable, Map<String, String> down) {

        /** A fresh count for one call to the reachable replicas, this node's answer already in. */
        <T> Acks<T> acks() {
            return new Acks<>(what, needed, List.of(self), down, reachable.size());
        }
    }
}
