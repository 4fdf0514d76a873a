package io.vkv.client;

import io.vkv.placement.KeyPartitioner;
import io.vkv.proto.v1.InfoResponse;
import io.vkv.proto.v1.Member;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The ring as one node described it in its node info: which nodes replicate each partition, in preference
 * order, and where each member listens. Immutable; a client refreshes it by asking again.
 */
public final class RingView {

    /**
     * One member: its id, address, ring token (empty until it has chosen one) and status as the describing node sees it
     * ("joining" while it pulls its partitions and serves none).
     */
    public record Node(String id, String address, Optional<Long> token, String status) {

        /** True when requests may be sent to it: up, or stalled (its batches lag but it serves). */
        public boolean serving() {
            return status.equals("up") || status.equals("stalled");
        }
    }

    private final KeyPartitioner partitioner;
    private final int replicas;
    private final List<List<String>> preference;
    private final Map<String, Node> nodes;

    private RingView(KeyPartitioner partitioner, int replicas, List<List<String>> preference, Map<String, Node> nodes) {
        this.partitioner = partitioner;
        this.replicas = replicas;
        this.preference = preference;
        this.nodes = nodes;
    }

    /** The ring {@code info} describes; empty preference lists when the node did not send its ring (an older node). */
    public static RingView of(InfoResponse info) {
        int q = info.getPartitions() == 0 ? KeyPartitioner.DEFAULT_PARTITIONS : info.getPartitions();
        List<List<String>> lists = new ArrayList<>(q);
        for (int p = 0; p < q; p++) {
            lists.add(p < info.getRingCount() ? List.copyOf(info.getRing(p).getNodesList()) : List.of());
        }
        Map<String, Node> members = new LinkedHashMap<>(); // in the node's order: itself first
        for (Member m : info.getMembersList()) {
            String status = m.getJoining() && m.getStatus().equals("up") ? "joining" : m.getStatus();
            members.put(m.getId(), new Node(m.getId(), m.getAddress(), m.hasToken() ? Optional.of(m.getToken()) : Optional.empty(), status));
        }
        return new RingView(new KeyPartitioner(q), info.getReplicas(), List.copyOf(lists), Collections.unmodifiableMap(members));
    }

    /** Q, the partition count. */
    public int partitions() {
        return partitioner.partitions();
    }

    /** N, the replicas of each partition. */
    public int replicaCount() {
        return replicas;
    }

    /** The partition {@code key} belongs to. */
    public int partitionOf(byte[] key) {
        return partitioner.partitionOf(key);
    }

    /** The nodes that replicate {@code partition}, in preference order. */
    public List<String> replicas(int partition) {
        return preference.get(partition);
    }

    /** The nodes that replicate {@code key}, in preference order: its preference list. */
    public List<String> replicas(byte[] key) {
        return replicas(partitionOf(key));
    }

    /** Every member the describing node knows, itself first. */
    public List<Node> nodes() {
        return List.copyOf(nodes.values());
    }

    /** Member {@code id}, if known. */
    public Optional<Node> node(String id) {
        return Optional.ofNullable(nodes.get(id));
    }

    /** The partitions {@code id} replicates. */
    public List<Integer> partitionsOf(String id) {
        List<Integer> out = new ArrayList<>();
        for (int p = 0; p < preference.size(); p++) {
            if (preference.get(p).contains(id)) {
                out.add(p);
            }
        }
        return out;
    }

    /** The id of the node that described this ring. */
    public String describedBy() {
        return nodes.isEmpty() ? "" : nodes.keySet().iterator().next();
    }

    /**
     * Where a routing client sends a request on {@code key}: empty when the describing node replicates it (or no
     * replica is known to serve), else the address of the first serving replica in preference order.
     */
    public Optional<String> route(byte[] key) {
        List<String> replicas = replicas(key);
        if (replicas.contains(describedBy())) {
            return Optional.empty();
        }
        for (String id : replicas) {
            Node n = nodes.get(id);
            if (n != null && n.serving() && !n.address().isEmpty()) {
                return Optional.of(n.address());
            }
        }
        return Optional.empty();
    }
}
