package io.vkv.node.hints;

import io.grpc.Deadline;
import io.vkv.node.quorum.ReplicaCalls;
import io.vkv.node.ring.Ring;
import io.vkv.node.runtime.Threads;
import io.vkv.node.storage.Key;
import io.vkv.node.storage.ReplicaStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands hints to the replicas of their keys once they can be reached: every round seals the open epoch and pushes
 * each sealed epoch's states to every replica of each key (merging into this node's own store where it has become
 * one); an epoch every replica took is dropped. Pushing a state twice is harmless (a merge), so a round that fails
 * half-way is simply run again.
 */
public final class HintedHandoff implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HintedHandoff.class);
    private static final int PAGE = 512;
    private static final long PUSH_DEADLINE_MILLIS = 10_000;

    private final String self;
    private final HintStore hints;
    private final Ring ring;
    private final ReplicaCalls calls;
    private final Function<String, String> addresses;
    private final ReplicaStore local;
    private final ScheduledExecutorService executor;
    private final Duration interval;
    private final LongAdder handedOff = new LongAdder();
    // Which replicas already took which keys of a sealed epoch (sealed epochs do not change); handoff thread only.
    private final Map<HintEpoch, Set<Delivery>> delivered = new HashMap<>();

    /**
     * Handoff for node {@code self}'s {@code hints} by {@code ring}, pushing through {@code calls} to replicas at the
     * address {@code addresses} gives (null while down), merging into {@code local} for keys this node now replicates.
     */
    public HintedHandoff(String self, HintStore hints, Ring ring, ReplicaCalls calls, Function<String, String> addresses,
                         ReplicaStore local, Threads threads, Duration interval) {
        this.self = self;
        this.hints = hints;
        this.ring = ring;
        this.calls = calls;
        this.addresses = addresses;
        this.local = local;
        this.interval = interval;
        this.executor = Executors.newSingleThreadScheduledExecutor(threads.factory("hinted-handoff"));
    }

    /** Starts periodic rounds. */
    public void start() {
        executor.scheduleWithFixedDelay(this::round, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Runs a round soon (a peer came up). */
    public void requestRound() {
        try {
            executor.execute(this::round);
        } catch (RejectedExecutionException e) {
            // closing
        }
    }

    /** Hinted keys handed to a replica since the node started (one per key and replica). */
    public long handedOff() {
        return handedOff.sum();
    }

    private void round() {
        try {
            for (HintEpoch epoch : hints.sealForHandoff()) {
                if (handOff(epoch)) {
                    delivered.remove(epoch);
                    hints.handedOff(epoch);
                }
            }
        } catch (RuntimeException e) {
            log.warn("hinted handoff round failed: {}", e.toString());
        }
    }

    /** Pushes what the replicas of {@code epoch}'s keys lack; true once every replica of every key took it. */
    private boolean handOff(HintEpoch epoch) {
        Set<Delivery> done = delivered.computeIfAbsent(epoch, e -> new HashSet<>());
        boolean complete = true;
        byte[] from = null;
        Deadline deadline = Deadline.after(PUSH_DEADLINE_MILLIS, TimeUnit.MILLISECONDS);
        while (true) {
            List<ReplicaStore.Entry> page = epoch.store().scan(from, null, PAGE);
            List<CompletableFuture<Delivery>> pushes = new ArrayList<>();
            for (ReplicaStore.Entry e : page) {
                List<String> replicas = ring.replicas(ring.partitioner().partitionOf(e.key().bytes()));
                complete &= !replicas.isEmpty();
                for (String id : replicas) {
                    Delivery d = new Delivery(e.key(), id);
                    if (done.contains(d)) {
                        continue;
                    }
                    if (id.equals(self)) {
                        pushes.add(local.merge(e.key().bytes(), e.state()).thenApply(s -> d));
                    } else if (addresses.apply(id) != null) {
                        pushes.add(calls.push(id, e.key().bytes(), e.state(), deadline).thenApply(v -> d));
                    } else {
                        complete = false;
                    }
                }
            }
            for (CompletableFuture<Delivery> push : pushes) {
                try {
                    done.add(push.join());
                    handedOff.increment();
                } catch (RuntimeException failed) {
                    complete = false;
                }
            }
            if (page.size() < PAGE) {
                return complete;
            }
            byte[] last = page.get(page.size() - 1).key().bytes();
            from = Arrays.copyOf(last, last.length + 1);
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private record Delivery(Key key, String node) {
    }
}
