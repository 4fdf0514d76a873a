package io.vkv.bench;

import io.vkv.node.config.ReplicationConfig;
import io.vkv.node.metrics.ReplicationStats;
import io.vkv.node.replication.Replication;
import io.vkv.node.storage.StorageOptions;
import io.vkv.node.testing.ClusterNode;
import io.vkv.node.testing.CoordinatedStore;
import io.vkv.node.testing.MoquetteBroker;
import io.vkv.node.testing.MosquittoBroker;
import io.vkv.node.testing.TestBroker;
import io.vkv.node.version.VersionVector;
import io.vkv.proto.internal.MemberRecord;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Replication throughput and lag with in-process nodes (durable stores, fsync always) replicating
 * through a broker (Mosquitto by default). Phases, all by default ({@code --phases} picks some):
 * <ul>
 *   <li>{@code base}: puts/s of one store alone, {@code inflight} puts outstanding;</li>
 *   <li>{@code ship}: the same on one node that ships every write to the broker with no peer
 *       applying them: the coordinator's own cost;</li>
 *   <li>{@code repl}: the same on node 1 of a three-node cluster: puts/s accepted there, and
 *       puts/s applied on both others (until the last one landed);</li>
 *   <li>{@code lag}: puts paced at each rate; time from issuing a put on node 1 to the change being
 *       durable on node 2 and on node 3, p50 / p99 / max.</li>
 * </ul>
 * All nodes share this machine's cores with each other and with the broker, so throughput is
 * also reported as CPU time per put, thread by thread ({@link ThreadCpu}): node 1's CPU per
 * accepted put against a lone store's at the same rate is the cost of replication to the
 * coordinator, what a node on its own machine would lose in throughput when CPU-bound.
 * Usage: {@code ReplicationBench [--seconds 5] [--inflight 256] [--rates 1000,10000]
 * [--broker mosquitto|moquette] [--phases base,ship,repl,lag] [--batch-window MS]
 * [--per-thread true]}.
 */
public final class ReplicationBench {

    private static final long SETTLE_MILLIS = 3000;
    private static final byte[] SECRET = "replication-bench-secret-0123456789".getBytes(StandardCharsets.UTF_8);

    private int seconds = 5;
    private int inflight = 256;
    private List<Integer> rates = List.of(1000, 10000);
    private boolean mosquitto = true;
    private Set<String> phases = Set.of("base", "ship", "repl", "lag");
    private Path work;
    private double baseline;
    private double baseCpu; // µs of CPU per put of the lone store, all out; 0 when the base phase did not run
    private TestBroker broker;
    private Duration batchWindow; // null: the default
    private boolean perThread;

    public static void main(String[] args) throws Exception {
        ReplicationBench b = new ReplicationBench();
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--seconds" -> b.seconds = Integer.parseInt(args[i + 1]);
                case "--inflight" -> b.inflight = Integer.parseInt(args[i + 1]);
                case "--rates" -> b.rates = List.of(args[i + 1].split(",")).stream().map(Integer::parseInt).toList();
                case "--broker" -> b.mosquitto = !args[i + 1].equals("moquette");
                case "--phases" -> b.phases = Set.of(args[i + 1].split(","));
                case "--batch-window" -> b.batchWindow = Duration.ofMillis(Long.parseLong(args[i + 1]));
                case "--per-thread" -> b.perThread = Boolean.parseBoolean(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        b.work = Files.createTempDirectory("vkv-replication-bench");
        b.run();
        System.exit(0); // Paho and gRPC leave non-daemon threads behind
    }

    private void run() throws Exception {
        System.out.printf("vkv replication bench: %d s per phase, %d puts in flight, broker %s, fsync always, %d cores%n",
                seconds, inflight, mosquitto ? "Mosquitto" : "Moquette (embedded)", Runtime.getRuntime().availableProcessors());
        if (phases.contains("base")) {
            try (CoordinatedStore alone = CoordinatedStore.open(StorageOptions.defaults(work.resolve("alone"), "alone"))) {
                throughput(alone, "warm-up"); // a cold JIT would inflate the baseline and flatter replication
                ThreadCpu cpu = ThreadCpu.start();
                Result r = throughput(alone, "base");
                baseline = r.perSecond;
                baseCpu = cpuPerPut(cpu, "alone", r.puts);
                if (perThread) {
                    cpu.print(ThreadCpu.ofNode("alone").or("main"::equals), r.puts);
                }
                System.out.printf("single node:       %,10.0f puts/s, %.2f µs CPU per put%n", baseline, baseCpu);
            }
        }
        try (TestBroker b = mosquitto ? MosquittoBroker.start(work.resolve("broker")) : MoquetteBroker.start(work.resolve("broker"))) {
            broker = b;
            if (phases.contains("ship")) {
                shippingAlone();
            }
            if (phases.contains("repl") || phases.contains("lag")) {
                cluster();
            }
        }
    }

    private ReplicationConfig config(String cluster) {
        ReplicationConfig c = ReplicationConfig.defaults(cluster, SECRET, broker.url());
        return batchWindow == null ? c : c.withBatchWindow(batchWindow);
    }

    /** µs of CPU per put of node {@code nodeId}'s threads and of the main thread, which issues the puts. */
    private static double cpuPerPut(ThreadCpu cpu, String nodeId, long puts) {
        return cpu.nanos(ThreadCpu.ofNode(nodeId).or("main"::equals)) / 1000.0 / Math.max(1, puts);
    }

    /**
     * One line of CPU per put over an interval: node 1 (issuing the puts), against the lone store
     * when {@code allOut} (at a paced rate, each put's own fsync dominates and nothing compares),
     * then an applier and the broker. The JVM's own threads (GC, JIT) are not visible per thread
     * and are left out.
     */
    private void reportCpu(String what, ThreadCpu cpu, long brokerCpuBefore, long puts, boolean allOut) {
        double n1 = cpuPerPut(cpu, "n1", puts);
        double n2 = cpu.nanos(ThreadCpu.ofNode("n2")) / 1000.0 / puts;
        double brokerCpu = (broker.cpuNanos() - brokerCpuBefore) / 1000.0 / puts;
        System.out.printf("%s µs CPU per put: n1 %.2f%s; n2 applying %.2f; broker %.2f%n", what, n1, allOut ? againstBase(n1) : "",
                n2, brokerCpu);
    }

    /** " (lone store X µs: replication costs Y% of throughput)" for a CPU per put measured all out, or "" without a base. */
    private String againstBase(double cpuPerPut) {
        return baseCpu == 0 ? "" : String.format(" (lone store %.2f µs: replication costs %.1f%% of throughput)", baseCpu,
                100 * (1 - baseCpu / cpuPerPut));
    }

    /** The coordinator's own cost: one node shipping every write, no peer applying them. */
    private void shippingAlone() throws InterruptedException {
        try (ClusterNode solo = ClusterNode.start("solo", work.resolve("solo"), config("bench-solo"))) {
            awaitSteady(List.of(solo.replication()));
            ThreadCpu cpu = ThreadCpu.start();
            long brokerBefore = broker.cpuNanos();
            Result r = throughput(solo.store(), "solo");
            ReplicationStats stats = solo.replication().stats();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (stats.publishedKeys() + stats.overflows() < r.puts && System.nanoTime() < deadline) {
                LockSupport.parkNanos(1_000_000);
            }
            double shipped = (System.nanoTime() - r.startedNanos) / 1e9;
            System.out.printf("shipping, no peer: %,10.0f puts/s%s; %,.0f changes/s published, %,d of %,d left to anti-entropy%n",
                    r.perSecond, percentOfBaseline(r.perSecond), stats.publishedKeys() / shipped, stats.overflows(), r.puts);
            double soloCpu = cpuPerPut(cpu, "solo", r.puts);
            System.out.printf("shipping, no peer: µs CPU per put: solo %.2f%s; broker %.2f%n", soloCpu, againstBase(soloCpu),
                    (broker.cpuNanos() - brokerBefore) / 1000.0 / r.puts);
            if (perThread) {
                cpu.print(ThreadCpu.ofNode("solo").or("main"::equals), r.puts);
            }
        }
    }

    private void cluster() throws InterruptedException {
        List<ClusterNode> nodes = new ArrayList<>();
        try {
            for (int i = 1; i <= 3; i++) {
                nodes.add(ClusterNode.start("n" + i, work.resolve("n" + i), config("bench")));
            }
            awaitSteady(nodes.stream().map(ClusterNode::replication).toList());
            Map<String, Long> issued = new ConcurrentHashMap<>();
            ConcurrentHistogram lag = new ConcurrentHistogram(3);
            AtomicLong applied = new AtomicLong();
            for (ClusterNode n : nodes.subList(1, 3)) {
                n.store().addListener((key, partition, delta, state, local) -> {
                    if (!local) {
                        applied.incrementAndGet();
                        Long t = issued.get(key.toString());
                        if (t != null) {
                            lag.recordValue(Math.max(0, (System.nanoTime() - t) / 1000));
                        }
                    }
                });
            }
            CoordinatedStore writer = nodes.get(0).store();
            if (phases.contains("repl")) {
                ThreadCpu cpu = ThreadCpu.start();
                long brokerBefore = broker.cpuNanos();
                Result r = throughput(writer, "repl");
                long target = 2 * r.puts;
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (applied.get() < target && System.nanoTime() < deadline) {
                    LockSupport.parkNanos(1_000_000);
                }
                double appliedSeconds = (System.nanoTime() - r.startedNanos) / 1e9;
                System.out.printf("replicated:        %,10.0f puts/s accepted on n1%s, %,.0f puts/s applied on n2 and n3%s%n",
                        r.perSecond, percentOfBaseline(r.perSecond), r.puts / appliedSeconds,
                        applied.get() < target ? " (INCOMPLETE: " + applied.get() / 2 + " of " + r.puts + ")" : "");
                reportCpu("replicated, all out:", cpu, brokerBefore, r.puts, true);
                if (perThread) {
                    cpu.print(ThreadCpu.ofNode("n1").or(ThreadCpu.ofNode("n2")).or("main"::equals), r.puts);
                }
            }
            if (phases.contains("lag")) {
                for (int rate : rates) {
                    lag.reset();
                    ThreadCpu cpu = ThreadCpu.start();
                    long brokerBefore = broker.cpuNanos();
                    paced(writer, rate, issued, "lag" + rate);
                    long expected = 2L * rate * seconds;
                    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                    while (lag.getTotalCount() < expected && System.nanoTime() < end) {
                        LockSupport.parkNanos(1_000_000);
                    }
                    Histogram h = lag.copy();
                    System.out.printf("lag at %,6d/s:    p50 %6.2f ms   p99 %7.2f ms   max %7.2f ms   (%,d of %,d applies)%n", rate,
                            h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(99) / 1000.0, h.getMaxValue() / 1000.0,
                            h.getTotalCount(), expected);
                    reportCpu(String.format("at %,6d/s:", rate), cpu, brokerBefore, (long) rate * seconds, false);
                }
            }
            System.out.println("n1 " + nodes.get(0).replication().stats());
            System.out.println("n2 " + nodes.get(1).replication().stats());
        } finally {
            for (ClusterNode n : nodes) {
                n.close();
            }
        }
    }

    private String percentOfBaseline(double perSecond) {
        return baseline > 0 ? String.format(" (%.1f%% of single node)", 100 * perSecond / baseline) : "";
    }

    private record Result(long puts, double perSecond, long startedNanos) {
    }

    /** Puts as fast as the store acknowledges them, {@code inflight} at a time, for the configured time. */
    private Result throughput(CoordinatedStore store, String prefix) throws InterruptedException {
        Semaphore window = new Semaphore(inflight);
        byte[] value = new byte[100];
        long started = System.nanoTime();
        long end = started + TimeUnit.SECONDS.toNanos(seconds);
        long n = 0;
        while (System.nanoTime() < end) {
            window.acquire();
            store.put((prefix + "-" + n++).getBytes(StandardCharsets.UTF_8), value, VersionVector.EMPTY)
                    .whenComplete((w, e) -> window.release());
        }
        window.acquire(inflight);
        double elapsed = (System.nanoTime() - started) / 1e9;
        return new Result(n, n / elapsed, started);
    }

    /** Puts at {@code rate} per second for the configured time, noting when each was issued. */
    private void paced(CoordinatedStore store, int rate, Map<String, Long> issued, String prefix) {
        byte[] value = new byte[100];
        long interval = 1_000_000_000L / rate;
        long start = System.nanoTime();
        long total = (long) rate * seconds;
        for (long i = 0; i < total; i++) {
            long wait = start + i * interval - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            String key = prefix + "-" + i;
            issued.put(key, System.nanoTime());
            store.put(key.getBytes(StandardCharsets.UTF_8), value, VersionVector.EMPTY);
        }
    }

    /**
     * Waits until every node sees the others up and members of the ring (none still joining, so the joiners' pulls are
     * done), then a few seconds for the start-up exchanges with peers seen up: measure steady state.
     */
    static void awaitSteady(List<Replication> nodes) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        for (Replication n : nodes) {
            while (n.clusterView().members().stream()
                    .filter(m -> m.status().equals("up") && m.token() != null && m.role() == MemberRecord.Role.MEMBER).count() < nodes.size()
                    || !n.brokerConnected()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the nodes did not settle within 30 s");
                }
                Thread.sleep(20);
            }
        }
        Thread.sleep(SETTLE_MILLIS);
    }
}
