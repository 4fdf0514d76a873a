package io.vkv.node.server;

import io.grpc.stub.StreamObserver;
import io.vkv.node.config.NodeConfig;
import io.vkv.node.replication.ClusterView;
import io.vkv.node.replication.DropReason;
import io.vkv.node.replication.Replication;
import io.vkv.node.replication.ReplicationStats;
import io.vkv.node.storage.Store;
import io.vkv.proto.v1.InfoRequest;
import io.vkv.proto.v1.InfoResponse;
import io.vkv.proto.v1.Member;
import io.vkv.proto.v1.NodeInfoGrpc;
import io.vkv.proto.v1.ReplicationCounters;
import java.util.Locale;

/** The {@code vkv.v1.NodeInfo} service: who this node is, what it holds and how it is configured. */
final class NodeInfoService extends NodeInfoGrpc.NodeInfoImplBase {

    private final NodeConfig config;
    private final Store store;
    private final Replication replication;

    /** Describes {@code store} run under {@code config}, with the members and counters of its {@code replication}. */
    NodeInfoService(NodeConfig config, Store store, Replication replication) {
        this.config = config;
        this.store = store;
        this.replication = replication;
    }

    @Override
    public void info(InfoRequest request, StreamObserver<InfoResponse> out) {
        try {
            String actor = store.actor().toString();
            InfoResponse.Builder info = InfoResponse.newBuilder();
            for (ClusterView.MemberView m : replication.clusterView().members()) {
                info.addMembers(Member.newBuilder()
                        .setId(m.id())
                        .setActor(m.actor())
                        .setAddress(m.address())
                        .setStatus(m.status())
                        .setLastSeenMillis(m.lastSeenMillis())
                        .setReplicationLagMillis(m.replicationLagMillis()));
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
                    .setReplication(counters(replication.stats()))
                    .setBrokerConnected(replication.brokerConnected())
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
                .setPublishFailures(s.publishFailures())
                .setOverflows(s.overflows())
                .setAntiEntropyRounds(s.antiEntropyRounds())
                .setAntiEntropyFailures(s.antiEntropyFailures())
                .setAntiEntropyFetched(s.antiEntropyFetched())
                .setAntiEntropyPushed(s.antiEntropyPushed());
        for (DropReason r : DropReason.values()) {
            b.putDropped(r.name().toLowerCase(Locale.ROOT), s.dropped(r));
        }
        return b.build();
    }
}
