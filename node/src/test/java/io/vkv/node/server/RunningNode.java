package io.vkv.node.server;

import io.vkv.node.app.VkvNode;
import io.vkv.node.testing.CoordinatedStore;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.vkv.node.config.ConfigKey;
import io.vkv.node.config.NodeConfig;
import io.vkv.proto.v1.KeyValueGrpc;
import io.vkv.proto.v1.NodeInfoGrpc;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A real node (CoordinatedStore on a directory, Netty gRPC on a free port) and a plaintext channel to it. */
final class RunningNode implements AutoCloseable {

    final VkvNode node;
    final ManagedChannel channel;

    private RunningNode(VkvNode node) {
        this.node = node;
        this.channel = NettyChannelBuilder.forAddress("127.0.0.1", node.port())
                .usePlaintext()
                .maxInboundMessageSize(64 * 1024 * 1024)
                .build();
    }

    /** Starts node n1 in {@code dataDir} on a free port, with {@code settings} (config keys to values) over the defaults. */
    static RunningNode start(Path dataDir, Map<String, String> settings) throws IOException {
        Map<String, String> all = new HashMap<>(settings);
        all.put(ConfigKey.NODE_PORT.key(), "0");
        return new RunningNode(new VkvNode(NodeConfig.defaults("n1", dataDir, all)).start());
    }

    static RunningNode start(Path dataDir) throws IOException {
        return start(dataDir, Map.of());
    }

    KeyValueGrpc.KeyValueBlockingStub kv() {
        return KeyValueGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
    }

    KeyValueGrpc.KeyValueStub async() {
        return KeyValueGrpc.newStub(channel);
    }

    NodeInfoGrpc.NodeInfoBlockingStub info() {
        return NodeInfoGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        channel.shutdownNow();
        channel.awaitTermination(10, TimeUnit.SECONDS);
        node.close();
    }
}
