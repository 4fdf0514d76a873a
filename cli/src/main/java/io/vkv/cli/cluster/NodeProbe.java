package io.vkv.cli.cluster;

import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.vkv.client.Credentials;
import io.vkv.client.HostPort;
import io.vkv.proto.v1.AdminGrpc;
import io.vkv.proto.v1.InfoRequest;
import io.vkv.proto.v1.InfoResponse;
import io.vkv.proto.v1.LeaveRequest;
import io.vkv.proto.v1.NodeInfoGrpc;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Asks a node who it is (the {@code vkv.v1.NodeInfo} service): its id, key count and the members it sees; and to leave. */
public final class NodeProbe {

    private NodeProbe() {
    }

    /** The node's answer, or empty when nothing at {@code address} answers within {@code timeout}. */
    public static Optional<InfoResponse> info(HostPort address, Duration timeout, Credentials credentials) {
        try {
            return Optional.of(ask(address, timeout, credentials));
        } catch (StatusRuntimeException e) {
            return Optional.empty();
        }
    }

    /** The node's answer; throws the call's failure (UNAVAILABLE, DEADLINE_EXCEEDED, ...) as a StatusRuntimeException. */
    public static InfoResponse ask(HostPort address, Duration timeout, Credentials credentials) {
        ManagedChannel channel = credentials.channelBuilder(address.host(), address.port()).build();
        try {
            return NodeInfoGrpc.newBlockingStub(channel).withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    .info(InfoRequest.getDefaultInstance());
        } finally {
            channel.shutdownNow();
        }
    }

    public static Optional<InfoResponse> info(String address, Duration timeout, Credentials credentials) {
        return info(HostPort.parse(address), timeout, credentials);
    }

    /**
     * Asks the node at {@code address} to leave the ring ({@code vkv.v1.Admin/Leave}); returns how many partitions it
     * hands off. Throws the node's refusal (FAILED_PRECONDITION) or UNAVAILABLE as a StatusRuntimeException.
     */
    public static int leave(String address, Duration timeout, Credentials credentials) {
        HostPort hp = HostPort.parse(address);
        ManagedChannel channel = credentials.channelBuilder(hp.host(), hp.port()).build();
        try {
            return AdminGrpc.newBlockingStub(channel).withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    .leave(LeaveRequest.getDefaultInstance()).getPartitions();
        } finally {
            channel.shutdownNow();
        }
    }
}
