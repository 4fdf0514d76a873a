package io.vkv.node.server;

import io.grpc.stub.StreamObserver;
import io.vkv.node.config.NodeConfig;
import io.vkv.node.coordinator.KeyValueStore;
import io.vkv.node.membership.ClusterView;
import io.vkv.node.metrics.DropReason;
import io.vkv.node.metrics.ReplicationStats;
import io.vkv.node.ring.CurrentRing;
import io.vkv.node.ring.TokenRing;
import io.vkv.proto.internal.MemberRecord;
import io.vkv.proto.v1.InfoRequest;
import io.vkv.proto.v1.InfoResponse;
import io.vkv.proto.v1.Member;
import io.vkv.proto.v1.NodeInfoGrpc;
import io.vkv.proto.v1.PartitionReplicas;
import io.vkv.proto.v1.ReplicationCounters;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;

/** The {@code vkv.v1.NodeInfo} service: who this node is, what it holds and how it is configured. */
public final class NodeInfoService extends NodeInfoGrpc.NodeInfoImplBase {

    private final NodeConfig config;
    private final KeyValueStore store;
    private final ClusterView cluster;
    private final ReplicationStats stats;
    private final BooleanSupplier brokerConnected;
    private final CurrentRing ring;
    private final RoutingCounters routing;
    private final StartGate gate;
    private final IntSupplier metricsPort;

    /**
     * Describes {@code store} run under {@code config}, with the members {@code cluster} sees, the {@code ring} they
     * form, replication's counters, what was forwarded and hinted, and the port of its metrics endpoint (0: none); it
     * answers once {@code gate} opens, so a launcher that waits for node info waits until the node serves.
     */
    public NodeInfoService(NodeConfig config, KeyValueStore store, ClusterView cluster, CurrentRing ring, ReplicationStats stats,
                           RoutingCounters routing, BooleanSupplier brokerConnected, IntSupplier metricsPort, StartGate gate) {
        this.metricsPort = metricsPort;
        this.gate = gate;
        this.config = config;
        this.ring = ring;
        this.routing = routing;
        this.store = store;
        this.cluster = cluster;
        this.stats = stats;
        this.brokerConnected = brokerConnected;
    }

    @Override
    public void info(InfoRequest request, StreamObserver<InfoResponse> out) {
        try {
            gate.check();
            String actor = store.actor().toString();
            InfoResponse.Builder info = InfoResponse.newBuilder();
            for (ClusterView.MemberView m : cluster.members()) {
                Member.Builder mb = Member.newBuilder()
                        .setId(m.id())
                        .setActor(m.actor())
                        .setAddress(m.address())
                        .setStatus(m.status())
                        .setLastSeenMillis(m.lastSeenMillis())
                        .setReplicationLagMillis(m.replicationLagMillis())
                        .setJoining(m.role() == MemberRecord.Role.JOINING)
                        .setLeaving(m.role() == MemberRecord.Role.LEAVING);
                if (m.token() != null) {
                    mb.setToken(m.token());
                }
                info.addMembers(mb);
            }
            TokenRing now = ring.snapshot();
            for (int p = 0; p < ring.partitioner().partitions(); p++) {
                info.addRing(PartitionReplicas.newBuilder().addAllNodes(now.replicas(p)));
            }
            out.onNext(info
                    .setNodeId(config.nodeId())
                    .setActor(actor)
                    .setVersion(BuildVersion.current())
                    .setCommit(BuildVersion.commit())
                    .setBuildTime(BuildVersion.buildTime())
                    .setDataDir(config.dataDir().toAbsolutePath().toString())
                    .setKeyCount(store.keyCount())
                    .setCluster(config.clusterName())
                    .setPartitions(config.partitions())
                    .setFsync(config.fsync().toString())
                    .setReplication(counters(stats))
                    .setBrokerConnected(brokerConnected.getAsBoolean())
                    .setReplicas(ring.replicaCount())
                    .setReadQuorum(config.readQuorum())
                    .setWriteQuorum(config.writeQuorum())
                    .setForwarded(routing.forwarded().getAsLong())
                    .setHintedKeys(routing.hintedKeys().getAsLong())
                    .setHandedOff(routing.handedOff().getAsLong())
                    .setMetricsPort(metricsPort.getAsInt())
                    .build());
            out.onCompleted();
        } catch (RuntimeException e) {
            out.onError(ErrorStatus.of("Info", e));
        }
    }

    private static ReplicationCounters counters(ReplicationStats s) {
        ReplicationCounters.Builder b = ReplicationCounters.newBuilder()
                .setReceived(s.received())
                .setApplied(s.applied())
                .setAppliedKeys(s.appliedKeys())
                .setGaps(s.gaps())
                .setPublished(s.published())
                .setPublishedKeys(s.publishedKeys())
                .setPublishedBytes(s.publishedBytes())
                .setReceivedBytes(s.receivedBytes())
                .setPublishFailures(s.publishFailures())
                .setOverflows(s.overflows())
                .setAntiEntropyRounds(s.antiEntropyRounds())
                .setAntiEntropyFailures(s.antiEntropyFailures())
                .setAntiEntropyFetched(s.antiEntropyFetched())
                .setAntiEntropyPushed(s.antiEntropyPushed())
                .setAntiEntropyDeferred(s.antiEntropyDeferred())
                .setAntiEntropyInFlight(s.antiEntropyInFlight());
        for (DropReason r : DropReason.values()) {
            b.putDropped(r.name().toLowerCase(Locale.ROOT), s.dropped(r));
        }
        return b.build();
    }
}
