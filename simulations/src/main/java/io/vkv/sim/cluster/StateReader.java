package io.vkv.sim.cluster;

import com.google.protobuf.ByteString;
import io.grpc.Metadata;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import io.vkv.client.RingView;
import io.vkv.placement.ForwardingHeaders;
import io.vkv.proto.v1.GetRequest;
import io.vkv.proto.v1.HistoryRequest;
import io.vkv.proto.v1.InfoRequest;
import io.vkv.proto.v1.KeyValueGrpc;
import io.vkv.sim.check.ClusterState;
import io.vkv.sim.check.KeyView;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Reads every key of the workload from each node that replicates it, by the ring the nodes describe, each from that
 * node's own store (the read is marked as forwarded, so the node answers from its replica and never forwards), with its
 * history: the state the checker judges, one view per replica of each key.
 */
public final class StateReader {

    private static final Duration DEADLINE = Duration.ofSeconds(2);
    private static final Metadata LOCAL = new Metadata();

    static {
        LOCAL.put(Metadata.Key.of(ForwardingHeaders.FORWARDED_BY, Metadata.ASCII_STRING_MARSHALLER), "simulation-checker");
    }

    private final NodeChannels channels;
    private final List<String> keys;

    public StateReader(NodeChannels channels, List<String> keys) {
        this.channels = channels;
        this.keys = List.copyOf(keys);
    }

    /** One read of every key on each of its replicas; a node that fails any read is listed as unreachable with the reason. */
    public ClusterState read() {
        return read(channels.nodeIds());
    }

    /** The same, from {@code nodes} only. */
    public ClusterState read(List<String> nodes) {
        Optional<RingView> ring = ring(nodes);
        SortedMap<String, SortedMap<String, KeyView>> states = new TreeMap<>();
        SortedMap<String, String> unreachable = new TreeMap<>();
        for (String node : nodes) {
            SortedMap<String, KeyView> views = new TreeMap<>();
            try {
                KeyValueGrpc.KeyValueBlockingStub kv = channels.kv(node, DEADLINE).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(LOCAL));
                for (String key : keys) {
                    byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
                    if (ring.isEmpty() || ring.get().replicas(bytes).contains(node)) {
                        ByteString k = ByteString.copyFrom(bytes);
                        views.put(key, ApiViews.keyView(kv.get(GetRequest.newBuilder().setKey(k).build()),
                                kv.history(HistoryRequest.newBuilder().setKey(k).build())));
                    }
                }
                states.put(node, views);
            } catch (StatusRuntimeException e) {
                unreachable.put(node, e.getStatus().getCode() + (e.getStatus().getDescription() == null ? "" : ": " + e.getStatus().getDescription()));
            }
        }
        return new ClusterState(states, unreachable);
    }

    /** The ring as the first of {@code nodes} that answers describes it; empty when none does (each node then reads every key). */
    private Optional<RingView> ring(List<String> nodes) {
        for (String node : nodes) {
            try {
                return Optional.of(RingView.of(channels.info(node, DEADLINE).info(InfoRequest.getDefaultInstance())));
            } catch (StatusRuntimeException e) {
                // ask the next
            }
        }
        return Optional.empty();
    }
}
