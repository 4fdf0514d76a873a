package io.vkv.node.server;

import io.grpc.Server;
import io.grpc.Status;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import io.vkv.node.config.NodeConfig;
import io.vkv.node.replication.Replication;
import io.vkv.node.storage.KeyStateCodec;
import io.vkv.node.storage.Store;
import io.vkv.proto.v1.KeyValueGrpc;
import io.vkv.proto.v1.NodeInfoGrpc;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gRPC server of one node: the KeyValue and NodeInfo services over a store, plus health checking
 * and server reflection (so grpcurl works). Handlers never block, so they run on the transport's
 * threads ({@code directExecutor}). Closing stops new calls, ends watches, and waits up to the
 * configured grace for calls in flight; the store itself belongs to the caller.
 */
public final class VkvServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(VkvServer.class);
    /** Room in a message beyond the key and value: context token, field tags. */
    private static final int MESSAGE_OVERHEAD = 64 * 1024;
    private static final int DEFAULT_MAX_MESSAGE = 4 * 1024 * 1024;

    private final NodeConfig config;
    private final HealthStatusManager health = new HealthStatusManager();
    private final ChangeFeed feed;
    private final Server server;
    private boolean closed;

    /**
     * A server for {@code store} configured by {@code config}, signing contexts with {@code secret};
     * it also serves {@code replication}'s anti-entropy service and shows its members in NodeInfo.
     */
    public VkvServer(NodeConfig config, Store store, byte[] secret, Replication replication) {
        this.config = config;
        ContextTokens tokens = new ContextTokens(secret, new KeyStateCodec());
        ResponseEncoder encoder = new ResponseEncoder(tokens);
        this.feed = new ChangeFeed(store.actor(), encoder, config.watchQueue());
        store.addListener(feed);
        // At least gRPC's usual 4 MiB, so a value somewhat over the limit still gets our precise message.
        int maxMessage = Math.max(DEFAULT_MAX_MESSAGE,
                config.limits().maxKeyBytes() + config.limits().maxValueBytes() + MESSAGE_OVERHEAD);
        this.server = NettyServerBuilder.forAddress(new InetSocketAddress(config.host(), config.port()))
                .directExecutor()
                .maxInboundMessageSize(maxMessage)
                .addService(new KeyValueService(store, config.limits(), tokens, encoder, feed))
                .addService(new NodeInfoService(config, store, replication))
                .addService(replication.antiEntropyService())
                .addService(health.getHealthService())
                .addService(ProtoReflectionServiceV1.newInstance())
                .build();
    }

    /** Starts listening; throws IOException when the address cannot be bound. */
    public VkvServer start() throws IOException {
        try {
            server.start();
        } catch (IOException e) {
            throw new IOException("cannot listen on " + config.host() + ":" + config.port() + ": "
                    + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()), e);
        }
        health.setStatus(HealthStatusManager.SERVICE_NAME_ALL_SERVICES, ServingStatus.SERVING);
        health.setStatus(KeyValueGrpc.SERVICE_NAME, ServingStatus.SERVING);
        health.setStatus(NodeInfoGrpc.SERVICE_NAME, ServingStatus.SERVING);
        return this;
    }

    /** The port listened on (the one chosen when configured as 0). */
    public int port() {
        return server.getPort();
    }

    /** {@code host:port} as clients reach it. */
    public String address() {
        return config.host() + ":" + port();
    }

    /** Number of Watch streams open. */
    public int openWatches() {
        return feed.size();
    }

    /**
     * Stops accepting calls, ends every watch with UNAVAILABLE, waits up to {@code shutdown.grace}
     * for calls in flight (writes waiting for fsync among them), then cancels what is left.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        health.enterTerminalState();
        server.shutdown();
        feed.closeAll(Status.UNAVAILABLE.withDescription("node " + config.nodeId() + " is shutting down"));
        long graceMillis = config.shutdownGrace().toMillis();
        try {
            if (!server.awaitTermination(graceMillis, TimeUnit.MILLISECONDS)) {
                log.warn("calls still running {} ms after shutdown began; cancelling them", graceMillis);
                server.shutdownNow();
                server.awaitTermination(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            server.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
