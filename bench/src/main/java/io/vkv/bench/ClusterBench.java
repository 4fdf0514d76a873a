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
 * (nodes and broker; the bench client is left out), and broker messages per put.
 * <pre>
 *   java -cp bench/target/vkv-bench.jar io.vkv.bench.ClusterBench [--jar cli/target/vkv.jar] [--seconds 20]
 *        [--warmup 30] [--in-flight 64] [--broker embedded|mosquitto] [--java-opts "-XX:+UseSerialGC ..."]
 * </pre>
 * Each setup is loaded unmeasured for {@code --warmup} seconds first (the JIT of fresh JVMs on two cores
 * takes most of a minute), then measured for {@code --seconds}.
 */
public final class ClusterBench {

    private static final Pattern FIELD = Pattern.compile("\"(\\w+)\":([-0-9.]+)");

    private Path jar = Path.of("cli/target/vkv.jar");
    private int seconds = 20;
    private int warmup = 30;
    private int inFlight = 64;
    private String broker = "embedded";
    private String javaOpts = "-XX:+UseSerialGC -Xms32m -Xmx512m";

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
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (args.length % 2 != 0) {
            throw new IllegalArgumentException("options come in pairs: --name value");
        }
        List<Result> results = new ArrayList<>();
        results.add(b.lone());
        results.add(b.cluster(3));
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
            return measure("lone node", "127.0.0.1:7451", List.of("127.0.0.1:7451"), List.of(node.toHandle()));
        } finally {
            node.destroy();
            node.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private Result cluster(int nodes) throws Exception {
        Path dir = Files.createTempDirectory("vkv-cluster-bench-" + nodes);
        run(List.of("cluster", "up", "--nodes", String.valueOf(nodes), "--base-port", "7461", "--broker", broker, "--dir", dir.toString()));
        try {
            List<String> addresses = new ArrayList<>();
            for (int i = 0; i < nodes; i++) {
                addresses.add("127.0.0.1:" + (7461 + i));
            }
            // Every server process the cluster directory names: its nodes and its broker.
            List<ProcessHandle> servers = ProcessHandle.allProcesses()
                    .filter(p -> p.info().commandLine().map(c -> c.contains(dir.toString())).orElse(false)).toList();
            return measure(nodes + "-node cluster (" + broker + ")", addresses.get(0), addresses, servers);
        } finally {
            run(List.of("cluster", "down", "--dir", dir.toString(), "--purge"));
        }
    }

    private Result measure(String setup, String target, List<String> nodes, List<ProcessHandle> servers) throws Exception {
        bench(target, warmup, false);
        Sample before = sample(nodes, servers);
        Map<String, Double> bench = bench(target, seconds, true);
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

    private Map<String, Double> bench(String target, int durationSeconds, boolean json) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("bench", "--node", target, "--mode", "put", "--in-flight", String.valueOf(inFlight),
                "--duration", durationSeconds + "s", "--warmup", "0s"));
        if (json) {
            args.add("--json");
        }
        String out = run(args);
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
        List<String> cmd = new ArrayList<>(List.of("java", "-jar", jar.toString()));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("VKV_CLUSTER_JAVA_OPTS", javaOpts);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException("vkv " + String.join(" ", args) + " failed: " + out);
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
        for (Result r : results.subList(1, results.size())) {
            System.out.printf("%s / lone node: rate %.2f, p99 %.2f, CPU per put %.2f%n", r.setup(),
                    r.bench().get("ops_per_sec") / lone.bench().get("ops_per_sec"), r.bench().get("p99_ms") / lone.bench().get("p99_ms"),
                    r.cpuUsPerPut() / lone.cpuUsPerPut());
        }
    }
}
