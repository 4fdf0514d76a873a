package io.vkv.sim.cluster;

import com.google.protobuf.ByteString;
import io.grpc.StatusRuntimeException;
import io.vkv.proto.v1.GetRequest;
import io.vkv.sim.check.ClusterState;
import io.vkv.sim.check.KeyView;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/** Reads every key of the workload from every node through the public API: the state the checker judges. */
public final class StateReader {

    private static final Duration DEADLINE = Duration.ofSeconds(2);

    private final NodeChannels channels;
    private final List<String> keys;

    public StateReader(NodeChannels channels, List<String> keys) {
        this.channels = channels;
        this.keys = List.copyOf(keys);
    }

    /** One read of every key on every node; a node that fails any read is listed as unreachable with the reason. */
    public ClusterState read() {
        return read(channels.nodeIds());
    }

    /** The same, from {@code nodes} only. */
    public ClusterState read(List<String> nodes) {
        SortedMap<String, SortedMap<String, KeyView>> states = new TreeMap<>();
        SortedMap<String, String> unreachable = new TreeMap<>();
        for (String node : nodes) {
            SortedMap<String, KeyView> views = new TreeMap<>();
            try {
                for (String key : keys) {
                    GetRequest req = GetRequest.newBuilder().setKey(ByteString.copyFrom(key, StandardCharsets.UTF_8)).build();
                    views.put(key, ApiViews.keyView(channels.kv(node, DEADLINE).get(req)));
                }
                states.put(node, views);
            } catch (StatusRuntimeException e) {
                unreachable.put(node, e.getStatus().getCode() + (e.getStatus().getDescription() == null ? "" : ": " + e.getStatus().getDescription()));
            }
        }
        return new ClusterState(states, unreachable);
    }
}
