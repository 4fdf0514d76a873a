package io.vkv.node.coordinator;

import io.vkv.node.runtime.Clock;
import io.vkv.node.storage.InvalidRequestException;
import io.vkv.node.storage.Key;
import io.vkv.node.storage.Limits;
import io.vkv.node.storage.ReplicaStore;
import io.vkv.node.version.Actor;
import io.vkv.node.version.Dot;
import io.vkv.node.version.DotCounters;
import io.vkv.node.version.HybridClock;
import io.vkv.node.version.KeyState;
import io.vkv.node.version.Sibling;
import io.vkv.node.version.VersionVector;
import io.vkv.node.version.WriteStep;
import io.vkv.placement.KeyPartitioner;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Coordinates the writes clients send to this node: checks them, issues each a dot from this actor's
 * per-partition counters and a hybrid timestamp, and has the replica store apply {@link WriteStep} under
 * the key's lock. Counters and the clock come back from the recovered data and follow what other
 * replicas send, so no dot is issued twice and timestamps never run backwards.
 */
public final class Coordinator implements KeyValueStore {

    private static final int RECOVERY_PAGE = 4096;

    private final ReplicaStore replicas;
    private final KeyPartitioner partitioner;
    private final Limits limits;
    private final DotCounters counters;
    private final HybridClock clock;

    /** A coordinator over {@code replicas}, counting dots per partition of {@code partitioner}, stamping writes with {@code clock}'s time. */
    public Coordinator(ReplicaStore replicas, KeyPartitioner partitioner, Limits limits, Clock clock) {
        this.replicas = replicas;
        this.partitioner = partitioner;
        this.limits = limits;
        this.counters = new DotCounters(replicas.actor(), partitioner.partitions());
        this.clock = new HybridClock(clock::millis);
        recover();
        replicas.addListener((key, partition, delta, state, local) -> {
            if (!local) {
                follow(partition, delta);
            }
        });
    }

    /** Raises counters past every dot of this actor in the data, and the clock past every timestamp. */
    private void recover() {
        byte[] from = null;
        while (true) {
            List<ReplicaStore.Entry> page = replicas.scan(from, null, RECOVERY_PAGE);
            for (ReplicaStore.Entry e : page) {
                if (!replicas.actorIsNew()) { // a new incarnation has issued no dots yet
                    counters.advancePast(partitioner.partitionOf(e.key().bytes()), e.state());
                }
                observeTimes(e.state());
            }
            if (page.size() < RECOVERY_PAGE) {
                return;
            }
            byte[] last = page.get(page.size() - 1).key().bytes();
            from = Arrays.copyOf(last, last.length + 1); // the least key after `last`
        }
    }

    private void follow(int partition, KeyState remote) {
        counters.advancePast(partition, remote);
        observeTimes(remote);
    }

    private void observeTimes(KeyState state) {
        for (Sibling s : state.siblings()) {
            clock.observe(s.hlc());
        }
    }

    @Override
    public Actor actor() {
        return replicas.actor();
    }

    @Override
    public KeyState get(byte[] key) {
        limits.checkKey(key);
        return replicas.get(key);
    }

    @Override
    public CompletableFuture<WriteResult> put(byte[] key, byte[] value, VersionVector context) {
        limits.checkKey(key);
        limits.checkValue(value);
        return write(key, value, context);
    }

    @Override
    public CompletableFuture<WriteResult> delete(byte[] key, VersionVector context) {
        limits.checkKey(key);
        return write(key, null, context);
    }

    @Override
    public CompletableFuture<WriteResult> erase(byte[] key, VersionVector context) {
        limits.checkKey(key);
        requireContext(context);
        int partition = partitioner.partitionOf(key);
        return replicas.write(key, current -> WriteStep.erase(current, context, counters.next(partition), clock.now()))
                .thenApply(o -> new WriteResult(Key.wrap(key), o.write().dot(), o.next()));
    }

    @Override
    public CompletableFuture<WriteResult> trim(byte[] key) {
        limits.checkKey(key);
        KeyState current = replicas.get(key);
        if (current.history().versions().isEmpty() && current.siblingCount() <= 1) {
            return CompletableFuture.completedFuture(new WriteResult(Key.wrap(key), null, current)); // nothing older to drop
        }
        return replicas.write(key, WriteStep::trim).thenApply(o -> new WriteResult(Key.wrap(key), null, o.next()));
    }

    private CompletableFuture<WriteResult> write(byte[] key, byte[] value, VersionVector context) {
        requireContext(context);
        int partition = partitioner.partitionOf(key);
        // The dot is issued under the key's lock, so the state it is merged into holds every earlier dot of this actor for the key.
        return replicas.write(key, current -> {
            Dot dot = counters.next(partition);
            return WriteStep.apply(current, context, value, dot, clock.now());
        }).thenApply(o -> new WriteResult(Key.wrap(key), o.write().dot(), o.next()));
    }

    private static void requireContext(VersionVector context) {
        if (context == null) {
            throw new InvalidRequestException("context must not be null (use VersionVector.EMPTY for a blind write)");
        }
    }

    @Override
    public List<ReplicaStore.Entry> scan(byte[] from, byte[] to, int limit) {
        return replicas.scan(from, to, limit);
    }

    @Override
    public long keyCount() {
        return replicas.keyCount();
    }
}
