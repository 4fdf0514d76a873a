package io.vkv.node.app;

import io.grpc.BindableService;
import io.vkv.node.compat.KvStoreService;
import io.vkv.node.compat.ProjectKeyValueService;
import io.vkv.node.metrics.MetricsEndpoint;
import io.vkv.node.metrics.NodeMetrics;
import io.vkv.node.config.ClusterSecret;
import io.vkv.node.config.NodeConfig;
import io.vkv.node.config.ReplicationConfig;
import io.vkv.node.config.RingConfig;
import io.vkv.node.coordinator.Coordinator;
import io.vkv.node.hints.HintStore;
import io.vkv.node.hints.HintedHandoff;
import io.vkv.node.membership.PeerChannels;
import io.vkv.node.quorum.Quorums;
import io.vkv.node.replication.Leave;
import io.vkv.node.replication.Replication;
import io.vkv.node.runtime.NodeRuntime;
import io.vkv.node.security.Authorization;
import io.vkv.node.security.TlsMaterial;
import io.vkv.node.security.TokenSource;
import io.vkv.node.server.AdminService;
import io.vkv.node.server.ChangeFeed;
import io.vkv.node.server.ContextTokens;
import io.vkv.node.server.Forwarder;
import io.vkv.node.server.ForwardedCalls;
import io.vkv.node.server.KeyValueService;
import io.vkv.node.server.LocalCalls;
import io.vkv.node.server.NodeInfoService;
import io.vkv.node.server.ResponseEncoder;
import io.vkv.node.server.RoutingCounters;
import io.vkv.node.server.StartGate;
import io.vkv.node.server.VkvServer;
import io.vkv.node.storage.DataDirectory;
import io.vkv.node.storage.DurableStore;
import io.vkv.node.storage.StoreObserver;
import io.vkv.node.storage.KeyStateCodec;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running node, assembled: opens (and recovers) the replica store, puts a coordinator over it, serves
 * both over gRPC and replicates through the configured broker (alone without one). Time and randomness
 * are injected here and passed down. Closing stops the server gracefully first, so writes in flight are
 * acknowledged, then replication (shipping those writes), then the store.
 */
public final class VkvNode implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(VkvNode.class);
    /** How long a starting node waits to hear the cluster's members before it serves with what it knows. */
    private static final Duration RING_WAIT = Duration.ofSeconds(5);
    /** How often hints are offered to their replicas. */
    private static final Duration HANDOFF_INTERVAL = Duration.ofSeconds(1);

    private final NodeConfig config;
    private final NodeRuntime runtime;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private PeerChannels peers; // to other nodes: forwarding, quorums, hints, anti-entropy
    private DurableStore store;
    private Coordinator coordinator;
    private Replication replication;
    private HintStore hints;
    private HintedHandoff handoff;
    private VkvServer server;
    private volatile MetricsEndpoint metricsEndpoint; // read by node info without the lock
    private final NodeMetrics metrics = new NodeMetrics();
    private boolean closed;

    /** A node configured by {@code config}, on the machine's clock, secure randomness and daemon threads. */
    public VkvNode(NodeConfig config) {
        this(config, NodeRuntime.system(config.nodeId()));
    }

    /** A node configured by {@code config} that takes time, randomness and threads from {@code runtime}. */
    public VkvNode(NodeConfig config, NodeRuntime runtime) {
        this.config = config;
        this.runtime = runtime;
    }

    /** Opens the store (recovering it) and starts serving; throws IOException when either fails. */
    public synchronized VkvNode start() throws IOException {
        if (store != null || closed) {
            throw new IllegalStateException("node " + config.nodeId() + " was already started");
        }
        // Credentials first: a bad certificate or tokens file stops the node before it opens anything.
        TlsMaterial tls = TlsMaterial.load(config.tls(), Instant.ofEpochMilli(runtime.clock().millis()), advertisedHost());
        TokenSource tokens = config.authTokens().map(f -> TokenSource.open(f, runtime.clock()::nanos)).orElse(null);
        peers = new PeerChannels(TlsMaterial.peerCredentials(tls));
        DurableStore opened = DurableStore.open(config.storageOptions(), runtime, new StoreObserver() {
            @Override
            public void logFlushed(int records, long syncNanos) {
                metrics.logFlushed(records, syncNanos);
            }

            @Override
            public void snapshotTaken(long entries, long nanos) {
                metrics.snapshotTaken(nanos);
            }
        });
        Replication repl = null;
        try {
            byte[] secret = ClusterSecret.resolve(config);
            ReplicationConfig rc = ReplicationConfig.forBroker(config.clusterName(), secret, config.brokerUrl());
            rc = rc.withBatchWindow(config.batchWindow())
                    .withAntiEntropyInterval(config.antiEntropyInterval());
            if (tls != null) {
                rc = rc.withBrokerTls(tls.brokerSockets());
            }
            repl = Replication.create(opened, rc, RingConfig.of(config), runtime, peers);
            coordinator = new Coordinator(opened, opened.partitioner(), config.limits(), runtime.clock());
            ContextTokens contexts = new ContextTokens(secret, new KeyStateCodec());
            ResponseEncoder encoder = new ResponseEncoder(contexts);
            ChangeFeed feed = new ChangeFeed(opened.actor(), encoder, config.watchQueue());
            opened.addListener(feed);
            Replication r = repl;
            Forwarder forwarder = new Forwarder(config.nodeId(), r.ring(), r::addressOf, peers);
            hints = HintStore.open(config.storageOptions(), opened.partitioner(), runtime);
            handoff = new HintedHandoff(config.nodeId(), hints, r.ring().holders(), r.replicaCalls(), r::addressOf, opened, runtime.threads(), HANDOFF_INTERVAL);
            Quorums quorums = new Quorums(config.nodeId(), r.ring(), config.ringReplicas(), config.readQuorum(), config.writeQuorum(),
                    coordinator, opened, r.replicaCalls(), r::addressOf);
            StartGate gate = new StartGate(config.nodeId());
            LocalCalls local = new LocalCalls(config.nodeId());
            List<BindableService> services = List.of(
                    new KeyValueService(coordinator, quorums, forwarder, hints, config.limits(), contexts, encoder, feed, gate, metrics),
                    new NodeInfoService(config, coordinator, r.clusterView(), r.ring(), r.stats(),
                            new RoutingCounters(forwarder::forwarded, hints::hintedKeys, handoff::handedOff), r::brokerConnected, this::metricsPortOrNone, gate),
                    r.antiEntropyService(),
                    new AdminService(this::leave),
                    new ProjectKeyValueService(local.channel()),
                    new KvStoreService(local.channel()));
            server = new VkvServer(config, services, feed, local, metrics, TlsMaterial.serverCredentials(tls),
                    new Authorization(tokens, tls != null && tls.verifiesPeers(), ForwardedCalls.FORWARDED_BY)).start();
            metrics.node(coordinator::keyCount, r::brokerConnected);
            metrics.replication(r.stats(), () -> r.clusterView().members().stream().filter(m -> !m.id().equals(config.nodeId()))
                    .collect(java.util.stream.Collectors.toMap(m -> m.id(), m -> m.replicationLagMillis())));
            if (config.metricsPort().isPresent()) {
                metricsEndpoint = MetricsEndpoint.start(metrics, config.host(), config.metricsPort().getAsInt());
            }
            repl.start(config.advertisedAddress(server.port()));
            handoff.start();
            if (!repl.awaitRing(RING_WAIT)) {
                log.warn("node {} serves before hearing every member from the broker (waited {} s): it routes by the members it"
                        + " knows until then", config.nodeId(), RING_WAIT.toSeconds());
            }
            gate.open();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while node " + config.nodeId() + " was starting", e);
        } catch (IOException | RuntimeException e) {
            if (metricsEndpoint != null) {
                metricsEndpoint.close();
                metricsEndpoint = null;
            }
            if (server != null) {
                server.close();
                server = null;
            }
            if (handoff != null) {
                handoff.close();
            }
            if (repl != null) {
                repl.close();
            }
            if (hints != null) {
                hints.close();
            }
            peers.close();
            opened.close();
            throw e;
        }
        replication = repl;
        store = opened;
        log.info("node {} (actor {}) serving on {}, data {}, fsync {}",
                config.nodeId(), store.actor(), server.address(), config.dataDir(), config.fsync());
        return this;
    }

    /** The host peers and clients reach this node at, as its certificate must name it. */
    private String advertisedHost() {
        String address = config.advertisedAddress(config.port());
        return address.substring(0, address.lastIndexOf(':'));
    }

    private int metricsPortOrNone() {
        MetricsEndpoint m = metricsEndpoint;
        return m == null ? 0 : m.port();
    }

    /** The port the metrics endpoint listens on (the one chosen when configured as 0); throws when there is none. */
    public synchronized int metricsPort() {
        requireStarted();
        if (metricsEndpoint == null) {
            throw new IllegalStateException("node " + config.nodeId() + " serves no metrics: set metrics.port");
        }
        return metricsEndpoint.port();
    }

    /** The port served on (the one chosen when configured as 0). */
    public synchronized int port() {
        return requireStarted().port();
    }

    /** {@code host:port} as clients reach it. */
    public synchronized String address() {
        return requireStarted().address();
    }

    /** The replica store behind the node. */
    public synchronized DurableStore store() {
        requireStarted();
        return store;
    }

    /** The coordinator client writes go through. */
    public synchronized Coordinator coordinator() {
        requireStarted();
        return coordinator;
    }

    /** Replication: cluster view and counters. */
    public synchronized Replication replication() {
        requireStarted();
        return replication;
    }

    /** The gRPC server. */
    public synchronized VkvServer server() {
        return requireStarted();
    }

    public NodeConfig config() {
        return config;
    }

    /**
     * Starts leaving the ring; returns how many partitions this node hands off. Once they are, the node stops (taking
     * itself off the ring) and deletes its data directory. Throws IllegalStateException when it may not leave.
     */
    public int leave() {
        Leave leave = replication().leave();
        leave.done().thenRun(() -> runtime.threads().newThread("leave", () -> close(() -> {
            try { // before awaitClose returns: `vkv node` exits then
                DataDirectory.delete(config.dataDir());
                log.info("node {} left the ring and deleted {}", config.nodeId(), config.dataDir());
            } catch (IOException e) {
                log.warn("node {} left the ring but could not delete {}: {}", config.nodeId(), config.dataDir(), e.toString());
            }
        })).start());
        return leave.partitions();
    }

    /** Makes a JVM shutdown (SIGTERM, Ctrl-C) close the node gracefully: what {@code vkv node} calls. */
    public VkvNode closeOnShutdown() {
        Runtime.getRuntime().addShutdownHook(new Thread(this::close, "vkv-shutdown-" + config.nodeId()));
        return this;
    }

    /** Blocks until the node has been closed. */
    public void awaitClose() throws InterruptedException {
        stopped.await();
    }

    /** Stops serving (draining calls in flight up to the grace period), then closes the store. Idempotent. */
    @Override
    public void close() {
        close(() -> { });
    }

    /** Closes as {@link #close()} does, running {@code afterwards} once the store is closed, before {@link #awaitClose} returns. */
    private void close(Runnable afterwards) {
        DurableStore s;
        Replication repl;
        VkvServer srv;
        MetricsEndpoint endpoint;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            s = store;
            repl = replication;
            srv = server;
            endpoint = metricsEndpoint;
        }
        try {
            if (endpoint != null) {
                endpoint.close();
            }
            if (srv != null) {
                log.info("node {} stopping", config.nodeId());
                srv.close();
            }
            if (handoff != null) {
                handoff.close();
            }
            if (repl != null) {
                repl.close(); // after the server: the writes it drained are shipped too
            }
            if (hints != null) {
                hints.close();
            }
            if (peers != null) {
                peers.close();
            }
            if (s != null) {
                s.close();
                log.info("node {} stopped", config.nodeId());
            }
            afterwards.run();
        } finally {
            stopped.countDown();
        }
    }

    private VkvServer requireStarted() {
        if (server == null) {
            throw new IllegalStateException("node " + config.nodeId() + " is not started");
        }
        return server;
    }
}
