package io.vkv.node.antientropy;

import io.vkv.node.membership.Membership;
import io.vkv.node.membership.PeerChannels;
import io.vkv.node.metrics.ReplicationStats;
import io.vkv.node.ring.Ring;
import io.vkv.node.runtime.Clock;
import io.vkv.node.runtime.Threads;
import io.vkv.proto.internal.AntiEntropyGrpc;
import java.time.Duration;
import java.util.BitSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides when anti-entropy runs and with whom: periodically with every peer that is up, with a
 * peer that comes up, with every peer after a reconnect, and for one partition after a gap (with
 * the origin if it is up, else any peer) or a change that never reached the broker. Requests are
 * coalesced per peer and run one exchange at a time on one thread.
 */
public final class AntiEntropyScheduler implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AntiEntropyScheduler.class);
    private static final String ANY_PEER = "";
    private static final long COALESCE_MILLIS = 50;
    private static final long RPC_DEADLINE_SECONDS = 30;

    private final Clock clock;
    private final RandomGenerator random;
    private final String self;
    private final Ring ring;
    private final int partitions;
    private final Duration interval;
    private final Membership membership;
    private final PeerChannels channels;
    private final AntiEntropySession session;
    private final ReplicationStats stats;
    private final ScheduledExecutorService executor;
    private final Map<String, BitSet> pending = new LinkedHashMap<>(); // peer node id (or ANY_PEER) -> partitions
    private final Set<String> failing = new HashSet<>(); // executor thread only: peers whose last exchange failed
    private boolean scheduled;

    public AntiEntropyScheduler(String nodeId, Ring ring, Duration interval, Membership membership, PeerChannels channels,
                         AntiEntropySession session, ReplicationStats stats, Clock clock, RandomGenerator random, Threads threads) {
        this.clock = clock;
        this.random = random;
        this.self = nodeId;
        this.ring = ring;
        this.partitions = ring.partitioner().partitions();
        this.interval = interval;
        this.membership = membership;
        this.channels = channels;
        this.session = session;
        this.stats = stats;
        this.executor = Executors.newSingleThreadScheduledExecutor(threads.factory("anti-entropy"));
    }

    /** Starts the periodic rounds (none when the interval is zero). */
    public void start() {
        if (!interval.isZero()) {
            long ms = interval.toMillis();
            executor.scheduleWithFixedDelay(() -> requestAll("periodic"), ms, ms, TimeUnit.MILLISECONDS);
        }
    }

    /** Every partition with every peer that is up. */
    public void requestAll(String reason) {
        List<Membership.Peer> peers = membership.upPeers();
        LOG.debug("anti-entropy requested with {} peers: {}", peers.size(), reason);
        for (Membership.Peer p : peers) {
            add(p.nodeId(), ring.sharedPartitions(self, p.nodeId()));
        }
    }

    /** Every partition with {@code nodeId}. */
    public void requestPeer(String nodeId, String reason) {
        LOG.debug("anti-entropy requested with {}: {}", nodeId, reason);
        add(nodeId, ring.sharedPartitions(self, nodeId));
    }

    /** One partition, with {@code nodeId} if it is up, else with any peer that is (null: any). */
    public void requestPartition(int partition, String nodeId) {
        BitSet one = new BitSet(partitions);
        one.set(partition);
        add(nodeId == null ? ANY_PEER : nodeId, one);
    }

    private synchronized void add(String target, BitSet parts) {
        pending.computeIfAbsent(target, t -> new BitSet(partitions)).or(parts);
        if (!scheduled && !executor.isShutdown()) {
            scheduled = true;
            executor.schedule(this::runPending, COALESCE_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    private void runPending() {
        Map<String, BitSet> work;
        synchronized (this) {
            work = new LinkedHashMap<>(pending);
            pending.clear();
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
            BitSet shared = ring.sharedPartitions(self, peer.nodeId());
            shared.and(parts);
            if (!shared.isEmpty()) {
                exchange(peer, shared);
            }
        }
    }

    private void exchange(Membership.Peer peer, BitSet parts) {
        long started = clock.nanos();
        try {
            AntiEntropyGrpc.AntiEntropyBlockingStub stub = AntiEntropyGrpc.newBlockingStub(channels.to(peer.address()))
                    .withDeadlineAfter(RPC_DEADLINE_SECONDS, TimeUnit.SECONDS);
            AntiEntropySession.Result r = session.run(stub, parts);
            stats.recordAntiEntropyRound(r.fetched(), r.pushed());
            if (failing.remove(peer.nodeId())) {
                LOG.info("anti-entropy with {} works again", peer.nodeId());
            }
            long ms = (clock.nanos() - started) / 1_000_000;
            if (r.fetched() + r.pushed() > 0) {
                LOG.info("anti-entropy with {}: {} of {} partitions differed ({} buckets); fetched {} keys, pushed {} in {} ms",
                        peer.nodeId(), r.partitionsDiffering(), parts.cardinality(), r.bucketsDiffering(), r.fetched(), r.pushed(), ms);
            } else {
                LOG.debug("anti-entropy with {}: {} partitions in sync ({} ms)", peer.nodeId(), parts.cardinality(), ms);
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
