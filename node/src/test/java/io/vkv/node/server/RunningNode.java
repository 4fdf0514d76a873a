package io.vkv.node.server;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.vkv.node.config.NodeConfig;
import io.vkv.proto.v1.KeyValueGrpc;
import io.vkv.proto.v1.NodeInfoGrpc;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/** A real node (NodeStore on a directory, Netty gRPC on a free port) and a plaintext channel to it. */
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

    /** Starts node {@code id} in {@code dataDir} with default settings adjusted by {@code tweak}. */
    static RunningNode start(Path dataDir, UnaryOperator<NodeConfig> tweak) throws IOException {
        NodeConfig config = tweak.apply(NodeConfig.defaults("n1", dataDir).withPort(0));
        return new RunningNode(new VkvNode(config).start());
    }

    static RunningNode start(Path dataDir) throws IOException {
        return start(dataDir, c -> c);
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
