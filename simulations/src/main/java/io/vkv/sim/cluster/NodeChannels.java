package io.vkv.sim.cluster;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.vkv.proto.v1.KeyValueGrpc;
import io.vkv.proto.v1.NodeInfoGrpc;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * One plaintext gRPC channel per node, shared by the workload's clients and the state reader. Nodes that join are
 * added; a node that left is retired: no longer listed, its channel kept so that a call already aimed at it fails
 * like a call to any stopped node.
 */
public final class NodeChannels implements AutoCloseable {

    private final Map<String, ManagedChannel> channels = new ConcurrentHashMap<>();
    private final List<String> listed = new CopyOnWriteArrayList<>();

    /** Channels to {@code addresses} (node id to {@code host:port}). */
    public NodeChannels(Map<String, String> addresses) {
        addresses.forEach(this::add);
    }

    /** Adds a channel to node {@code id} at {@code address} ({@code host:port}) and lists it. */
    public void add(String id, String address) {
        int colon = address.lastIndexOf(':');
        ManagedChannel ch = NettyChannelBuilder.forAddress(address.substring(0, colon), Integer.parseInt(address.substring(colon + 1)))
                .usePlaintext().build();
        if (channels.putIfAbsent(id, ch) != null) {
            ch.shutdownNow();
            throw new IllegalArgumentException("node " + id + " has a channel already");
        }
        listed.add(id);
    }

    /** Stops listing node {@code id}: it left the cluster. */
    public void retire(String id) {
        listed.remove(id);
    }

    /** The nodes listed now, in the order they came. */
    public List<String> nodeIds() {
        return List.copyOf(listed);
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
