package io.vkv.node.server;

import io.grpc.stub.StreamObserver;
import io.vkv.node.config.NodeConfig;
import io.vkv.node.storage.Store;
import io.vkv.proto.v1.InfoRequest;
import io.vkv.proto.v1.InfoResponse;
import io.vkv.proto.v1.Member;
import io.vkv.proto.v1.NodeInfoGrpc;
import java.util.function.Supplier;

/** The {@code vkv.v1.NodeInfo} service: who this node is, what it holds and how it is configured. */
final class NodeInfoService extends NodeInfoGrpc.NodeInfoImplBase {

    private final NodeConfig config;
    private final Store store;
    private final Supplier<String> address;

    /** Describes {@code store} run under {@code config}, reachable at {@code address} (known once listening). */
    NodeInfoService(NodeConfig config, Store store, Supplier<String> address) {
        this.config = config;
        this.store = store;
        this.address = address;
    }

    @Override
    public void info(InfoRequest request, StreamObserver<InfoResponse> out) {
        try {
            String actor = store.actor().toString();
            // Membership comes with replication; until then the node is its own whole cluster.
            Member self = Member.newBuilder()
                    .setId(config.nodeId())
                    .setActor(actor)
                    .setAddress(address.get())
                    .setStatus("up")
                    .setLastSeenMillis(System.currentTimeMillis())
                    .build();
            out.onNext(InfoResponse.newBuilder()
                    .setNodeId(config.nodeId())
                    .setActor(actor)
                    .setVersion(BuildVersion.current())
                    .setDataDir(config.dataDir().toAbsolutePath().toString())
                    .setKeyCount(store.keyCount())
                    .setCluster(config.clusterName())
                    .setPartitions(config.partitions())
                    .setFsync(config.fsync().toString())
                    .addMembers(self)
                    .build());
            out.onCompleted();
        } catch (RuntimeException e) {
            out.onError(ErrorStatus.of("Info", e));
        }
    }
}
