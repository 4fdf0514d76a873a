package io.vkv.node.server;

import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.vkv.proto.v1.KeyValueGrpc;
import io.vkv.proto.v1.WatchEvent;
import io.vkv.proto.v1.WatchRequest;
import java.util.BitSet;
import java.util.Map;

/**
 * Extends a watch to the partitions this node does not replicate: it watches a covering set of replicas
 * and passes on their changes to the partitions each covers, so the client sees every change under its
 * prefix once. The remote watches end with the client's; when one ends first, so does the client's watch.
 */
final class RemoteWatches {

    private RemoteWatches() {
    }

    /** Feeds {@code watch} with the changes other replicas see to the partitions this node does not replicate. */
    static void attach(WatchStream watch, Forwarder forwarder, WatchRequest request) {
        for (Map.Entry<String, BitSet> e : forwarder.coveringSet().entrySet()) {
            String nodeId = e.getKey();
            if (nodeId.equals(forwarder.self())) {
                continue; // this node's own feed covers what it replicates
            }
            KeyValueGrpc.KeyValueStub stub = forwarder.stubFor(nodeId);
            if (stub == null) {
                watch.close(Status.UNAVAILABLE.withDescription(nodeId + " went down as the watch started; watch again"));
                return;
            }
            BitSet partitions = e.getValue();
            stub.watch(request, new ClientResponseObserver<WatchRequest, WatchEvent>() {
                @Override
                public void beforeStart(ClientCallStreamObserver<WatchRequest> call) {
                    watch.onEnd(() -> call.cancel("the client's watch ended", null));
                }

                @Override
                public void onNext(WatchEvent event) {
                    if (partitions.get(forwarder.partitionOf(event.getState().getKey().toByteArray()))) {
                        watch.offer(event);
                    }
                }

                @Override
                public void onError(Throwable t) {
                    Status s = Status.fromThrowable(t);
                    if (s.getCode() != Status.Code.CANCELLED) {
                        watch.close(Status.fromCode(s.getCode()).withDescription("the watch of " + nodeId + "'s partitions ended ("
                                + s.getDescription() + "); read the current state and watch again"));
                    }
                }

                @Override
                public void onCompleted() {
                    watch.close(Status.UNAVAILABLE.withDescription("the watch of " + nodeId + "'s partitions ended; watch again"));
                }
            });
        }
    }
}
