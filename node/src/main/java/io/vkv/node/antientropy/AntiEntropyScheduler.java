package io.vkv.node.antientropy;

import io.vkv.node.membership.Membership;
import io.vkv.node.membership.PeerChannels;
import io.vkv.node.metrics.ReplicationStats;
import io.vkv.node.ring.Ring;
import io.vkv.node.runtime.Clock;
import io.vkv.node.runtime.NodeRuntime;
import io.vkv.proto.internal.AntiEntropyGrpc;
import java.time.Duration;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides when anti-entropy runs and with whom: periodically with every peer that is up, with a
 * peer that comes up, with every peer after a reconnect, and for one partition after a gap (with
 * the origin if it is up, else any peer) or a change that never reached the broker. Requests are
 * coalesced per peer and run one exchange at a time on one thread.
 *
 * <p>Periodic rounds are a safety net and stay quiet while replication keeps up: a peer whose batches
 * arrive in time ({@code inTime}) is skipped for up to {@value #MAX_DEFERRED} rounds in a row, and a
 * periodic exchange leaves alone keys written within the batch window plus the peer's observed lag
 * (their batches are still on the way). Every other round repairs every difference it finds.
 */
public final class AntiEntropyScheduler implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AntiEntropyScheduler.class);
    private static final String ANY_PEER = "";
    private static final long COALESCE_MILLIS = 50;
    private static final long RPC_DEADLINE_SECONDS = 30;
    private static final int MAX_DEFERRED = 10;

    private final Clock clock;
    private final RandomGenerator random;
    private final String self;
    private final Ring ring;
    private final int partitions;
    private final Duration interval;
    private final long settleMillis;
    private final Predicate<String> inTime;
    private final Membership membership;
    private final PeerChannels channels;
    private final AntiEntropySession session;
    private final ReplicationStats stats;
    private final ScheduledExecutorService executor;
    private final Map<String, BitSet> pending = new LinkedHashMap<>(); // peer node id (or ANY_PEER) -> partitions
    private final Set<String> thorough = new HashSet<>(); // pending targets to repair fully, not only settled keys
    private final Set<String> given = new HashSet<>(); // pending targets whose partitions are exchanged as asked, shared or not
    private final Map<String, Integer> deferred = new HashMap<>(); // executor thread only: periodic rounds skipped per peer
    private final Set<String> failing = new HashSet<>(); // executor thread only: peers whose last exchange failed
    private boolean scheduled;
    private volatile Synced synced = (peer, parts, startedMillis) -> { };

    /** Hears of every thorough exchange that completed: joining and releasing partitions wait for them. */
    @FunctionalInterface
    public interface Synced {
        /** {@code peer} and this node hold the same writes of {@code parts} as of {@code startedMillis} (wall clock). */
        void exchanged(String peer, BitSet parts, long startedMillis);
    }

    /** Sets who hears of completed thorough exchanges. */
    public void onSynced(Synced listener) {
        this.synced = listener;
    }

    /**
     * A scheduler for node {@code nodeId}: periodic rounds every {@code interval}, skipping peers {@code inTime}
     * says are in time, and leaving keys younger than {@code settleMillis} plus a peer's lag to replication.
     */
    public AntiEntropyScheduler(String nodeId, Ring ring, Duration interval, long settleMillis, Predicate<String> inTime, Membership membership,
                                PeerChannels channels, AntiEntropySession session, ReplicationStats stats, NodeRuntime runtime) {
        this.clock = runtime.clock();
        this.random = runtime.random();
        this.self = nodeId;
        this.ring = ring;
        this.partitions = ring.partitioner().partitions();
        this.interval = interval;
        this.settleMillis = settleMillis;
        this.inTime = inTime;
        this.membership = membership;
        this.channels = channels;
        this.session = session;
        this.stats = stats;
        this.executor = Executors.newSingleThreadScheduledExecutor(runtime.threads().factory("anti-entropy"));
    }

    /** Starts the periodic rounds (none when the interval is zero). */
    public void start() {
        if (!interval.isZero()) {
            long ms = interval.toMillis();
            executor.scheduleWithFixedDelay(this::periodicRound, ms, ms, TimeUnit.MILLISECONDS);
        }
    }

    private void periodicRound() {
        for (Membership.Peer p : membership.upPeers()) {
            int skipped = deferred.getOrDefault(p.nodeId(), 0);
            if (skipped < MAX_DEFERRED && inTime.test(p.nodeId())) {
                deferred.put(p.nodeId(), skipped + 1);
                stats.recordAntiEntropyDeferred();
                continue;
            }
            deferred.remove(p.nodeId());
            add(p.nodeId(), ring.sharedPartitions(self, p.nodeId()), false);
        }
    }

    /** Every partition with every peer that is up. */
    public void requestAll(String reason) {
        List<Membership.Peer> peers = membership.upPeers();
        LOG.debug("anti-entropy requested with {} peers: {}", peers.size(), reason);
        for (Membership.Peer p : peers) {
            add(p.nodeId(), ring.sharedPartitions(self, p.nodeId()), true);
        }
    }

    /**
     * A thorough exchange of {@code parts} with {@code nodeId}, even of partitions this node no longer holds: how it
     * hands partitions the ring moved away to their new holders before it drops them.
     */
    public synchronized void requestExchange(String nodeId, BitSet parts, String reason) {
        LOG.debug("anti-entropy of {} partitions with {} requested: {}", parts.cardinality(), nodeId, reason);
        given.add(nodeId);
        add(nodeId, parts, true);
    }

    /** Every partition with {@code nodeId}. */
    public void requestPeer(String nodeId, String reason) {
        LOG.debug("anti-entropy requested with {}: {}", nodeId, reason);
        add(nodeId, ring.sharedPartitions(self, nodeId), true);
    }

    /** One partition, with {@code nodeId} if it is up, else with any peer that is (null: any). */
    public void requestPartition(int partition, String nodeId) {
        BitSet one = new BitSet(partitions);
        one.set(partition);
        add(nodeId == null ? ANY_PEER : nodeId, one, true);
    }

    private synchronized void add(String target, BitSet parts, boolean repairAll) {
        pending.computeIfAbsent(target, t -> new BitSet(partitions)).or(parts);
        if (repairAll) {
            thorough.add(target);
        }
        if (!scheduled && !executor.isShutdown()) {
            scheduled = true;
            executor.schedule(this::runPending, COALESCE_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    private void runPending() {
        Map<String, BitSet> work;
        Set<String> repairAll;
        Set<String> asGiven;
        synchronized (this) {
            work = new LinkedHashMap<>(pending);
            repairAll = new HashSet<>(thorough);
            asGiven = new HashSet<>(given);
            pending.clear();
            thorough.clear();
            given.clear();
            scheduled = false;
        }
        for (Map.Entry<String, BitSet> e : work.entrySet()) {
            Membership.Peer peer = e.getKey().equals(ANY_PEER) ? null : membership.peer(e.getKey());
            BitSet parts = e.getValue();
            if (peer == null) {
                List<Membership.Peer> up = membership.upPeers().stream()
                        .filter(p -> ring.sharedPartitions(self, p.nodeId()).intersects(parts)).toList();
                if (up.isEmpty()) {
                    LOG.debug("no peer is up for anti-entropy of {} partitions", e.getValue().cardinality());
                    continue;
                }
                peer = up.get(random.nextInt(up.size()));
            }
            BitSet shared = asGiven.contains(e.getKey()) ? (BitSet) parts.clone() : ring.sharedPartitions(self, peer.nodeId());
            shared.and(parts);
            if (!shared.isEmpty()) {
                exchange(peer, shared, repairAll.contains(e.getKey()));
            }
        }
    }

    private void exchange(Membership.Peer peer, BitSet parts, boolean repairAll) {
        long started = clock.nanos();
        long startedMillis = clock.millis();
        long cutoff = repairAll ? AntiEntropySession.REPAIR_ALL : clock.millis() - settleMillis - membership.lagMillis(peer.nodeId());
        try {
            AntiEntropyGrpc.AntiEntropyBlockingStub stub = AntiEntropyGrpc.newBlockingStub(channels.to(peer.address()))
                    .withDeadlineAfter(RPC_DEADLINE_SECONDS, TimeUnit.SECONDS);
            AntiEntropySession.Result r = session.run(stub, parts, cutoff);
            stats.recordAntiEntropyRound(r.fetched(), r.pushed(), r.inFlight());
            if (repairAll) {
                synced.exchanged(peer.nodeId(), parts, startedMillis);
            }
            if (failing.remove(peer.nodeId())) {
                LOG.info("anti-entropy with {} works again", peer.nodeId());
            }
            long ms = (clock.nanos() - started) / 1_000_000;
            if (r.fetched() + r.pushed() > 0) {
                LOG.info("anti-entropy with {}: {} of {} partitions differed ({} buckets); fetched {} keys, pushed {} in {} ms",
                        peer.nodeId(), r.partitionsDiffering(), parts.cardinality(), r.bucketsDiffering(), r.fetched(), r.pushed(), ms);
            } else {
                LOG.debug("anti-entropy with {}: {} partitions in sync, {} keys still in flight ({} ms)",
                        peer.nodeId(), parts.cardinality(), r.inFlight(), ms);
            }
        } catch (RuntimeException e) { // unreachable peer, store closing, a peer sending nonsense: all end this exchange only
            if (executor.isShutdown()) {
                return; // interrupted by close()
            }
            stats.recordAntiEntropyFailure();
            if (failing.add(peer.nodeId())) {
                LOG.warn("anti-entropy with {} at {} failed: {}; the next round retries", peer.nodeId(), peer.address(), e.getMessage());
            }
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
}
