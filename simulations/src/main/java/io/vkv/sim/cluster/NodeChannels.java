package io.vkv.sim.cluster;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.vkv.proto.v1.KeyValueGrpc;
import io.vkv.proto.v1.NodeInfoGrpc;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One plaintext gRPC channel per node, shared by the workload's clients and the state reader. */
public final class NodeChannels implements AutoCloseable {

    private final Map<String, ManagedChannel> channels = new LinkedHashMap<>();

    /** Channels to {@code addresses} (node id to {@code host:port}). */
    public NodeChannels(Map<String, String> addresses) {
        addresses.forEach((id, address) -> {
            int colon = address.lastIndexOf(':');
            channels.put(id, NettyChannelBuilder.forAddress(address.substring(0, colon), Integer.parseInt(address.substring(colon + 1)))
                    .usePlaintext().build());
        });
    }

    public List<String> nodeIds() {
        return List.copyOf(channels.keySet());
    }

    /** A stub to node {@code id} whose call must finish within {@code deadline}. */
    public KeyValueGrpc.KeyValueBlockingStub kv(String id, Duration deadline) {
        ManagedChannel ch = channels.get(id);
        if (ch == null) {
            throw new IllegalArgumentException("no node " + id + " (nodes: " + channels.keySet() + ")");
        }
        return KeyValueGrpc.newBlockingStub(ch).withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** A NodeInfo stub to node {@code id} whose call must finish within {@code deadline}. */
    public NodeInfoGrpc.NodeInfoBlockingStub info(String id, Duration deadline) {
        ManagedChannel ch = channels.get(id);
        if (ch == null) {
            throw new IllegalArgumentException("no node " + id + " (nodes: " + channels.keySet() + ")");
        }
        return NodeInfoGrpc.newBlockingStub(ch).withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Reconnects to node {@code id} at once rather than after gRPC's growing backoff: call it once the node serves again. */
    public void reconnect(String id) {
        ManagedChannel ch = channels.get(id);
        if (ch != null) {
            ch.resetConnectBackoff();
        }
    }

    @Override
    public void close() {
        channels.values().forEach(ManagedChannel::shutdownNow);
        for (ManagedChannel ch : channels.values()) {
            try {
                ch.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
