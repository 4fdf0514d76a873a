package io.vkv.node.testing;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.vkv.node.app.VkvNode;
import io.vkv.node.config.ConfigKey;
import io.vkv.node.config.NodeConfig;
import io.vkv.proto.v1.KeyValueGrpc;
import io.vkv.proto.v1.NodeInfoGrpc;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real node (its data in a directory, Netty gRPC on a free loopback port) and a plaintext channel to it:
 * the one running-node harness of the node's, the client's and the CLI's tests.
 */
public final class RunningNode implements AutoCloseable {

    public final VkvNode node;
    public final ManagedChannel channel;

    private RunningNode(VkvNode node) {
        this.node = node;
        this.channel = NettyChannelBuilder.forAddress("127.0.0.1", node.port())
                .usePlaintext()
                .maxInboundMessageSize(64 * 1024 * 1024)
                .build();
    }

    /** Starts node {@code nodeId} in {@code dataDir} with {@code settings} (config keys to values) over the defaults, on a free port unless they name one. */
    public static RunningNode start(Path dataDir, String nodeId, Map<String, String> settings) throws IOException {
        Map<String, String> all = new HashMap<>(settings);
        all.putIfAbsent(ConfigKey.NODE_PORT.key(), "0");
        return new RunningNode(new VkvNode(NodeConfig.defaults(nodeId, dataDir, all)).start());
    }

    /** Starts node n1 in {@code dataDir} with {@code settings} over the defaults. */
    public static RunningNode start(Path dataDir, Map<String, String> settings) throws IOException {
        return start(dataDir, "n1", settings);
    }

    /** Starts node {@code nodeId} in {@code dataDir} (a data directory belongs to the node that created it). */
    public static RunningNode start(Path dataDir, String nodeId) throws IOException {
        return start(dataDir, nodeId, Map.of());
    }

    /** Starts node n1 in {@code dataDir} with the defaults. */
    public static RunningNode start(Path dataDir) throws IOException {
        return start(dataDir, "n1", Map.of());
    }

    /** {@code host:port} as clients reach the node. */
    public String address() {
        return "127.0.0.1:" + node.port();
    }

    public KeyValueGrpc.KeyValueBlockingStub kv() {
        return KeyValueGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
    }

    public KeyValueGrpc.KeyValueStub async() {
        return KeyValueGrpc.newStub(channel);
    }

    public NodeInfoGrpc.NodeInfoBlockingStub info() {
        return NodeInfoGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        channel.shutdownNow();
        try {
            channel.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        node.close();
    }
}
