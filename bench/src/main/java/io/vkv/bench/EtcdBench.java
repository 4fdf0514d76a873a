package io.vkv.bench;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import io.vkv.bench.etcd.KVGrpc;
import io.vkv.bench.etcd.PutRequest;
import io.vkv.bench.etcd.PutResponse;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.ConcurrentHistogram;

/**
 * A fresh 3-member etcd cluster (Debian's {@code etcd-server}, each member with its own data directory and
 * fsync as etcd always does) loaded with puts over etcd's gRPC API the way {@code vkv bench} loads vkv: a
 * fixed number of calls in flight, uniformly chosen keys, values of the same size. Puts go to the first
 * member, which forwards them to the leader; each is acknowledged once a Raft quorum holds it durably.
 */
final class EtcdBench {

    private static final Path ETCD = Path.of("/usr/bin/etcd");

    private EtcdBench() {
    }

    /** Figures as {@code vkv bench --json} names them, and the CPU microseconds per put of the three members. */
    static Map<String, Double> run(int warmupSeconds, int seconds, int inFlight, int valueSize, int keys) throws Exception {
        if (!Files.isExecutable(ETCD)) {
            throw new IllegalStateException(ETCD + " is missing: apt-get install etcd-server");
        }
        Path dir = Files.createTempDirectory("vkv-bench-etcd");
        int[] client = {freePort(), freePort(), freePort()};
        int[] peer = {freePort(), freePort(), freePort()};
        List<String> initial = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            initial.add("e" + i + "=http://127.0.0.1:" + peer[i]);
        }
        List<Process> members = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                ProcessBuilder pb = new ProcessBuilder(ETCD.toString(), "--name", "e" + i, "--data-dir", dir.resolve("e" + i).toString(),
                        "--listen-client-urls", "http://127.0.0.1:" + client[i], "--advertise-client-urls", "http://127.0.0.1:" + client[i],
                        "--listen-peer-urls", "http://127.0.0.1:" + peer[i], "--initial-advertise-peer-urls", "http://127.0.0.1:" + peer[i],
                        "--initial-cluster", String.join(",", initial), "--initial-cluster-state", "new",
                        "--initial-cluster-token", "vkv-bench", "--log-level", "warn")
                        .redirectErrorStream(true).redirectOutput(dir.resolve("e" + i + ".log").toFile());
                members.add(pb.start());
            }
            ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", client[0]).usePlaintext().build();
            try {
                KVGrpc.KVStub kv = KVGrpc.newStub(channel);
                awaitServing(kv);
                load(kv, Duration.ofSeconds(warmupSeconds), inFlight, valueSize, keys);
                double cpuBefore = cpuSeconds(members);
                Map<String, Double> figures = load(kv, Duration.ofSeconds(seconds), inFlight, valueSize, keys);
                figures.put("cpu_us_per_put", (cpuSeconds(members) - cpuBefore) * 1e6 / figures.get("ops"));
                return figures;
            } finally {
                channel.shutdownNow();
            }
        } finally {
            for (Process p : members) {
                p.destroy();
                p.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private static void awaitServing(KVGrpc.KVStub kv) throws InterruptedException {
        for (int i = 0; i < 300; i++) {
            try {
                KVGrpc.newBlockingStub(kv.getChannel()).withDeadlineAfter(2, TimeUnit.SECONDS)
                        .put(PutRequest.newBuilder().setKey(ByteString.copyFromUtf8("probe")).build());
                return;
            } catch (RuntimeException notYet) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("etcd did not take a put within 30 s");
    }

    /** Puts for {@code duration} with {@code inFlight} calls outstanding; ops, rate and latency percentiles. */
    private static Map<String, Double> load(KVGrpc.KVStub kv, Duration duration, int inFlight, int valueSize, int keys)
            throws InterruptedException {
        ConcurrentHistogram micros = new ConcurrentHistogram(TimeUnit.SECONDS.toMicros(60), 3);
        AtomicLong errors = new AtomicLong();
        Semaphore permits = new Semaphore(inFlight);
        SplittableRandom random = new SplittableRandom(1);
        ByteString value = ByteString.copyFrom(new byte[valueSize]);
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        while (System.nanoTime() < end) {
            permits.acquire();
            long sent = System.nanoTime();
            PutRequest req = PutRequest.newBuilder().setKey(ByteString.copyFromUtf8("bench-" + random.nextInt(keys))).setValue(value).build();
            kv.put(req, new StreamObserver<>() {
                @Override
                public void onNext(PutResponse r) {
                    micros.recordValue(Math.min((System.nanoTime() - sent) / 1000, micros.getHighestTrackableValue()));
                }

                @Override
                public void onError(Throwable t) {
                    errors.incrementAndGet();
                    permits.release();
                }

                @Override
                public void onCompleted() {
                    permits.release();
                }
            });
        }
        permits.acquire(inFlight);
        double elapsed = (System.nanoTime() - start) / 1e9;
        if (errors.get() > 0) {
            throw new IllegalStateException(errors.get() + " etcd puts failed");
        }
        Map<String, Double> figures = new LinkedHashMap<>();
        figures.put("ops", (double) micros.getTotalCount());
        figures.put("ops_per_sec", micros.getTotalCount() / elapsed);
        figures.put("p50_ms", micros.getValueAtPercentile(50) / 1000.0);
        figures.put("p99_ms", micros.getValueAtPercentile(99) / 1000.0);
        return figures;
    }

    private static double cpuSeconds(List<Process> processes) {
        double s = 0;
        for (Process p : processes) {
            s += p.toHandle().info().totalCpuDuration().orElse(Duration.ZERO).toNanos() / 1e9;
        }
        return s;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
