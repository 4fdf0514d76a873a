package io.vkv.bench;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.vkv.proto.v1.InfoRequest;
import io.vkv.proto.v1.InfoResponse;
import io.vkv.proto.v1.NodeInfoGrpc;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A lone node and a launcher cluster of 3 nodes, fresh, under the same {@code vkv bench} in one invocation and
 * one JVM configuration, side by side: put rate, p50/p99, CPU µs per put summed over every server process
 * (nodes and broker; the bench client is left out), and broker messages per put; then, with {@code --etcd true}
 * (the default where Debian's etcd-server is installed), a fresh 3-member etcd cluster under the same load. With
 * {@code --redis true} (the default where redis-server is installed) the lone node, warm, is also compared with Redis
 * making every write durable ({@code appendfsync always}): vkv bench and redis-benchmark, 50 in flight, 100-byte values.
 * <pre>
 *   java -cp bench/target/vkv-bench.jar io.vkv.bench.ClusterBench [--jar cli/target/vkv.jar] [--seconds 20]
 *        [--warmup 30] [--in-flight 64] [--broker embedded|mosquitto] [--java-opts "-XX:+UseSerialGC ..."] [--etcd true|false] [--redis true|false]
 *        [--ring true|false]
 * </pre>
 * With {@code --ring true} (the default) a 5-node ring at N = 3 is benched the same way through n1, which forwards the
 * keys it does not replicate, then again with {@code vkv bench --route} (each key straight to a replica, as the Java
 * client sends it) after a second warm-up; then the share of the data each node holds, and one put at a time to n1,
 * split by whether n1 replicates the key or forwards it.
 * Each setup is loaded unmeasured for {@code --warmup} seconds first (the JIT of fresh JVMs on two cores
 * takes most of a minute), then measured for {@code --seconds} by a bench client that first warms its own JVM.
 */
public final class ClusterBench {

    private static final Pattern FIELD = Pattern.compile("\"(\\w+)\":([-0-9.]+)");
    private static final int CLIENT_WARMUP_SECONDS = 10;
    private static final long JVM_START_MILLIS = 700; // until the client starts its warm-up: CPU sampling starts after it

    private Path jar = Path.of("cli/target/vkv.jar");
    private int seconds = 20;
    private int warmup = 30;
    private int inFlight = 64;
    private String broker = "embedded";
    private String javaOpts = "-XX:+UseSerialGC -Xms256m -Xmx512m";
    private boolean etcd = Files.isExecutable(Path.of("/usr/bin/etcd"));
    private boolean redis = RedisBench.installed();
    private boolean ring = true;
    private final List<String> redisComparison = new ArrayList<>();
    private final List<String> ringFigures = new ArrayList<>();

    private record Sample(double cpuSeconds, long published, long received) {
    }

    private record Result(String setup, Map<String, Double> bench, double cpuUsPerPut, double messagesPerPut, double deliveriesPerPut) {
    }

    public static void main(String[] args) throws Exception {
        ClusterBench b = new ClusterBench();
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--jar" -> b.jar = Path.of(args[i + 1]);
                case "--seconds" -> b.seconds = Integer.parseInt(args[i + 1]);
                case "--warmup" -> b.warmup = Integer.parseInt(args[i + 1]);
                case "--in-flight" -> b.inFlight = Integer.parseInt(args[i + 1]);
                case "--broker" -> b.broker = args[i + 1];
                case "--java-opts" -> b.javaOpts = args[i + 1];
                case "--etcd" -> b.etcd = Boolean.parseBoolean(args[i + 1]);
                case "--redis" -> b.redis = Boolean.parseBoolean(args[i + 1]);
                case "--ring" -> b.ring = Boolean.parseBoolean(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (args.length % 2 != 0) {
            throw new IllegalArgumentException("options come in pairs: --name value");
        }
        List<Result> results = new ArrayList<>();
        results.add(b.lone());
        results.add(b.cluster(3));
        if (b.ring) {
            results.addAll(b.ring(5, 3));
        }
        if (b.etcd) {
            Map<String, Double> e = EtcdBench.run(b.warmup, b.seconds, b.inFlight, 100, 10_000);
            results.add(new Result("3-member etcd cluster", e, e.get("cpu_us_per_put"), 0, 0));
        }
        b.print(results);
    }

    private Result lone() throws Exception {
        Path dir = Files.createTempDirectory("vkv-cluster-bench-lone");
        List<String> cmd = new ArrayList<>(List.of("java"));
        cmd.addAll(List.of(javaOpts.split("\\s+")));
        cmd.addAll(List.of("-jar", jar.toString(), "node", "--id", "solo", "--port", "7451", "--data", dir.resolve("data").toString()));
        Process node = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("node.log").toFile()).start();
        try {
            awaitServing("127.0.0.1:7451");
            Result r = measure("lone node", "127.0.0.1:7451", List.of("127.0.0.1:7451"), List.of(node.toHandle()), warmup, false);
            if (redis) {
                compareWithRedis("127.0.0.1:7451");
            }
            return r;
        } finally {
            node.destroy();
            node.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** The warm lone node's put and get against Redis's SET and GET, each under its own bench, 50 in flight, 100-byte values. */
    private void compareWithRedis(String target) throws Exception {
        Map<String, Double> put = bench(target, "put", 50, seconds, true);
        Map<String, Double> get = bench(target, "get", 50, seconds, true);
        Map<String, Map<String, Double>> r = RedisBench.run(seconds);
        redisComparison.add(String.format("vkv lone node put %.0f/s (p99 %.2f ms, client CPU %.1f us/op), get %.0f/s (p99 %.2f ms, client CPU %.1f us/op)",
                put.get("ops_per_sec"), put.get("p99_ms"), put.get("client_cpu_us_per_op"),
                get.get("ops_per_sec"), get.get("p99_ms"), get.get("client_cpu_us_per_op")));
        redisComparison.add(String.format("Redis appendfsync always SET %.0f/s (p99 %.2f ms), GET %.0f/s (p99 %.2f ms)",
                r.get("SET").get("ops_per_sec"), r.get("SET").get("p99_ms"), r.get("GET").get("ops_per_sec"), r.get("GET").get("p99_ms")));
        redisComparison.add(String.format("vkv / Redis: put/SET %.2f, get/GET %.2f", put.get("ops_per_sec") / r.get("SET").get("ops_per_sec"),
                get.get("ops_per_sec") / r.get("GET").get("ops_per_sec")));
    }

    private Result cluster(int nodes) throws Exception {
        return cluster(nodes, 3, nodes + "-node cluster (" + broker + ")", (addresses, servers) -> List.of()).get(0);
    }

    /**
     * A ring of {@code nodes} at N = {@code replicas}, benched through n1 (which forwards the keys it does not replicate);
     * afterwards the share of the keys each node holds, and the latency of one put at a time sent to a replica and forwarded.
     */
    private List<Result> ring(int nodes, int replicas) throws Exception {
        String setup = nodes + "-node ring, N=" + replicas;
        return cluster(nodes, replicas, setup + " via n1", (addresses, servers) -> {
            // Five fresh JVMs on two cores are still compiling after one warm-up: the routed run gets a second one.
            Result routed = measure(setup + ", routed", addresses.get(0), addresses, servers, 2 * warmup, true);
            long total = 0;
            List<Long> held = new ArrayList<>();
            for (String a : addresses) {
                held.add(info(a).getKeyCount());
                total += held.get(held.size() - 1);
            }
            StringBuilder shares = new StringBuilder();
            for (int i = 0; i < held.size(); i++) {
                shares.append(String.format("%sn%d %.2f", i == 0 ? "" : ", ", i + 1, (double) held.get(i) * replicas / total));
            }
            ringFigures.add("keys held per node, as a share of the data (N/M = " + String.format("%.2f", (double) replicas / nodes) + "): " + shares);
            ringFigures.add(ForwardingLatency.measure(addresses.get(0), "n1", 4000));
            return List.of(routed);
        });
    }

    /** What runs against a cluster after its bench, with the nodes' addresses and the server processes; the setups it measured. */
    private interface AfterBench {
        List<Result> run(List<String> addresses, List<ProcessHandle> servers) throws Exception;
    }

    /** The cluster's bench result, then those of {@code after}. */
    private List<Result> cluster(int nodes, int replicas, String setup, AfterBench after) throws Exception {
        Path dir = Files.createTempDirectory("vkv-cluster-bench-" + nodes);
        run(List.of("cluster", "up", "--nodes", String.valueOf(nodes), "--replicas", String.valueOf(replicas), "--base-port", "7461",
                "--broker", broker, "--dir", dir.toString()));
        try {
            List<String> addresses = new ArrayList<>();
            for (int i = 0; i < nodes; i++) {
                addresses.add("127.0.0.1:" + (7461 + i));
            }
            // Every server process the cluster directory names: its nodes and its broker.
            List<ProcessHandle> servers = ProcessHandle.allProcesses()
                    .filter(p -> p.info().commandLine().map(c -> c.contains(dir.toString())).orElse(false)).toList();
            List<Result> results = new ArrayList<>(List.of(measure(setup, addresses.get(0), addresses, servers, warmup, false)));
            results.addAll(after.run(addresses, servers));
            return results;
        } finally {
            run(List.of("cluster", "down", "--dir", dir.toString(), "--purge"));
        }
    }

    /**
     * Loads {@code target} unmeasured for the warm-up, then measures a bench run whose client JVM first warms
     * itself for {@value #CLIENT_WARMUP_SECONDS} s, unmeasured; the servers' CPU is sampled from then on.
     */
    private Result measure(String setup, String target, List<String> nodes, List<ProcessHandle> servers, int warmupSeconds, boolean route)
            throws Exception {
        run(benchArgs(target, "put", inFlight, warmupSeconds, 0, false, route));
        Running client = start(benchArgs(target, "put", inFlight, seconds, CLIENT_WARMUP_SECONDS, true, route));
        Thread.sleep(TimeUnit.SECONDS.toMillis(CLIENT_WARMUP_SECONDS) + JVM_START_MILLIS);
        Sample before = sample(nodes, servers);
        Map<String, Double> bench = figures(finish(client), true);
        Sample after = sample(nodes, servers);
        double ops = bench.get("ops");
        return new Result(setup, bench, (after.cpuSeconds - before.cpuSeconds) * 1e6 / ops,
                (after.published - before.published) / ops, (after.received - before.received) / ops);
    }

    private Sample sample(List<String> nodes, List<ProcessHandle> servers) {
        double cpu = 0;
        for (ProcessHandle p : servers) {
            cpu += p.info().totalCpuDuration().orElse(Duration.ZERO).toNanos() / 1e9;
        }
        long published = 0;
        long received = 0;
        for (String address : nodes) {
            InfoResponse info = info(address);
            published += info.getReplication().getPublished();
            received += info.getReplication().getReceived();
        }
        return new Sample(cpu, published, received);
    }

    private static InfoResponse info(String address) {
        ManagedChannel channel = NettyChannelBuilder.forTarget(address).usePlaintext().build();
        try {
            return NodeInfoGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS).info(InfoRequest.getDefaultInstance());
        } finally {
            channel.shutdownNow();
        }
    }

    private void awaitServing(String address) throws InterruptedException {
        for (int i = 0; i < 300; i++) {
            try {
                info(address);
                return;
            } catch (RuntimeException e) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("node at " + address + " did not start serving in 30 s");
    }

    /** Runs {@code vkv bench} against {@code target} in a client JVM that warms itself up first; its figures. */
    private Map<String, Double> bench(String target, String mode, int calls, int durationSeconds, boolean json) throws IOException, InterruptedException {
        return figures(finish(start(benchArgs(target, mode, calls, durationSeconds, json ? CLIENT_WARMUP_SECONDS : 0, json, false))), json);
    }

    private static List<String> benchArgs(String target, String mode, int calls, int durationSeconds, int warmupSeconds, boolean json,
                                          boolean route) {
        List<String> args = new ArrayList<>(List.of("bench", "--node", target, "--mode", mode, "--in-flight", String.valueOf(calls),
                "--duration", durationSeconds + "s", "--warmup", warmupSeconds + "s"));
        if (route) {
            args.add("--route");
        }
        if (json) {
            args.add("--json");
        }
        return args;
    }

    private static Map<String, Double> figures(String out, boolean json) {
        Map<String, Double> fields = new LinkedHashMap<>();
        Matcher m = FIELD.matcher(out);
        while (m.find()) {
            fields.put(m.group(1), Double.parseDouble(m.group(2)));
        }
        if (json && !fields.containsKey("ops")) {
            throw new IllegalStateException("vkv bench printed no figures: " + out);
        }
        return fields;
    }

    /** Runs {@code vkv ARGS} (the bench client gets the default JVM options) and returns what it printed. */
    private String run(List<String> args) throws IOException, InterruptedException {
        return finish(start(args));
    }

    /** A {@code vkv} process and the file its output goes to. */
    private record Running(List<String> args, Process process, Path output) {
    }

    private Running start(List<String> args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("java", "-jar", jar.toString()));
        cmd.addAll(args);
        Path output = Files.createTempFile("vkv-cluster-bench", ".out");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(output.toFile());
        pb.environment().put("VKV_CLUSTER_JAVA_OPTS", javaOpts);
        return new Running(args, pb.start(), output);
    }

    private static String finish(Running r) throws IOException, InterruptedException {
        int exit = r.process().waitFor();
        String out = Files.readString(r.output());
        Files.deleteIfExists(r.output());
        if (exit != 0) {
            throw new IllegalStateException("vkv " + String.join(" ", r.args()) + " failed: " + out);
        }
        return out;
    }

    private void print(List<Result> results) {
        System.out.printf("JVM options of every server process: %s; warm-up %d s, measured %d s, %d puts in flight%n",
                javaOpts, warmup, seconds, inFlight);
        System.out.printf("%-32s %10s %9s %9s %12s %14s %16s%n", "setup", "puts/s", "p50 ms", "p99 ms", "CPU us/put",
                "messages/put", "deliveries/put");
        for (Result r : results) {
            System.out.printf("%-32s %10.0f %9.2f %9.2f %12.1f %14.4f %16.4f%n", r.setup(), r.bench().get("ops_per_sec"),
                    r.bench().get("p50_ms"), r.bench().get("p99_ms"), r.cpuUsPerPut(), r.messagesPerPut(), r.deliveriesPerPut());
        }
        Result lone = results.get(0);
        Result cluster = results.get(1);
        for (Result r : results.subList(1, ring ? 4 : 2)) {
            System.out.printf("%s / lone node: rate %.2f, p99 %.2f, CPU per put %.2f%n", r.setup(),
                    r.bench().get("ops_per_sec") / lone.bench().get("ops_per_sec"),
                    r.bench().get("p99_ms") / lone.bench().get("p99_ms"), r.cpuUsPerPut() / lone.cpuUsPerPut());
        }
        ringFigures.forEach(System.out::println);
        for (Result peer : results.subList(ring ? 4 : 2, results.size())) {
            System.out.printf("%s / %s: rate %.2f%n", cluster.setup(), peer.setup(),
                    cluster.bench().get("ops_per_sec") / peer.bench().get("ops_per_sec"));
        }
        redisComparison.forEach(System.out::println);
    }
}
