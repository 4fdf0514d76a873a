package io.vkv.node.server;

import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.ServerCredentials;
import io.grpc.ServerInterceptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import io.vkv.node.config.NodeConfig;
import io.vkv.node.metrics.NodeMetrics;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gRPC server of one node: the services it is given, plus health checking and server reflection (so
 * grpcurl works). Handlers never block, so they run on the transport's threads ({@code directExecutor}).
 * Closing stops new calls, ends watches, and waits up to the configured grace for calls in flight; the
 * services' stores belong to the caller.
 */
public final class VkvServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(VkvServer.class);
    /** Room in a message beyond the key and value: context token, field tags. */
    private static final int MESSAGE_OVERHEAD = 64 * 1024;
    private static final int DEFAULT_MAX_MESSAGE = 4 * 1024 * 1024;

    private final NodeConfig config;
    private final HealthStatusManager health = new HealthStatusManager();
    private final List<String> serviceNames = new ArrayList<>();
    private final ChangeFeed feed;
    private final Server server;
    private final Server inProcess;
    private final LocalCalls local;
    private boolean closed;

    /**
     * A server for {@code services} configured by {@code config}, which also serves them in-process to {@code local}'s
     * channel (and closes it), counting every client call in {@code metrics}; {@code feed} is the Watch feed to end on close.
     * Clients connect with {@code credentials} (TLS or plaintext) and each call passes {@code authorization} first.
     */
    public VkvServer(NodeConfig config, List<BindableService> services, ChangeFeed feed, LocalCalls local, NodeMetrics metrics,
                     ServerCredentials credentials, ServerInterceptor authorization) {
        this.local = local;
        this.config = config;
        this.feed = feed;
        // At least gRPC's usual 4 MiB, so a value somewhat over the limit still gets our precise message.
        int maxMessage = Math.max(DEFAULT_MAX_MESSAGE,
                config.limits().maxKeyBytes() + config.limits().maxValueBytes() + MESSAGE_OVERHEAD);
        NettyServerBuilder builder = NettyServerBuilder.forAddress(new InetSocketAddress(config.host(), config.port()), credentials)
                .directExecutor()
                .intercept(new ForwardedCalls())
                .intercept(authorization) // before any work, after metrics: refusals are counted
                .intercept(new RpcMetrics(metrics)) // clients' calls only: the seed APIs' in-process calls are counted once, as theirs
                .maxInboundMessageSize(maxMessage);
        InProcessServerBuilder inProcessBuilder = InProcessServerBuilder.forName(local.name()).directExecutor()
                .intercept(new ForwardedCalls());
        for (BindableService service : services) {
            ServerServiceDefinition checked = RequestDecoding.of(service);
            builder.addService(checked);
            inProcessBuilder.addService(checked);
            serviceNames.add(service.bindService().getServiceDescriptor().getName());
        }
        this.inProcess = inProcessBuilder.build();
        this.server = builder
                .addService(health.getHealthService())
                .addService(ProtoReflectionServiceV1.newInstance())
                .build();
    }

    /** Starts listening; throws IOException when the address cannot be bound. */
    public VkvServer start() throws IOException {
        try {
            server.start();
            inProcess.start();
        } catch (IOException e) {
            throw new IOException("cannot listen on " + config.host() + ":" + config.port() + ": "
                    + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()), e);
        }
        health.setStatus(HealthStatusManager.SERVICE_NAME_ALL_SERVICES, ServingStatus.SERVING);
        for (String name : serviceNames) {
            health.setStatus(name, ServingStatus.SERVING);
        }
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
        inProcess.shutdown(); // calls of the seed APIs in flight finish theirs; new ones are refused
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
        } finally {
            inProcess.shutdownNow();
            local.close();
        }
    }
}
