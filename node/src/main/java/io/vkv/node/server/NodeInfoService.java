package io.vkv.node.server;

import io.grpc.stub.StreamObserver;
import io.vkv.node.config.NodeConfig;
import io.vkv.node.replication.ClusterView;
import io.vkv.node.storage.Store;
import io.vkv.proto.v1.InfoRequest;
import io.vkv.proto.v1.InfoResponse;
import io.vkv.proto.v1.Member;
import io.vkv.proto.v1.NodeInfoGrpc;

/** The {@code vkv.v1.NodeInfo} service: who this node is, what it holds and how it is configured. */
final class NodeInfoService extends NodeInfoGrpc.NodeInfoImplBase {

    private final NodeConfig config;
    private final Store store;
    private final ClusterView cluster;

    /** Describes {@code store} run under {@code config}, with the members {@code cluster} knows (itself first). */
    NodeInfoService(NodeConfig config, Store store, ClusterView cluster) {
        this.config = config;
        this.store = store;
        this.cluster = cluster;
    }

    @Override
    public void info(InfoRequest request, StreamObserver<InfoResponse> out) {
        try {
            String actor = store.actor().toString();
            InfoResponse.Builder info = InfoResponse.newBuilder();
            for (ClusterView.MemberView m : cluster.members()) {
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
                    .setDataDir(config.dataDir().toAbsolutePath().toString())
                    .setKeyCount(store.keyCount())
                    .setCluster(config.clusterName())
                    .setPartitions(config.partitions())
                    .setFsync(config.fsync().toString())
                    .build());
            out.onCompleted();
        } catch (RuntimeException e) {
            out.onError(ErrorStatus.of("Info", e));
        }
    }
}
