package io.vkv.bench;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.vkv.placement.KeyPartitioner;
import io.vkv.proto.v1.InfoRequest;
import io.vkv.proto.v1.InfoResponse;
import io.vkv.proto.v1.KeyValueGrpc;
import io.vkv.proto.v1.NodeInfoGrpc;
import io.vkv.proto.v1.PutRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One put at a time to one node of a ring, each timed and filed by whether that node replicates the key (it
 * writes) or not (it forwards to a replica): the cost of a forwarding hop, p50 and p99 of each.
 */
final class ForwardingLatency {

    private static final int WARMUP = 2000;

    private ForwardingLatency() {
    }

    /** Times {@code puts} puts to {@code nodeId} at {@code address}; a line with both figures. */
    static String measure(String address, String nodeId, int puts) {
        ManagedChannel channel = NettyChannelBuilder.forTarget(address).usePlaintext().build();
        try {
            InfoResponse info = NodeInfoGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS).info(InfoRequest.getDefaultInstance());
            KeyPartitioner partitioner = new KeyPartitioner(info.getPartitions());
            KeyValueGrpc.KeyValueBlockingStub kv = KeyValueGrpc.newBlockingStub(channel);
            List<Long> local = new ArrayList<>();
            List<Long> forwarded = new ArrayList<>();
            for (int i = 0; i < WARMUP + puts; i++) {
                byte[] key = ("forwarding-" + i).getBytes(StandardCharsets.UTF_8);
                boolean replica = info.getRing(partitioner.partitionOf(key)).getNodesList().contains(nodeId);
                long start = System.nanoTime();
                kv.withDeadlineAfter(10, TimeUnit.SECONDS).put(PutRequest.newBuilder().setKey(ByteString.copyFrom(key))
                        .setValue(ByteString.copyFromUtf8("v")).build());
                long took = System.nanoTime() - start;
                if (i >= WARMUP) {
                    (replica ? local : forwarded).add(took);
                }
            }
            return String.format("one put at a time to %s: written there (%d puts) p50 %.2f ms, p99 %.2f ms; forwarded (%d puts) p50 %.2f ms, p99 %.2f ms",
                    nodeId, local.size(), percentile(local, 0.50), percentile(local, 0.99),
                    forwarded.size(), percentile(forwarded, 0.50), percentile(forwarded, 0.99));
        } finally {
            channel.shutdownNow();
        }
    }

    private static double percentile(List<Long> nanos, double q) {
        if (nanos.isEmpty()) {
            return Double.NaN;
        }
        List<Long> sorted = new ArrayList<>(nanos);
        sorted.sort(null);
        return sorted.get((int) Math.min(sorted.size() - 1, Math.floor(q * sorted.size()))) / 1e6;
    }
}
