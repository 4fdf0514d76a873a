package io.vkv.node.replication;

import io.grpc.BindableService;
import io.vkv.node.antientropy.AntiEntropyScheduler;
import io.vkv.node.antientropy.AntiEntropyService;
import io.vkv.node.antientropy.AntiEntropySession;
import io.vkv.node.antientropy.StoreDigests;
import io.vkv.node.config.ReplicationConfig;
import io.vkv.node.membership.ClusterView;
import io.vkv.node.membership.Membership;
import io.vkv.node.membership.PeerChannels;
import io.vkv.node.metrics.DropReporter;
import io.vkv.node.metrics.ReplicationStats;
import io.vkv.node.mqtt.BrokerConnection;
import io.vkv.node.mqtt.EnvelopeSigner;
import io.vkv.node.mqtt.Topics;
import io.vkv.node.quorum.ReplicaCalls;
import io.vkv.node.config.RingConfig;
import io.vkv.node.ring.CurrentRing;
import io.vkv.node.ring.RingMembers;
import io.vkv.node.ring.TokenRing;
import io.vkv.node.runtime.Clock;
import io.vkv.node.runtime.NodeRuntime;
import io.vkv.node.shipping.ArrivalWatch;
import io.vkv.node.shipping.BatchCodec;
import io.vkv.node.shipping.BatchReceiver;
import io.vkv.node.shipping.ChangeShipper;
import io.vkv.node.shipping.SpanTracker;
import io.vkv.node.storage.DurableStore;
import io.vkv.node.storage.KeyStateCodec;
import io.vkv.node.version.Actor;
import io.vkv.proto.internal.MemberRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntPredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replication of one node, wired: MQTT shipping and receiving of changes, membership, and
 * anti-entropy. Use: {@link #create}, register {@link #antiEntropyService()} on the node's gRPC
 * server, start that server, then {@link #start} with the address it listens on; {@link #close}
 * before closing the store. Without a broker URL the node runs alone (the service still answers).
 */
public final class Replication implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Replication.class);
    private static final long DIGEST_CACHE_MILLIS = 1000;
    // Time for batches to travel beyond the window and the observed lag: scheduling, GC pauses, clock skew.
    private static final long SETTLE_MARGIN_MILLIS = 1000;
    private static final long MIN_ARRIVAL_GRACE_MILLIS = 2000;
    /** How long peers take to hear a retained record: a joiner counts only exchanges started this long after it announced itself. */
    private static final long RECORD_GRACE_MILLIS = 500;
    /** How often a join and partitions moved away make progress. */
    private static final long TRANSITION_TICK_MILLIS = 250;

    private final DurableStore store;
    private final CurrentRing ring;
    private final RingConfig ringConfig;
    private final ReplicationConfig config;
    private final Actor self;
    private final Topics topics;
    private final ReplicationStats stats = new ReplicationStats();
    private final Membership membership;
    private final AntiEntropyService service;
    private final PeerChannels channels;
    private final AntiEntropyScheduler scheduler;
    private final BatchCodec batches;
    private final KeyStateCodec codec = new KeyStateCodec();
    private final BatchReceiver receiver;
    private final ArrivalWatch arrivals;
    private final StoreDigests digests;
    private final ReplicaCalls replicaCalls;
    private final RingTransitions transitions;
    private final NodeRuntime runtime;
    private ChangeShipper shipper;
    private BrokerConnection connection; // the persistent session: subscriptions, Will, membership
    private BrokerConnection publisher; // batches only, so their PUBACKs never queue behind received messages
    private volatile ScheduledExecutorService heartbeat;
    private final Object ringLock = new Object(); // not this: membership calls in from the broker's thread, which close() waits for
    private BitSet replicated = new BitSet(); // the partitions this node replicated at the last ring change; guarded by ringLock
    private boolean started;
    private boolean closed;
    private volatile boolean left; // handed every partition off: closing clears the record, taking the node off the ring

    private Replication(DurableStore store, ReplicationConfig config, RingConfig ringConfig, NodeRuntime runtime, PeerChannels channels) {
        Clock clock = runtime.clock();
        this.store = store;
        this.runtime = runtime;
        this.channels = channels;
        this.config = config;
        this.ringConfig = ringConfig;
        this.self = store.actor();
        this.topics = new Topics(config.cluster());
        int partitions = store.partitioner().partitions();
        EnvelopeSigner signer = new EnvelopeSigner(config.secret());
        DropReporter drops = new DropReporter(stats, clock);
        this.ring = new CurrentRing(store.partitioner(), ringConfig.replicas());
        IntPredicate held = this::holds;
        this.digests = new StoreDigests(store, store.partitioner(), DIGEST_CACHE_MILLIS, clock);
        store.addListener(digests);
        this.batches = new BatchCodec(config.cluster(), signer, codec, store.partitioner(), store.options().limits());
        this.service = new AntiEntropyService(store, config.cluster(), signer, codec, store.options().limits(), digests, drops,
                held, runtime.threads());
        AntiEntropySession session = new AntiEntropySession(store, config.cluster(), signer, codec, digests, store.partitioner(), held);
        this.replicaCalls = new ReplicaCalls(config.cluster(), self, signer, codec, this::lastKnownAddressOf, channels);
        // Membership tells the scheduler when a peer comes up, and the scheduler asks membership for peers.
        long heartbeat = config.heartbeat().toMillis();
        this.membership = new Membership(config.cluster(), partitions, ringConfig.replicas(), self, signer, stats, drops, heartbeat,
                this::peerCameUp, this::ringChanged, this::clearRecord, clock);
        SpanTracker spans = new SpanTracker(partitions);
        this.arrivals = new ArrivalWatch(self.nodeId(), ring.holders(), spans, Math.max(MIN_ARRIVAL_GRACE_MILLIS, heartbeat / 2), clock, new Arrivals());
        this.scheduler = new AntiEntropyScheduler(self.nodeId(), ring.holders(), config.antiEntropyInterval(),
                config.batchWindow().toMillis() + SETTLE_MARGIN_MILLIS, arrivals::inTime, membership, channels, session, stats, runtime);
        this.receiver = new BatchReceiver(self.nodeId(), store, topics, batches, spans, membership, stats, drops, held,
                scheduler::requestPartition, clock);
        this.transitions = new RingTransitions(self.nodeId(), ring, membership, scheduler, store, id -> addressOf(id) != null, clock,
                RECORD_GRACE_MILLIS, this::announce);
    }

    /**
     * True when this node holds {@code partition} by its view of the ring (serving or future): replicated states of
     * other partitions are refused, so that a peer with a stale view cannot fill a partition this node dropped or never
     * held. A node not placed yet (no token: restarted while it was joining, or choosing again) takes everything, as
     * its broker session may hold batches queued for it while it was a holder.
     */
    private boolean holds(int partition) {
        return membership.token() == null || ring.holders().replicates(self.nodeId(), partition);
    }

    /** Compares with a peer that came up: that covers what either wrote while the other could not hear it. */
    private void peerCameUp(String nodeId) {
        String address = addressOf(nodeId);
        if (address != null) {
            channels.cameUp(address); // forwarding, quorums and hand-offs reach it now, not after the backoff
        }
        scheduler.requestPeer(nodeId, "peer came up");
    }

    /** Clears the retained record of {@code nodeId}, a member that left: its Will came back after its farewell. */
    private void clearRecord(String nodeId) {
        BrokerConnection c;
        synchronized (this) {
            c = connection;
        }
        if (c != null) { // not on the broker's callback thread, which a publish waiting for room would hold up
            runtime.threads().newThread("clear-record", () -> {
                try {
                    c.publish(topics.member(nodeId), new byte[0], true);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }).start();
        }
    }

    private List<String> memberIds() {
        return membership.members().stream().map(ClusterView.MemberView::id).toList();
    }

    /**
     * The members' tokens or roles changed: rebuild the ring, compare with peers when this node's share of it changed,
     * and hand off what it no longer holds.
     */
    private void ringChanged(RingMembers members) {
        ring.update(members);
        ScheduledExecutorService beat = heartbeat;
        if (membership != null && membership.token() == null && membership.heardOwnRecord().isDone() && beat != null) {
            try {
                beat.execute(this::join); // it gave up a token another member chose too
            } catch (RejectedExecutionException e) {
                // closing: the next start joins
            }
        }
        BitSet now = new BitSet();
        for (int p = 0; p < ring.partitioner().partitions(); p++) {
            if (ring.holders().replicates(self.nodeId(), p)) {
                now.set(p);
            }
        }
        BitSet before;
        synchronized (ringLock) {
            before = replicated;
            replicated = now;
        }
        if (transitions != null) {
            transitions.ringChanged();
        }
        if (!now.equals(before)) {
            LOG.info("the ring changed: {} now holds {} of {} partitions", self.nodeId(), now.cardinality(), ring.partitioner().partitions());
            if (transitions != null) {
                transitions.held(before, now);
            }
            scheduler.requestAll("the ring changed");
        }
    }

    /**
     * Replication for {@code store} under {@code config}, placed on the ring by {@code ringConfig}, reaching peers over
     * {@code channels} (the node's: they outlive replication, and the node closes them); nothing runs until {@link #start}.
     */
    public static Replication create(DurableStore store, ReplicationConfig config, RingConfig ringConfig, NodeRuntime runtime,
                                     PeerChannels channels) {
        return new Replication(store, config, ringConfig, runtime, channels);
    }

    /** Which members replicate which partitions, as membership shows them. */
    public CurrentRing ring() {
        return ring;
    }

    /** Where {@code nodeId} was last reached, even while it is marked down (null for this node or one never heard). */
    public String lastKnownAddressOf(String nodeId) {
        return nodeId.equals(self.nodeId()) ? null : membership.lastKnownAddress(nodeId);
    }

    /** Where each member is reached: its gRPC address while it is up, else null. */
    public String addressOf(String nodeId) {
        if (nodeId.equals(self.nodeId())) {
            return null;
        }
        Membership.Peer p = membership.peer(nodeId);
        return p == null ? null : p.address();
    }

    /**
     * Waits up to {@code timeout} until this node has heard every member's record from the broker and holds a
     * token, so the ring it routes by is the cluster's; true when it has (at once for a node alone). A new node
     * that hears nothing in time takes a token anyway, so it serves: always writable.
     */
    public boolean awaitRing(Duration timeout) throws InterruptedException {
        try {
            // A joining node takes its token on the heartbeat thread right after its record came back.
            CompletableFuture.allOf(membership.heardOwnRecord(), membership.heldToken()).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            heartbeat.execute(this::join);
            return false;
        } catch (ExecutionException e) {
            throw new IllegalStateException("membership failed", e.getCause());
        }
    }

    /**
     * Starts leaving the ring (see {@link RingTransitions#beginLeave}); once the future completes, closing takes this
     * node off the ring. Throws IllegalStateException, saying why, when it may not leave.
     */
    public synchronized Leave leave() {
        if (!config.replicates()) {
            throw new IllegalStateException(self.nodeId() + " runs alone: it is the only replica of every partition, so it cannot leave");
        }
        MemberRecord.Role role = membership.role();
        if (role != MemberRecord.Role.MEMBER || membership.token() == null) {
            throw new IllegalStateException(self.nodeId() + " is " + (role == MemberRecord.Role.LEAVING ? "leaving already"
                    : "still joining: let it join first") + " (vkv cluster status)");
        }
        if (membership.tokens().size() < 2) {
            throw new IllegalStateException(self.nodeId() + " is the last member of the ring: leaving would leave every partition with no replica");
        }
        Leave leave = transitions.beginLeave();
        announce();
        leave.done().thenRun(() -> left = true);
        return leave;
    }

    /** Fetches and pushes of single keys on other replicas, for quorums. */
    public ReplicaCalls replicaCalls() {
        return replicaCalls;
    }

    /** The internal anti-entropy gRPC service to register on the node's server. */
    public BindableService antiEntropyService() {
        return service;
    }

    /** Members as this node sees them (for node info). */
    public ClusterView clusterView() {
        return membership;
    }

    /** The settings this replication runs with. */
    public ReplicationConfig config() {
        return config;
    }

    /** Counters of messages sent, received, applied and dropped. */
    public ReplicationStats stats() {
        return stats;
    }

    /** True while connected to the broker. */
    public boolean brokerConnected() {
        BrokerConnection c;
        BrokerConnection p;
        synchronized (this) {
            c = connection;
            p = publisher;
        }
        return c != null && c.connected() && p.connected();
    }

    /**
     * Starts replicating, advertising {@code grpcAddress} ({@code host:port}) to peers: ships local
     * changes, connects to the broker in the background (the node serves meanwhile), runs
     * anti-entropy. Without a broker URL it only records the address.
     */
    public synchronized void start(String grpcAddress) {
        if (started || closed) {
            throw new IllegalStateException("replication of " + self + " was already started");
        }
        started = true;
        membership.advertise(grpcAddress);
        if (!config.replicates()) {
            holdToken(ringConfig.token().orElse(store.ringToken().orElse(-1L)), ringConfig.token().isEmpty());
            membership.heardOwnRecord().complete(null);
            LOG.info("no broker configured: node {} runs alone", self.nodeId());
            return;
        }
        if (store.ringToken().isPresent()) { // a member before: it keeps serving its partitions
            holdToken(ringConfig.token().orElse(store.ringToken().getAsLong()), ringConfig.token().isEmpty());
        }
        // Every origin addresses this node's changes to one topic level: one subscription, made at each connect.
        String[] subscriptions = {topics.allMembers(), topics.changesFor(self.nodeId())};
        String clientId = "vkv-" + config.cluster() + "-" + self.nodeId();
        connection = new BrokerConnection(config, clientId, true, topics.member(self.nodeId()),
                membership.record(false), subscriptions, new BrokerHandler(), runtime.clock(), runtime.threads());
        // A connection of its own, so PUBACKs that free the inflight window never wait behind received batches.
        publisher = new BrokerConnection(config, clientId + "-pub", false, null, null, new String[0], new PublisherHandler(), runtime.clock(), runtime.threads());
        BrokerConnection pub = publisher;
        shipper = new ChangeShipper(self, ring.holders(), this::memberIds, config, topics, batches,
                (topic, payload) -> pub.publish(topic, payload, false), stats, p -> scheduler.requestPartition(p, null), runtime.clock(), runtime.threads());
        store.addListener(shipper);
        shipper.start();
        scheduler.start();
        heartbeat = Executors.newSingleThreadScheduledExecutor(runtime.threads().factory("membership-heartbeat"));
        // A new node (or one that gave up a token another chose too) takes the middle of the widest arc of the ring it
        // finds, once every retained record is in; a node holding a token keeps it.
        membership.heardOwnRecord().thenRunAsync(this::join, heartbeat);
        long beat = config.heartbeat().toMillis();
        heartbeat.scheduleWithFixedDelay(this::announce, beat, beat, TimeUnit.MILLISECONDS);
        heartbeat.scheduleWithFixedDelay(transitions::tick, TRANSITION_TICK_MILLIS, TRANSITION_TICK_MILLIS, TimeUnit.MILLISECONDS);
        connection.start();
        publisher.start();
        LOG.info("replication of {} started: {}", self, config);
    }

    /** Takes {@code token} and keeps it in the data directory, so a restart keeps this node's place on the ring. */
    private void holdToken(long token, boolean chosen) {
        try {
            store.saveRingToken(token);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep ring token " + Long.toUnsignedString(token) + " in " + store.dataDir(), e);
        }
        membership.holdToken(token, chosen);
    }

    /**
     * Takes {@code ring.token}, else the middle of the widest arc of the ring as known now (a random place when none
     * is known), unless holding a token. Into a ring that has members, the node joins: it pulls its partitions
     * before it serves them. The first node of a ring is a member at once.
     */
    private void join() {
        if (membership.token() != null) {
            return;
        }
        Map<String, Long> known = membership.tokens();
        boolean chosen = ringConfig.token().isEmpty();
        long token = !chosen ? ringConfig.token().getAsLong() : known.isEmpty() ? runtime.random().nextLong() : TokenRing.joiningToken(known);
        if (known.isEmpty()) {
            holdToken(token, chosen);
            LOG.info("{} took token {} on an empty ring", self.nodeId(), Long.toUnsignedString(token));
        } else {
            transitions.beginJoin(token, chosen);
        }
        announce();
    }

    private void announce() {
        try {
            connection.publish(topics.member(self.nodeId()), membership.record(true, shipper.shipped()), true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The publishing connection receives nothing; batches it could not send were left to anti-entropy already. */
    private static final class PublisherHandler implements BrokerConnection.Handler {
        @Override
        public void connected(boolean reconnect) {
            // nothing to renew
        }

        @Override
        public void message(String topic, byte[] payload) {
            // never subscribed
        }
    }

    /** Routes what the broker connection reports. */
    private final class BrokerHandler implements BrokerConnection.Handler {
        @Override
        public void connected(boolean reconnect) {
            announce();
            if (reconnect) {
                // Changes published while away were dropped, the broker may have lost queues: compare all.
                scheduler.requestAll("reconnected to the broker");
            }
        }

        @Override
        public void message(String topic, byte[] payload) {
            String member = topics.memberOf(topic);
            if (member != null) {
                MemberRecord r = membership.onRecord(member, payload);
                if (r != null && r.getStatus() == MemberRecord.Status.UP) {
                    arrivals.shipped(codec.actor(r.getActor()), r.getShippedList());
                }
            } else {
                receiver.onMessage(topic, payload);
            }
        }
    }

    /** A peer whose batches stop arriving is marked stalled, repaired by anti-entropy, and this node subscribes again. */
    private final class Arrivals implements ArrivalWatch.Listener {
        @Override
        public void missing(String nodeId, boolean first) {
            membership.markStalled(nodeId, true);
            if (first) {
                connection.resubscribe();
            }
            scheduler.requestPeer(nodeId, "its batches stopped arriving");
        }

        @Override
        public void resumed(String nodeId) {
            membership.markStalled(nodeId, false);
        }
    }

    /** Stops anti-entropy, ships queued changes, says farewell (status down) and disconnects. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        scheduler.close();
        store.removeListener(digests);
        if (shipper != null) {
            store.removeListener(shipper);
            shipper.close();
        }
        if (heartbeat != null) {
            heartbeat.shutdownNow();
        }
        if (connection != null) {
            try {
                publisher.close(null, null);
                connection.close(topics.member(self.nodeId()), left ? new byte[0] : membership.record(false));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        service.close();
        LOG.info("replication of {} stopped ({})", self, stats);
    }
}
