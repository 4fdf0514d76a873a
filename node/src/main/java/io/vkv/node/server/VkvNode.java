package io.vkv.node.server;

import io.vkv.node.config.ClusterSecret;
import io.vkv.node.config.NodeConfig;
import io.vkv.node.replication.Replication;
import io.vkv.node.replication.ReplicationConfig;
import io.vkv.node.storage.NodeStore;
import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running node: opens (and recovers) the store, then serves it over gRPC and replicates it
 * through the configured broker (alone without one). Closing stops the server gracefully first,
 * so writes in flight are acknowledged, then replication (shipping those writes), then the store.
 */
public final class VkvNode implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(VkvNode.class);

    private final NodeConfig config;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private NodeStore store;
    private Replication replication;
    private VkvServer server;
    private boolean closed;

    public VkvNode(NodeConfig config) {
        this.config = config;
    }

    /** Opens the store (recovering it) and starts serving; throws IOException when either fails. */
    public synchronized VkvNode start() throws IOException {
        if (store != null || closed) {
            throw new IllegalStateException("node " + config.nodeId() + " was already started");
        }
        NodeStore opened = NodeStore.open(config.storageOptions());
        Replication repl = null;
        try {
            byte[] secret = ClusterSecret.resolve(config);
            ReplicationConfig rc = ReplicationConfig.forBroker(config.clusterName(), secret, config.brokerUrl());
            rc = rc.withBatchWindow(config.batchWindow())
                    .withAntiEntropyInterval(config.antiEntropyInterval());
            repl = Replication.create(opened, rc);
            server = new VkvServer(config, opened, secret, repl).start();
            repl.start(config.advertisedAddress(server.port()));
        } catch (IOException | RuntimeException e) {
            if (server != null) {
                server.close();
                server = null;
            }
            if (repl != null) {
                repl.close();
            }
            opened.close();
            throw e;
        }
        replication = repl;
        store = opened;
        log.info("node {} (actor {}) serving on {}, data {}, fsync {}",
                config.nodeId(), store.actor(), server.address(), config.dataDir(), config.fsync());
        return this;
    }

    /** The port served on (the one chosen when configured as 0). */
    public synchronized int port() {
        return requireStarted().port();
    }

    /** {@code host:port} as clients reach it. */
    public synchronized String address() {
        return requireStarted().address();
    }

    /** The store served. */
    public synchronized NodeStore store() {
        requireStarted();
        return store;
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
        NodeStore s;
        Replication repl;
        VkvServer srv;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            s = store;
            repl = replication;
            srv = server;
        }
        try {
            if (srv != null) {
                log.info("node {} stopping", config.nodeId());
                srv.close();
            }
            if (repl != null) {
                repl.close(); // after the server: the writes it drained are shipped too
            }
            if (s != null) {
                s.close();
                log.info("node {} stopped", config.nodeId());
            }
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
