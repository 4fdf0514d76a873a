package io.vkv.bench;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import io.vkv.placement.KeyPartitioner;
import io.vkv.proto.v1.InfoRequest;
import io.vkv.proto.v1.InfoResponse;
import io.vkv.proto.v1.KeyValueGrpc;
import io.vkv.proto.v1.NodeInfoGrpc;
import io.vkv.proto.v1.PutRequest;
import io.vkv.proto.v1.PutResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Puts of new keys (blind writes, no siblings), many in flight, to one node of a ring: first only keys it replicates, then only keys it forwards,
 * then both again; the puts per second of each, to tell what forwarding costs under load.
 * <pre>
 *   java -cp bench/target/vkv-bench.jar io.vkv.bench.ForwardingThroughput HOST:PORT NODE_ID [SECONDS] [IN_FLIGHT]
 * </pre>
 */
public final class ForwardingThroughput {

    private ForwardingThroughput() {
    }

    public static void main(String[] args) throws InterruptedException {
        String address = args[0];
        String nodeId = args[1];
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 15;
        int inFlight = args.length > 3 ? Integer.parseInt(args[3]) : 64;
        ManagedChannel channel = NettyChannelBuilder.forTarget(address).usePlaintext().build();
        try {
            InfoResponse info = NodeInfoGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS).info(InfoRequest.getDefaultInstance());
            KeyPartitioner partitioner = new KeyPartitioner(info.getPartitions());
            KeyValueGrpc.KeyValueStub stub = KeyValueGrpc.newStub(channel);
            AtomicLong next = new AtomicLong();
            for (String phase : List.of("warm-up (both)", "written there", "forwarded", "written there", "forwarded")) {
                Boolean wantLocal = phase.startsWith("written") ? Boolean.TRUE : phase.startsWith("forwarded") ? Boolean.FALSE : null;
                KeySource keys = () -> {
                    while (true) {
                        byte[] key = ("throughput-" + next.getAndIncrement()).getBytes(StandardCharsets.UTF_8);
                        boolean local = info.getRing(partitioner.partitionOf(key)).getNodesList().contains(nodeId);
                        if (wantLocal == null || wantLocal == local) {
                            return ByteString.copyFrom(key);
                        }
                    }
                };
                System.out.printf("%-16s %8.0f puts/s (%d in flight)%n", phase, run(stub, keys, seconds, inFlight), inFlight);
            }
        } finally {
            channel.shutdownNow();
        }
    }

    /** Hands out keys never written before. */
    private interface KeySource {
        ByteString next();
    }

    private static double run(KeyValueGrpc.KeyValueStub stub, KeySource keys, int seconds, int inFlight) throws InterruptedException {
        Semaphore permits = new Semaphore(inFlight);
        AtomicLong done = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        ByteString value = ByteString.copyFrom(new byte[100]);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        long start = System.nanoTime();
        while (System.nanoTime() < end) {
            permits.acquire();
            stub.withDeadlineAfter(10, TimeUnit.SECONDS).put(PutRequest.newBuilder().setKey(keys.next()).setValue(value).build(),
                    new StreamObserver<>() {
                        @Override
                        public void onNext(PutResponse r) {
                        }

                        @Override
                        public void onError(Throwable t) {
                            failed.incrementAndGet();
                            permits.release();
                        }

                        @Override
                        public void onCompleted() {
                            done.incrementAndGet();
                            permits.release();
                        }
                    });
        }
        permits.acquire(inFlight);
        if (failed.get() > 0) {
            System.out.println(failed.get() + " puts failed");
        }
        return done.get() * 1e9 / (System.nanoTime() - start);
    }
}
