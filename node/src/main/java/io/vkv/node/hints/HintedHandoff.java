package io.vkv.node.hints;

import io.grpc.Deadline;
import io.vkv.node.quorum.ReplicaCalls;
import io.vkv.node.ring.Ring;
import io.vkv.node.runtime.Threads;
import io.vkv.node.storage.Key;
import io.vkv.node.storage.KeyStateCodec;
import io.vkv.node.storage.ReplicaStore;
import io.vkv.proto.internal.KeyedState;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
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
    private static final int PAGE = 256;
    /** Pages pushed before the oldest one's answers are awaited: replicas merge one while the next travels. */
    private static final int PAGES_IN_FLIGHT = 8;
    /** A push stays well under the gRPC message limit: larger pages go as several. */
    private static final int PUSH_BYTES = 2 * 1024 * 1024;
    private static final long PUSH_DEADLINE_MILLIS = 60_000;

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
        Deque<List<CompletableFuture<List<Delivery>>>> inFlight = new ArrayDeque<>(); // pages pushed, not yet answered
        while (true) {
            List<ReplicaStore.Entry> page = epoch.store().scan(from, null, PAGE);
            // One push per replica per page: the states each replica still lacks, merged there with one log append.
            Map<String, List<KeyedState>> batches = new HashMap<>();
            Map<String, List<Delivery>> pending = new HashMap<>();
            Map<String, Long> batchBytes = new HashMap<>();
            List<CompletableFuture<List<Delivery>>> pushes = new ArrayList<>();
            for (ReplicaStore.Entry e : page) {
                List<String> replicas = ring.replicas(ring.partitioner().partitionOf(e.key().bytes()));
                complete &= !replicas.isEmpty();
                for (String id : replicas) {
                    Delivery d = new Delivery(e.key(), id);
                    if (done.contains(d)) {
                        continue;
                    }
                    if (id.equals(self)) {
                        pushes.add(local.merge(e.key().bytes(), e.state()).thenApply(s -> List.of(d)));
                    } else if (addresses.apply(id) != null) {
                        KeyedState ks = KeyStateCodec.keyed(e.key().bytes(), e.state());
                        List<KeyedState> batch = batches.computeIfAbsent(id, x -> new ArrayList<>());
                        long size = batchBytes.getOrDefault(id, 0L);
                        if (!batch.isEmpty() && size + ks.getSerializedSize() > PUSH_BYTES) { // large values: several pushes
                            List<Delivery> sent = pending.remove(id);
                            pushes.add(calls.push(id, List.copyOf(batch), deadline).thenApply(v -> sent));
                            batch.clear();
                            size = 0;
                        }
                        batch.add(ks);
                        batchBytes.put(id, size + ks.getSerializedSize());
                        pending.computeIfAbsent(id, x -> new ArrayList<>()).add(d);
                    } else {
                        complete = false;
                    }
                }
            }
            batches.forEach((id, entries) -> pushes.add(calls.push(id, entries, deadline).thenApply(v -> pending.get(id))));
            inFlight.addLast(pushes);
            if (inFlight.size() > PAGES_IN_FLIGHT) {
                complete &= settle(inFlight.removeFirst(), done);
            }
            if (page.size() < PAGE) {
                while (!inFlight.isEmpty()) {
                    complete &= settle(inFlight.removeFirst(), done);
                }
                return complete;
            }
            byte[] last = page.get(page.size() - 1).key().bytes();
            from = Arrays.copyOf(last, last.length + 1);
        }
    }

    /** Waits for one page's pushes; records what each replica took; false when any failed. */
    private boolean settle(List<CompletableFuture<List<Delivery>>> pushes, Set<Delivery> done) {
        boolean all = true;
        for (CompletableFuture<List<Delivery>> push : pushes) {
            try {
                List<Delivery> delivered = push.join();
                done.addAll(delivered);
                handedOff.add(delivered.size());
            } catch (RuntimeException failed) {
                all = false;
            }
        }
        return all;
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
