package io.vkv.node.server;

import io.grpc.ManagedChannel;
import io.grpc.inprocess.InProcessChannelBuilder;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * An in-process channel to this node's own services: the seed systems' APIs call vkv.v1 through it, so their
 * requests are routed, forwarded and answered at the configured quorums exactly as a client's are. The
 * {@link VkvServer} given it serves its in-process side and closes it.
 */
public final class LocalCalls implements AutoCloseable {

    private final String name;
    private final ManagedChannel channel;

    /** In-process calls to the services of node {@code nodeId} (the name is unique in this JVM). */
    public LocalCalls(String nodeId) {
        this.name = "vkv-" + nodeId + "-" + UUID.randomUUID();
        this.channel = InProcessChannelBuilder.forName(name).directExecutor().build();
    }

    /** The channel to call the node's services with. */
    public ManagedChannel channel() {
        return channel;
    }

    String name() {
        return name;
    }

    @Override
    public void close() {
        channel.shutdownNow();
        try {
            channel.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
