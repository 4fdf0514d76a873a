package io.vkv.bench;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.nio.NioEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioSocketChannel;
import io.grpc.netty.shaded.io.netty.util.concurrent.DefaultThreadFactory;
import io.grpc.stub.StreamObserver;
import io.vkv.node.config.ConfigKey;
import io.vkv.node.config.NodeConfig;
import io.vkv.node.config.NodeConfigLoader;
import io.vkv.node.replication.Replication;
import io.vkv.node.server.VkvNode;
import io.vkv.node.testing.MosquittoBroker;
import io.vkv.proto.v1.KeyValueGrpc;
import io.vkv.proto.v1.PutRequest;
import io.vkv.proto.v1.PutResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
 * the node's threads, its gRPC server's included. Two nodes run side by side, one alone and one
 * shipping every write to Mosquitto with no peer; they take the load in turns, round after round,
 * so that this machine's drifting speed hits both alike, and the medians are compared. Then node 1
 * of a three-node cluster takes the same load. The load comes from this process over loopback, on
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
        try (MosquittoBroker b = MosquittoBroker.start(work.resolve("broker"))) {
            broker = b;
            List<Turn> alone = new ArrayList<>();
            List<Turn> ship = new ArrayList<>();
            try (VkvNode lone = new VkvNode(config("alone", false)).start();
                 VkvNode shipping = new VkvNode(config("ship", true)).start()) {
                ReplicationBench.awaitSteady(List.of(shipping.replication()));
                for (int w = 0; w < 2; w++) { // warm-up: a cold JIT would inflate the first figures
                    measure(lone, "alone", false);
                    measure(shipping, "ship", false);
                }
                for (int r = 1; r <= rounds; r++) {
                    alone.add(print("alone", r, measure(lone, "alone", perThread)));
                    ship.add(print("ship", r, measure(shipping, "ship", perThread)));
                    awaitShipped(shipping.replication());
                }
                System.out.println("  ship " + shipping.replication().stats());
            }
            Turn base = median(alone);
            summarize("alone", base, null);
            summarize("ship", median(ship), base);
            if (cluster) {
                summarize("cluster", clusterTurns(), base);
            }
        } finally {
            clientLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }

    /** Node 1 of three replicating through the broker: the median of its turns. */
    private Turn clusterTurns() throws Exception {
        List<VkvNode> nodes = new ArrayList<>();
        try {
            for (int i = 1; i <= 3; i++) {
                nodes.add(new VkvNode(config("n" + i, true)).start());
            }
            ReplicationBench.awaitSteady(nodes.stream().map(VkvNode::replication).toList());
            measure(nodes.get(0), "n1", false);
            List<Turn> turns = new ArrayList<>();
            for (int r = 1; r <= rounds; r++) {
                turns.add(print("cluster", r, measure(nodes.get(0), "n1", perThread)));
                awaitShipped(nodes.get(0).replication());
            }
            System.out.println("  n1 " + nodes.get(0).replication().stats());
            System.out.println("  n2 " + nodes.get(1).replication().stats());
            return median(turns);
        } finally {
            for (VkvNode n : nodes) {
                n.close();
            }
        }
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
        System.out.printf("%-8s round %d: %,8.0f puts/s; µs CPU per put: node %.2f%s, client %.2f, broker %.2f%n",
                what, round, t.perSecond(), t.nodeCpu(), replicationShare(t), t.clientCpu(), t.brokerCpu());
        return t;
    }

    private static void summarize(String what, Turn t, Turn base) {
        String cost = base == null ? "" : String.format(" (alone %.2f: replication costs %.1f%% of throughput)",
                base.nodeCpu(), 100 * (1 - base.nodeCpu() / t.nodeCpu()));
        System.out.printf("%-8s median: %,8.0f puts/s; µs CPU per put: node %.2f%s%s, client %.2f, broker %.2f%n",
                what, t.perSecond(), t.nodeCpu(), replicationShare(t), cost, t.clientCpu(), t.brokerCpu());
    }

    private static String replicationShare(Turn t) {
        return t.replicationCpu() == 0 ? "" : String.format(" (replication threads %.2f, %.1f%%)", t.replicationCpu(),
                100 * t.replicationCpu() / t.nodeCpu());
    }

    /** Field by field, the median of {@code turns}. */
    private static Turn median(List<Turn> turns) {
        return new Turn(median(turns, Turn::perSecond), median(turns, Turn::nodeCpu), median(turns, Turn::replicationCpu),
                median(turns, Turn::clientCpu), median(turns, Turn::brokerCpu));
    }

    private static double median(List<Turn> turns, ToDoubleFunction<Turn> field) {
        double[] v = turns.stream().mapToDouble(field).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
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
