package io.vkv.node.testing;

import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.vkv.node.config.ReplicationConfig;
import io.vkv.node.config.RingConfig;
import io.vkv.node.coordinator.KeyValueStore;
import io.vkv.node.membership.PeerChannels;
import io.vkv.node.replication.Replication;
import io.vkv.node.runtime.NodeRuntime;
import io.vkv.node.storage.StorageOptions;
import io.vkv.node.testing.CoordinatedStore;
import io.vkv.node.version.KeyState;
import io.vkv.node.version.VersionVector;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * One in-process vkv node for cluster tests: a durable CoordinatedStore in its own directory, replication
 * through a broker, and a gRPC server on a free port serving anti-entropy. It can be stopped
 * (cleanly: same actor when it comes back) and restarted on the same data.
 */
public final class ClusterNode implements AutoCloseable {

    private final String nodeId;
    private final Path dataDir;
    private ReplicationConfig config;
    private CoordinatedStore store;
    private Replication replication;
    private PeerChannels peers;
    private Server server;

    /** Every node replicates every partition: these clusters test replication, not placement. */
    private static final RingConfig FULL_REPLICATION = new RingConfig(64, OptionalLong.empty());

    private ClusterNode(String nodeId, Path dataDir, ReplicationConfig config) {
        this.nodeId = nodeId;
        this.dataDir = dataDir;
        this.config = config;
    }

    /** Opens (or reopens) the node's store in {@code dataDir} and starts replicating under {@code config}. */
    public static ClusterNode start(String nodeId, Path dataDir, ReplicationConfig config) {
        ClusterNode n = new ClusterNode(nodeId, dataDir, config);
        n.startNode();
        return n;
    }

    private void startNode() {
        try {
            store = CoordinatedStore.open(StorageOptions.defaults(dataDir, nodeId));
            peers = new PeerChannels();
            replication = Replication.create(store.replicas(), config, FULL_REPLICATION, NodeRuntime.system(nodeId), peers);
            server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                    .addService(replication.antiEntropyService())
                    .build()
                    .start();
            replication.start("127.0.0.1:" + server.getPort());
        } catch (IOException e) {
            throw new UncheckedIOException("starting node " + nodeId + ": " + e.getMessage(), e);
        }
    }

    public String nodeId() {
        return nodeId;
    }

    public CoordinatedStore store() {
        return store;
    }

    public Replication replication() {
        return replication;
    }

    /** True between a start and a stop. */
    public boolean running() {
        return store != null;
    }

    /** Writes {@code value} (UTF-8) with {@code context}, waiting until durable. */
    public KeyValueStore.WriteResult put(String key, String value, VersionVector context) {
        return store.put(bytes(key), bytes(value), context).orTimeout(10, TimeUnit.SECONDS).join();
    }

    /** A blind write. */
    public KeyValueStore.WriteResult put(String key, String value) {
        return put(key, value, VersionVector.EMPTY);
    }

    /** The node's current state of {@code key}. */
    public KeyState get(String key) {
        return store.get(bytes(key));
    }

    /** Stops replication, the server and the store, cleanly. */
    public void stop() {
        if (store == null) {
            return;
        }
        replication.close();
        peers.close();
        server.shutdownNow();
        try {
            server.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        store.close();
        store = null;
    }

    /** Starts again on the same data under the same configuration. */
    public void restart() {
        restart(config);
    }

    /** Starts again on the same data under {@code newConfig}. */
    public void restart(ReplicationConfig newConfig) {
        stop();
        config = newConfig;
        startNode();
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        stop();
    }
}
