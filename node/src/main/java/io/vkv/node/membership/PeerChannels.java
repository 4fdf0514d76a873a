package io.vkv.node.membership;

import io.grpc.ChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** gRPC channels to peers, one per address, opened on first use and closed together. */
public final class PeerChannels implements AutoCloseable {

    /** Fetch answers and key digests may be large: well above the server's own request limit. */
    private static final int MAX_INBOUND_BYTES = 64 * 1024 * 1024;

    private final Map<String, ManagedChannel> channels = new ConcurrentHashMap<>();
    private final ChannelCredentials credentials;
    private volatile boolean closed;

    /** Plaintext channels. */
    public PeerChannels() {
        this(InsecureChannelCredentials.create());
    }

    /** Channels opened with {@code credentials} (TLS with this node's certificate in a secure cluster). */
    public PeerChannels(ChannelCredentials credentials) {
        this.credentials = credentials;
    }

    /** The channel to {@code address} ({@code host:port}). */
    public ManagedChannel to(String address) {
        if (closed) {
            throw new IllegalStateException("peer channels are closed");
        }
        return channels.computeIfAbsent(address, a -> NettyChannelBuilder.forTarget(a, credentials)
                .maxInboundMessageSize(MAX_INBOUND_BYTES)
                .build());
    }

    /**
     * A peer at {@code address} came up: a channel that failed to reach it while it was down waits out gRPC's growing
     * reconnect backoff (seconds after a long outage) before trying again; it tries now instead.
     */
    public void cameUp(String address) {
        ManagedChannel c = channels.get(address);
        if (c != null) {
            c.resetConnectBackoff();
        }
    }

    @Override
    public void close() {
        closed = true;
        for (ManagedChannel c : channels.values()) {
            c.shutdownNow();
        }
        for (ManagedChannel c : channels.values()) {
            try {
                c.awaitTermination(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
