package io.vkv.bench;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.nio.NioEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioSocketChannel;
import io.grpc.netty.shaded.io.netty.util.concurrent.DefaultThreadFactory;
import io.grpc.stub.StreamObserver;
import io.vkv.node.app.VkvNode;
import io.vkv.node.config.ConfigKey;
import io.vkv.node.config.NodeConfig;
import io.vkv.node.config.NodeConfigLoader;
import io.vkv.node.replication.Replication;
import io.vkv.node.testing.MosquittoBroker;
import io.vkv.proto.v1.KeyValueGrpc;
import io.vkv.proto.v1.PutRequest;
import io.vkv.proto.v1.PutResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;

/**
 * What replication costs a node serving puts over gRPC, the way clients use it: CPU time per put of
 * the node's threads, its gRPC server's included. A lone node takes the load in turns with a node
 * shipping every write to Mosquitto with no peer, round after round, so that this machine's
 * drifting speed hits both alike; each round's pair gives a cost, and the median is reported. Then
 * the same with node 1 of a three-node cluster. The load comes from this process over loopback, on
 * threads that are not counted. Usage: {@code NodePutBench [--seconds 4] [--rounds 5]
 * [--inflight 128] [--cluster true] [--per-thread true]}.
 */
public final class NodePutBench {

    // The gRPC servers' event loops are shared by every server of a process and named by gRPC, not
    // by node: only the node under load uses them during its turn.
    private static final Predicate<String> SERVER_THREADS = name -> name.matches("grpc-(default|nio)-worker-ELG-.*")
            || name.startsWith("grpc-default-boss-ELG");
    // A node's threads that run only because it replicates; its listener's enqueue on the log writer is not among them.
    private static final Predicate<String> REPLICATION_THREADS = name -> name.startsWith("MQTT ")
            || name.startsWith("vkv-replication-") || name.startsWith("vkv-membership-") || name.startsWith("vkv-mqtt-")
            || name.startsWith("vkv-anti-entropy-") || name.startsWith("vkv-dig");
    private static final String SECRET = "node-put-bench-secret-0123456789";

    private int seconds = 4;
    private int rounds = 5;
    private int inflight = 128;
    private boolean cluster = true;
    private boolean perThread;
    private Path work;
    private MosquittoBroker broker;
    private NioEventLoopGroup clientLoop;
    private long keys; // puts issued so far: every put writes a new key

    /**
     * One turn's figures: puts/s and µs of CPU per put of the node, of those of its threads that exist
     * only to replicate (the share drift and contention cannot skew: both sides come from one turn),
     * of the client and of the broker.
     */
    private record Turn(double perSecond, double nodeCpu, double replicationCpu, double clientCpu, double brokerCpu) {
    }

    public static void main(String[] args) throws Exception {
        NodePutBench b = new NodePutBench();
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--seconds" -> b.seconds = Integer.parseInt(args[i + 1]);
                case "--rounds" -> b.rounds = Integer.parseInt(args[i + 1]);
                case "--inflight" -> b.inflight = Integer.parseInt(args[i + 1]);
                case "--cluster" -> b.cluster = Boolean.parseBoolean(args[i + 1]);
                case "--per-thread" -> b.perThread = Boolean.parseBoolean(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        b.work = Files.createTempDirectory("vkv-node-put-bench");
        b.run();
        System.exit(0); // Paho and gRPC leave non-daemon threads behind
    }

    private void run() throws Exception {
        System.out.printf("vkv node put bench: gRPC puts of new keys, 100-byte values, %d in flight, %d rounds of %d s, fsync always, %d cores%n",
                inflight, rounds, seconds, Runtime.getRuntime().availableProcessors());
        clientLoop = new NioEventLoopGroup(1, new DefaultThreadFactory("bench-client", true));
        try (MosquittoBroker b = MosquittoBroker.start(work.resolve("broker"));
             VkvNode lone = new VkvNode(config("alone", false)).start()) {
            broker = b;
            for (int w = 0; w < 2; w++) { // warm-up: a cold JIT would inflate the first figures
                measure(lone, "alone", false);
            }
            try (VkvNode shipping = new VkvNode(config("ship", true)).start()) {
                inTurns("ship", lone, List.of(shipping));
            }
            if (cluster) {
                List<VkvNode> nodes = new ArrayList<>();
                try {
                    for (int i = 1; i <= 3; i++) {
                        nodes.add(new VkvNode(config("n" + i, true)).start());
                    }
                    inTurns("cluster", lone, nodes);
                } finally {
                    for (VkvNode n : nodes) {
                        n.close();
                    }
                }
            }
        } finally {
            clientLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }

    /**
     * Rounds of a turn of the lone node then a turn of the first of {@code nodes} (replicating to
     * the others, if any); prints each turn, then the medians and the cost, taken round by round.
     */
    private void inTurns(String what, VkvNode lone, List<VkvNode> nodes) throws InterruptedException {
        VkvNode loaded = nodes.get(0);
        String id = loaded.config().nodeId();
        ReplicationBench.awaitSteady(nodes.stream().map(VkvNode::replication).toList());
        measure(loaded, id, false); // warm-up
        awaitShipped(loaded.replication());
        List<Turn> alone = new ArrayList<>();
        List<Turn> replicating = new ArrayList<>();
        for (int r = 1; r <= rounds; r++) {
            alone.add(print("alone", r, measure(lone, "alone", perThread)));
            replicating.add(print(what, r, measure(loaded, id, perThread)));
            awaitShipped(loaded.replication());
        }
        for (VkvNode n : nodes) {
            System.out.println("  " + n.config().nodeId() + " " + n.replication().stats());
        }
        double[] cost = new double[rounds];
        double[] scaled = new double[rounds];
        double[] share = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            Turn a = alone.get(r);
            Turn x = replicating.get(r);
            cost[r] = 100 * (1 - a.nodeCpu() / x.nodeCpu());
            // The client does the same work per put in both turns: its CPU per put tells how fast the machine ran.
            scaled[r] = 100 * (1 - (a.nodeCpu() / a.clientCpu()) / (x.nodeCpu() / x.clientCpu()));
            share[r] = 100 * x.replicationCpu() / x.nodeCpu();
        }
        System.out.printf("%s: median of %d rounds: %,.0f puts/s alone, %,.0f replicating; µs CPU per put %.2f alone, %.2f replicating, "
                        + "of which replication threads %.2f (%.1f%%, %.1f..%.1f); replication costs %.1f%% of throughput (%.1f..%.1f), "
                        + "%.1f%% with each turn scaled by the client's CPU per put (%.1f..%.1f); client %.2f / %.2f, broker %.2f%n",
                what, rounds, median(alone, Turn::perSecond), median(replicating, Turn::perSecond),
                median(alone, Turn::nodeCpu), median(replicating, Turn::nodeCpu), median(replicating, Turn::replicationCpu),
                median(share), min(share), max(share), median(cost), min(cost), max(cost), median(scaled), min(scaled), max(scaled),
                median(alone, Turn::clientCpu), median(replicating, Turn::clientCpu), median(replicating, Turn::brokerCpu));
    }

    /** One turn of load on {@code node}, whose threads carry {@code nodeId}; prints them one by one when {@code threads}. */
    private Turn measure(VkvNode node, String nodeId, boolean threads) throws InterruptedException {
        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", node.port())
                .usePlaintext()
                .eventLoopGroup(clientLoop)
                .channelType(NioSocketChannel.class)
                .directExecutor()
                .build();
        try {
            KeyValueGrpc.KeyValueStub stub = KeyValueGrpc.newStub(channel);
            Predicate<String> nodeThreads = ThreadCpu.ofNode(nodeId).or(SERVER_THREADS);
            ThreadCpu cpu = ThreadCpu.start();
            long brokerBefore = broker.cpuNanos();
            long started = System.nanoTime();
            long puts = load(stub);
            double perSecond = puts / ((System.nanoTime() - started) / 1e9);
            Turn t = new Turn(perSecond, cpu.nanos(nodeThreads) / 1000.0 / puts,
                    cpu.nanos(ThreadCpu.ofNode(nodeId).and(REPLICATION_THREADS)) / 1000.0 / puts,
                    cpu.nanos(name -> name.startsWith("bench-client") || name.equals("main")) / 1000.0 / puts,
                    (broker.cpuNanos() - brokerBefore) / 1000.0 / puts);
            if (threads) {
                cpu.print(nodeThreads, puts);
            }
            return t;
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private static Turn print(String what, int round, Turn t) {
        String share = t.replicationCpu() == 0 ? "" : String.format(" (replication threads %.2f, %.1f%%)", t.replicationCpu(),
                100 * t.replicationCpu() / t.nodeCpu());
        System.out.printf("%-8s round %d: %,8.0f puts/s; µs CPU per put: node %.2f%s, client %.2f, broker %.2f%n",
                what, round, t.perSecond(), t.nodeCpu(), share, t.clientCpu(), t.brokerCpu());
        return t;
    }

    private static double median(List<Turn> turns, ToDoubleFunction<Turn> field) {
        return median(turns.stream().mapToDouble(field).toArray());
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static double min(double[] v) {
        return Arrays.stream(v).min().orElse(0);
    }

    private static double max(double[] v) {
        return Arrays.stream(v).max().orElse(0);
    }

    private NodeConfig config(String nodeId, boolean replicate) {
        Map<String, String> flags = new HashMap<>();
        flags.put(ConfigKey.NODE_ID.key(), nodeId);
        flags.put(ConfigKey.NODE_PORT.key(), "0");
        flags.put(ConfigKey.DATA_DIR.key(), work.resolve(nodeId).toString());
        flags.put(ConfigKey.CLUSTER_NAME.key(), nodeId.startsWith("n") ? "bench" : "bench-" + nodeId);
        flags.put(ConfigKey.CLUSTER_SECRET.key(), SECRET);
        if (replicate) {
            flags.put(ConfigKey.BROKER_URL.key(), broker.url());
        }
        return NodeConfigLoader.load(Map.of(), Map.of(), flags);
    }

    /** Blind puts of new keys, {@code inflight} outstanding, for the configured time; returns how many succeeded. */
    private long load(KeyValueGrpc.KeyValueStub stub) throws InterruptedException {
        Semaphore window = new Semaphore(inflight);
        AtomicLong ok = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        ByteString value = ByteString.copyFrom(new byte[100]);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < end) {
            window.acquire();
            PutRequest request = PutRequest.newBuilder()
                    .setKey(ByteString.copyFrom("key-" + keys++, StandardCharsets.UTF_8))
                    .setValue(value)
                    .build();
            stub.put(request, new StreamObserver<>() {
                @Override
                public void onNext(PutResponse r) {
                    ok.incrementAndGet();
                }

                @Override
                public void onError(Throwable t) {
                    failed.incrementAndGet();
                    window.release();
                }

                @Override
                public void onCompleted() {
                    window.release();
                }
            });
        }
        window.acquire(inflight);
        if (failed.get() > 0) {
            throw new IllegalStateException(failed.get() + " puts failed");
        }
        return ok.get();
    }

    /** Waits until node 1 has published every change it accepted, so the next phase starts quiet. */
    private static void awaitShipped(Replication replication) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        long before = -1;
        while (replication.stats().publishedKeys() != before && System.nanoTime() < deadline) {
            before = replication.stats().publishedKeys();
            Thread.sleep(200);
        }
    }
}
